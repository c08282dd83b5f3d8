// The root task's cron (0 0 * * * America/Los_Angeles) fires at local midnight in Los Angeles on
// both sides of a daylight-saving change, driven through the real schedule loop by a fake clock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT_SCHEDULE } from '../src/core/manifest';
import { formatInZone, nextRunTimes, parseSnowflakeSchedule, runOnSchedule, type Clock } from '../src/core/runner/schedule';
import { BIN, cli, REPO } from './helpers/cli';

const LA = 'America/Los_Angeles';
const hourInLA = (d: Date) => Number(new Intl.DateTimeFormat('en-US', { timeZone: LA, hour: 'numeric', hourCycle: 'h23' }).format(d));

/** Virtual time: sleep() moves the clock forward instead of waiting. */
class FakeClock implements Clock {
  sleeps: number[] = [];
  constructor(private t: number) {}
  now() { return new Date(this.t); }
  advance(ms: number) { this.t += ms; }
  async sleep(ms: number, signal?: AbortSignal) {
    if (signal?.aborted) return;
    this.sleeps.push(ms);
    this.t += ms;
    await Promise.resolve();
  }
}

test('the manifest schedule parses as cron 0 0 * * * in America/Los_Angeles; bad schedules are refused', () => {
  assert.deepEqual(parseSnowflakeSchedule(ROOT_SCHEDULE), { cron: '0 0 * * *', timezone: LA });
  assert.throws(() => parseSnowflakeSchedule('USING CRON 0 0 * * *'), /not of the form/);
  assert.throws(() => parseSnowflakeSchedule('USING CRON 0 25 * * * UTC'), /not valid/);
  assert.throws(() => parseSnowflakeSchedule('USING CRON 0 0 * * * Mars/Olympus_Mons'), /not valid/);
});

test('next runs across the spring-forward change: 08:00Z before, 07:00Z after, always 00:00 in LA', () => {
  const s = parseSnowflakeSchedule(ROOT_SCHEDULE);
  // DST starts in the US on Sunday 2026-03-08 at 02:00 local.
  const runs = nextRunTimes(s, new Date('2026-03-06T12:00:00Z'), 4).map((d) => d.toISOString());
  assert.deepEqual(runs, ['2026-03-07T08:00:00.000Z', '2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z', '2026-03-10T07:00:00.000Z']);
  assert.equal(formatInZone(new Date(runs[2]), LA), '2026-03-09 00:00:00 PDT');
  assert.equal(formatInZone(new Date(runs[1]), LA), '2026-03-08 00:00:00 PST');
});

test('the schedule loop fires at local midnight across the fall-back change, on a fake clock', async () => {
  const s = parseSnowflakeSchedule(ROOT_SCHEDULE);
  // DST ends in the US on Sunday 2026-11-01 at 02:00 local (the hour 01:00-02:00 happens twice).
  const clock = new FakeClock(Date.parse('2026-10-30T15:30:00Z'));
  const ac = new AbortController();
  const fired: { scheduled: Date; at: Date }[] = [];
  const announced: Date[] = [];
  await runOnSchedule({
    schedule: s, clock, signal: ac.signal,
    onNext: (d) => announced.push(d),
    runGraph: async (scheduled) => {
      fired.push({ scheduled, at: clock.now() });
      clock.advance(5 * 60_000); // a run takes five minutes
      if (fired.length === 4) ac.abort();
    },
  });
  assert.deepEqual(fired.map((f) => f.scheduled.toISOString()), [
    '2026-10-31T07:00:00.000Z', // Sat 00:00 PDT (UTC-7)
    '2026-11-01T07:00:00.000Z', // Sun 00:00 PDT, two hours before the change
    '2026-11-02T08:00:00.000Z', // Mon 00:00 PST (UTC-8): 25 hours later
    '2026-11-03T08:00:00.000Z',
  ]);
  for (const f of fired) {
    assert.equal(f.at.getTime(), f.scheduled.getTime(), 'fired exactly on time, not early or late');
    assert.equal(hourInLA(f.at), 0);
  }
  assert.deepEqual(announced.map((d) => d.toISOString()), fired.map((f) => f.scheduled.toISOString()));
  assert.ok(Math.max(...clock.sleeps) <= 60_000, 'waits in slices so clock jumps are noticed');
});

test('occurrences missed while a run is still going are skipped, not run back to back', async () => {
  const s = parseSnowflakeSchedule(ROOT_SCHEDULE);
  const clock = new FakeClock(Date.parse('2026-03-06T12:00:00Z'));
  const ac = new AbortController();
  const fired: string[] = [];
  const skipped: string[] = [];
  await runOnSchedule({
    schedule: s, clock, signal: ac.signal,
    onSkipped: (d) => skipped.push(d.toISOString()),
    runGraph: async (scheduled) => {
      fired.push(scheduled.toISOString());
      if (fired.length === 1) clock.advance(50 * 3600_000); // one run takes 50 hours
      if (fired.length === 2) ac.abort();
    },
  });
  assert.deepEqual(fired, ['2026-03-07T08:00:00.000Z', '2026-03-10T07:00:00.000Z']);
  assert.deepEqual(skipped, ['2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z']);
});

test('`schedule` runs in the foreground, prints the next run at LA midnight, and stops cleanly on Ctrl-C', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-schedule-'));
  try {
    cpSync(join(REPO, 'sample_data'), join(ws, 'sample_data'), { recursive: true });
    const list = cli(['schedule', '--next', '3', '--workspace', ws]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\d 00:00:00 P[SD]T \(\d{4}-\d\d-\d\dT0[78]:00:00\.000Z\)$/);
    const child = spawn(process.execPath, [BIN, 'schedule', '--workspace', ws], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const t0 = Date.now();
    while (!out.includes('next run:') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    const expected = nextRunTimes(parseSnowflakeSchedule(ROOT_SCHEDULE), new Date(), 1)[0];
    assert.ok(out.includes(`next run: ${formatInZone(expected, LA)} (${expected.toISOString()})`), out);
    child.kill('SIGINT');
    assert.equal(await exit, 0);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
