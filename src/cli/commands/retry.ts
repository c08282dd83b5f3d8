// `retail-pipeline retry [--run ID]`: Snowflake's EXECUTE TASK … RETRY LAST, on the target the
// options name: locally a new attempt of the graph run with its failed, skipped and cancelled
// tasks; on the account RETRY LAST itself (the last failed run, whichever --run names).
import { isNothingToRetry } from '../../core/targets/target';
import { parse } from '../args';
import { requireWarehouse } from '../existing-warehouse';
import type { CommandContext } from '../main';
import { FOLLOW_USAGE, TARGET_OPTIONS, TARGET_USAGE, withTarget } from '../target-factory';
import { EXECUTION_OPTIONS, EXECUTION_USAGE, localExecution, printOutcome, runExitCode, runProgress, withCtrlC } from './run';

/** `retry`, and `snowflake retry` (choice.snowflake). */
export async function retryVerb(argv: string[], ctx: CommandContext, choice: { snowflake?: boolean } = {}): Promise<number> {
  const { values } = parse(argv, { ...EXECUTION_OPTIONS, ...TARGET_OPTIONS, run: { type: 'string' } });
  const json = Boolean(values.json);
  return withTarget(values, ctx, { ...choice, execution: () => localExecution(values, ctx) }, async ({ target, records, submit }) => {
    // Before the data folder is checked: without any run there is nothing to retry.
    if (target.warehouse) requireWarehouse(target.warehouse.workspace, 'no graph run to retry');
    if (submit && !values.wait) {
      await submit('retry');
      ctx.logger.log('INFO', 'retry of the last graph run submitted (see: history --connection NAME, or retry with --wait)');
      return 0;
    }
    const outcome = await withCtrlC(ctx, (signal) => target.retry({ graphRunGroupId: values.run as string | undefined, signal, onProgress: runProgress(ctx, json),
      // The report reads the run's records before the workspace is let go (a queued run waits).
      onEnded: (o) => printOutcome(o, records, json, ctx) }));
    if (isNothingToRetry(outcome)) throw new Error(outcome.nothingToRetry);
    return runExitCode(outcome.state);
  });
}

export const retryCommand = {
  name: 'retry',
  summary: `retry [--run ID] ${EXECUTION_USAGE} ${TARGET_USAGE} ${FOLLOW_USAGE}  re-run the failed and skipped tasks of the last (or given) graph run`,
  run: (argv: string[], ctx: CommandContext) => retryVerb(argv, ctx),
};
