// `retail-pipeline history`: graph runs (COMPLETE_TASK_GRAPHS + running ones), or the
// TASK_HISTORY rows of one graph run with --run, from the target the options name: the local
// warehouse's history tables or the account's (mapped into the same columns).
import { intOption, parse } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import type { RecordRow } from '../run-records';
import { TARGET_OPTIONS, TARGET_USAGE, withTarget } from '../target-factory';

const GRAPH_RUN_COLUMNS = ['GRAPH_RUN_GROUP_ID', 'ATTEMPT_NUMBER', 'STATE', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'TASK_COUNT', 'FIRST_ERROR_TASK_NAME', 'FIRST_ERROR_MESSAGE'];
const TASK_RUN_COLUMNS = ['NAME', 'STATE', 'ATTEMPT_NUMBER', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'ROWS_IN', 'ROWS_OUT', 'ERROR_CODE', 'ERROR_MESSAGE', 'RETURN_VALUE'];
/** Row counts are measured by the local runner only; Snowflake's TASK_HISTORY has none. */
const MEASURED_ONLY_LOCALLY = new Set(['ROWS_IN', 'ROWS_OUT']);

/** The task-run columns, without the row counts when no row has one. */
const taskRunColumns = (rows: readonly RecordRow[]) =>
  TASK_RUN_COLUMNS.filter((c) => !MEASURED_ONLY_LOCALLY.has(c) || rows.some((r) => r[c] !== null && r[c] !== undefined));

/** `history`, and `snowflake history` (choice.snowflake). */
export async function historyVerb(argv: string[], ctx: CommandContext, choice: { snowflake?: boolean } = {}): Promise<number> {
  const { values } = parse(argv, { ...TARGET_OPTIONS, limit: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean' } });
  const limit = intOption(values, 'limit', 20, 1);
  return withTarget(values, ctx, choice, async ({ records }) => {
    const print = (rows: RecordRow[], columns: string[]) => ctx.out(values.json ? JSON.stringify(rows) + '\n' : formatRows(rows, 'table', columns));
    if (values.run) {
      const rows = await records.taskRuns((await records.graphRunId(String(values.run)))!);
      print(rows, taskRunColumns(rows));
    } else {
      print(await records.graphRuns(limit), GRAPH_RUN_COLUMNS);
    }
    return 0;
  });
}

export const historyCommand = {
  name: 'history',
  summary: `history [--limit N] [--run ID] [--json] ${TARGET_USAGE}  graph runs, or the task runs of one graph run`,
  run: (argv: string[], ctx: CommandContext) => historyVerb(argv, ctx),
};
