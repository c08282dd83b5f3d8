// The root task's schedule (Snowflake: SCHEDULE = 'USING CRON 0 0 * * * America/Los_Angeles'),
// evaluated by croner in the schedule's own time zone, so "midnight in Los Angeles" stays
// midnight there across daylight-saving changes. The clock is a parameter so tests can run
// weeks of schedule in milliseconds.
import { Cron } from 'croner';
import { sleep } from './sleep';

export interface CronSchedule {
  readonly cron: string;
  readonly timezone: string;
}

/** Parses Snowflake's `USING CRON <5 fields> <time zone>` (the form the manifest keeps). */
export function parseSnowflakeSchedule(schedule: string): CronSchedule {
  const m = /^\s*USING\s+CRON\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)\s*$/i.exec(schedule);
  if (!m) throw new Error(`Schedule ${JSON.stringify(schedule)} is not of the form 'USING CRON <minute> <hour> <day> <month> <weekday> <time zone>'`);
  const s = { cron: m[1], timezone: m[2] };
  cronFor(s); // validates the fields and the time zone now rather than at the first tick
  return s;
}

function cronFor(s: CronSchedule): Cron {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s.timezone }); // croner accepts unknown zones silently
    return new Cron(s.cron, { timezone: s.timezone, paused: true });
  } catch (e) {
    throw new Error(`Schedule '${s.cron}' in ${s.timezone} is not valid: ${(e as Error).message}`);
  }
}

/** The next n run times strictly after `from`. */
export function nextRunTimes(s: CronSchedule, from: Date, n = 1): Date[] {
  return cronFor(s).nextRuns(n, from);
}

/** Formats an instant in the schedule's time zone, e.g. "2026-03-09 00:00:00 PDT". */
export function formatInZone(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`;
}

export interface Clock {
  now(): Date;
  /** Waits ms (or until the signal aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date(), sleep };

/** Sleep in slices so a suspended laptop or a clock change is noticed within this bound. */
const MAX_SLEEP_MS = 60_000;

export interface ScheduleLoopOptions {
  readonly schedule: CronSchedule;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** Runs one graph; the loop waits for it (Snowflake does not overlap runs of a graph). */
  readonly runGraph: (scheduledTime: Date) => Promise<unknown>;
  /** Told the next run time before every wait. */
  readonly onNext?: (next: Date) => void;
  /** Told about occurrences that passed while a run was still going. */
  readonly onSkipped?: (missed: Date) => void;
}

/** Runs graphs on schedule until the signal aborts. */
export async function runOnSchedule(o: ScheduleLoopOptions): Promise<void> {
  const clock = o.clock ?? systemClock;
  let next = nextRunTimes(o.schedule, clock.now())[0];
  while (!o.signal?.aborted && next) {
    o.onNext?.(next);
    for (let left = next.getTime() - clock.now().getTime(); left > 0 && !o.signal?.aborted; left = next.getTime() - clock.now().getTime()) {
      await clock.sleep(Math.min(left, MAX_SLEEP_MS), o.signal);
    }
    if (o.signal?.aborted) return;
    await o.runGraph(next);
    // Occurrences that fell inside a long run are skipped, not run back to back.
    const after = nextRunTimes(o.schedule, clock.now())[0];
    for (let m = nextRunTimes(o.schedule, next)[0]; m && after && m < after; m = nextRunTimes(o.schedule, m)[0]) o.onSkipped?.(m);
    next = after;
  }
}
