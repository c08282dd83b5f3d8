// `retail-pipeline schedule`: the root task's cron in the foreground. Prints the next run time,
// runs the graph on time (SCHEDULED_FROM = 'SCHEDULE'), until Ctrl-C.
import { ROOT_SCHEDULE } from '../../core/manifest';
import { runPipeline } from '../../core/runner/pipeline-run';
import { formatInZone, nextRunTimes, parseSnowflakeSchedule, runOnSchedule } from '../../core/runner/schedule';
import { intOption, parse } from '../args';
import type { CommandContext } from '../main';
import { EXECUTION_OPTIONS, EXECUTION_USAGE, executionOptions, printResult, withCtrlC } from './run';

export const scheduleCommand = {
  name: 'schedule',
  summary: `schedule [--next N] ${EXECUTION_USAGE}  run the graph on the root task's schedule (${ROOT_SCHEDULE.replace('USING CRON ', '')}) in the foreground`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { ...EXECUTION_OPTIONS, next: { type: 'string' } });
    const schedule = parseSnowflakeSchedule(ROOT_SCHEDULE);
    const show = (d: Date) => `${formatInZone(d, schedule.timezone)} (${d.toISOString()})`;
    if (values.next !== undefined) {
      // Only list the coming run times.
      for (const d of nextRunTimes(schedule, new Date(), intOption(values, 'next', 5, 1))) ctx.out(`${show(d)}\n`);
      return 0;
    }
    const base = executionOptions(values, ctx);
    ctx.logger.log('INFO', `schedule ${schedule.cron} ${schedule.timezone}; Ctrl-C to stop`);
    await withCtrlC(ctx, (signal) => runOnSchedule({
      schedule, signal,
      onNext: (d) => ctx.out(`next run: ${show(d)}\n`),
      onSkipped: (d) => ctx.logger.log('WARN', `skipped the run due ${show(d)}: the previous run was still going`),
      runGraph: async (scheduledTime) => {
        try {
          // A manual run at midnight delays the scheduled one instead of failing it.
          const r = await runPipeline({ ...base, signal, scheduledFrom: 'SCHEDULE', scheduledTime, lock: { wait: true } });
          printResult(r, Boolean(values.json), ctx);
        } catch (e) {
          ctx.logger.log('ERROR', `scheduled run at ${show(scheduledTime)} did not start: ${(e as Error).message}`);
        }
      },
    }));
    return 0;
  },
};
