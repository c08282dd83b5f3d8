// `retail-pipeline history`: graph runs (COMPLETE_TASK_GRAPHS + running ones), or the
// TASK_HISTORY rows of one graph run with --run.
import { listGraphRuns, resolveGraphRunId, taskHistory } from '../../core/history/queries';
import { LocalWarehouse } from '../../core/targets/local/warehouse';
import { intOption, parse } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';

export async function openForReading(workspace: string): Promise<LocalWarehouse> {
  try {
    return await LocalWarehouse.open(workspace);
  } catch (e) {
    // DuckDB lets one process write the file; a run in progress holds it.
    throw new Error(`cannot open the warehouse of ${workspace}: ${(e as Error).message.split('\n')[0]} (is a run in progress? see .retail/run.lock)`);
  }
}

export const historyCommand = {
  name: 'history',
  summary: 'history [--limit N] [--run ID] [--json]  graph runs, or the task runs of one graph run',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { limit: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean' } });
    const wh = await openForReading(ctx.workspace(values));
    try {
      if (values.run) {
        const rows = await taskHistory(wh, await resolveGraphRunId(wh, String(values.run)));
        ctx.out(values.json ? JSON.stringify(rows) + '\n' : formatRows(rows, 'table', [
          'NAME', 'STATE', 'ATTEMPT_NUMBER', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'ROWS_IN', 'ROWS_OUT', 'ERROR_CODE', 'ERROR_MESSAGE', 'RETURN_VALUE',
        ]));
        return 0;
      }
      const rows = await listGraphRuns(wh, intOption(values, 'limit', 20, 1));
      ctx.out(values.json ? JSON.stringify(rows) + '\n' : formatRows(rows, 'table', [
        'GRAPH_RUN_GROUP_ID', 'ATTEMPT_NUMBER', 'STATE', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'TASK_COUNT', 'FIRST_ERROR_TASK_NAME', 'FIRST_ERROR_MESSAGE',
      ]));
      return 0;
    } finally {
      wh.close();
    }
  },
};
