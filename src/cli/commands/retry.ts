// `retail-pipeline retry [--run ID]`: Snowflake's EXECUTE TASK … RETRY LAST on the local target.
import { retryPipeline } from '../../core/runner/pipeline-run';
import { parse } from '../args';
import { requireWarehouse } from '../existing-warehouse';
import type { CommandContext } from '../main';
import { EXECUTION_OPTIONS, EXECUTION_USAGE, executionOptions, exitCode, printResult, withCtrlC } from './run';

export const retryCommand = {
  name: 'retry',
  summary: `retry [--run ID] ${EXECUTION_USAGE}  re-run the failed and skipped tasks of the last (or given) graph run`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { ...EXECUTION_OPTIONS, run: { type: 'string' } });
    // Before the data folder is checked: without any run there is nothing to retry.
    requireWarehouse(ctx.workspace(values), 'no graph run to retry');
    const base = executionOptions(values, ctx);
    const result = await withCtrlC(ctx, (signal) => retryPipeline({ ...base, signal, graphRunGroupId: values.run as string | undefined }));
    printResult(result, Boolean(values.json), ctx);
    return exitCode(result);
  },
};
