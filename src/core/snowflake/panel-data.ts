// What the extension's Run History panel and Pipeline tree show, read from an account in the
// same shapes the local target gives them (src/shared/webview-protocol.ts RunHistoryData, and the
// tree's snapshot), so the views need not know which target they look at. Traces: panel-traces.ts.
//
// Where the facts live on Snowflake, and their limits (why the reads look the way they do):
//   INFORMATION_SCHEMA.TASK_HISTORY(...)         task runs of the last 7 days at most (a range
//                                                start older than that is an error)
//   INFORMATION_SCHEMA.COMPLETE_TASK_GRAPHS(...) graph runs completed in the last 60 minutes only
//   INFORMATION_SCHEMA.CURRENT_TASK_GRAPHS(...)  graph runs executing now (and the next scheduled)
//   <database>.INFORMATION_SCHEMA.TABLES         ROW_COUNT and LAST_ALTERED from metadata (no scan)
// So a graph run older than an hour is rebuilt from its task runs, the way Snowflake defines a
// graph run's state (FAILED when a task failed, CANCELLED when one was cancelled).
// No `vscode` import: unit-tested through the real driver against the wire double.
import type { GraphRunRow as PanelGraphRun, RunHistoryData, TaskRunRow as PanelTaskRun } from '../../shared/webview-protocol';
import { graphTasks } from '../dashboard/history-data';
import { ROOT_TASK, TABLES } from '../manifest';
import { quoteIdent } from '../sql/identifiers';
import type { TaskRunInfo, WarehouseSnapshot } from '../warehouse-snapshot';
import type { Row, SnowflakeClient } from './client';
import { isoTime, manifestTaskName, toGraphRunRow, toTaskRunRow, type GraphRunRow, type SnowflakeLocation, type TaskRunRow } from './history';

/** TASK_HISTORY refuses a range that starts more than 7 days ago: one minute of margin for the
 * time between computing the start and Snowflake checking it. */
export const MAX_TASK_HISTORY_MINUTES = 7 * 24 * 60 - 1;
/** What one table function call returns at most (RESULT_LIMIT's documented range is 1..10000). */
const RESULT_LIMIT = 10_000;

const upper = (name: string) => quoteIdent(name.toUpperCase());
export const infoSchema = (loc: SnowflakeLocation) => `${upper(loc.database)}.INFORMATION_SCHEMA`;
/** Whole minutes in 1..max: the look-back every read is bounded by. */
export const windowMinutes = (hours: number | undefined, fallbackHours: number, max: number) =>
  Math.max(1, Math.min(max, Math.floor((hours ?? fallbackHours) * 60)));
const clampLimit = (n: number | undefined, fallback: number) => Math.max(1, Math.min(RESULT_LIMIT, Math.floor(n ?? fallback)));
const epochMs = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

export interface TaskHistoryOptions {
  /** How far back (hours, at most 7 days). Default: 7 days. */
  readonly windowHours?: number;
  /** Only the task runs of these queries (TASK_HISTORY.QUERY_ID). */
  readonly queryIds?: readonly string[];
}

/** The pipeline's task runs that started or finished in the window, scheduled ones left out
 * (SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP() keeps completed and running runs only). */
export async function readTaskHistory(client: SnowflakeClient, loc: SnowflakeLocation, o: TaskHistoryOptions = {}): Promise<TaskRunRow[]> {
  const ids = o.queryIds ?? [];
  if (o.queryIds && !ids.length) return [];
  const rows = await client.execute(
    `SELECT * FROM TABLE(${infoSchema(loc)}.TASK_HISTORY(
    SCHEDULED_TIME_RANGE_START => DATEADD(MINUTE, ?, CURRENT_TIMESTAMP()),
    SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP(),
    RESULT_LIMIT => ${RESULT_LIMIT}))
WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?${ids.length ? `\n  AND QUERY_ID IN (${ids.map(() => '?').join(', ')})` : ''}`,
    {
      binds: [-windowMinutes(o.windowHours, 24 * 7, MAX_TASK_HISTORY_MINUTES), loc.database.toUpperCase(), loc.schema.toUpperCase(), ...ids],
      summary: 'read TASK_HISTORY',
    },
  );
  return rows.map(toTaskRunRow);
}

/** Graph runs Snowflake reports itself: completed in the last hour, or executing now. */
async function reportedGraphRuns(client: SnowflakeClient, loc: SnowflakeLocation, limit: number): Promise<Row[]> {
  const read = (fn: 'COMPLETE_TASK_GRAPHS' | 'CURRENT_TASK_GRAPHS', extra = '') => client.execute(
    `SELECT * FROM TABLE(${infoSchema(loc)}.${fn}(RESULT_LIMIT => ${limit}, ROOT_TASK_NAME => ?))
WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?${extra}`,
    { binds: [ROOT_TASK.toUpperCase(), loc.database.toUpperCase(), loc.schema.toUpperCase()], summary: `read ${fn}` },
  );
  // CURRENT_TASK_GRAPHS also lists the next SCHEDULED run, which has not started: not a run yet.
  return [...await read('COMPLETE_TASK_GRAPHS'), ...await read('CURRENT_TASK_GRAPHS', `\n  AND STATE = 'EXECUTING'`)];
}

const runKey = (group: unknown, attempt: unknown) => `${String(group)}#${Number(attempt ?? 1)}`;
const FAILED = new Set(['FAILED', 'FAILED_AND_AUTO_SUSPENDED']);

/** A graph run (one attempt) rebuilt from its task runs, as a COMPLETE_TASK_GRAPHS row would
 * read: undefined when the root task was skipped (Snowflake lists no graph run then). */
export function graphRunFromTasks(tasks: readonly TaskRunRow[]): GraphRunRow | undefined {
  const root = tasks.find((t) => t.NAME === ROOT_TASK);
  if (!tasks.length || root?.STATE === 'SKIPPED' || tasks.every((t) => t.STATE === 'SKIPPED')) return undefined;
  const has = (pred: (s: string) => boolean) => tasks.some((t) => pred(t.STATE));
  const running = has((s) => s === 'EXECUTING' || s === 'SCHEDULED');
  const state = running ? 'EXECUTING' : has((s) => FAILED.has(s)) ? 'FAILED' : has((s) => s === 'CANCELLED') ? 'CANCELLED' : 'SUCCEEDED';
  const byTime = (pick: (t: TaskRunRow) => string | null) => tasks.map(pick).filter((x): x is string => !!x).sort();
  const firstError = tasks.filter((t) => FAILED.has(t.STATE)).sort((a, b) => (a.COMPLETED_TIME ?? '').localeCompare(b.COMPLETED_TIME ?? ''))[0];
  const first = root ?? tasks[0];
  return toGraphRunRow({
    ROOT_TASK_NAME: ROOT_TASK, STATE: state, SCHEDULED_TIME: byTime((t) => t.SCHEDULED_TIME)[0] ?? null,
    QUERY_START_TIME: root?.QUERY_START_TIME ?? byTime((t) => t.QUERY_START_TIME)[0] ?? null,
    COMPLETED_TIME: running ? null : byTime((t) => t.COMPLETED_TIME).at(-1) ?? null,
    GRAPH_RUN_GROUP_ID: first.GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER: first.ATTEMPT_NUMBER, SCHEDULED_FROM: first.SCHEDULED_FROM, ROOT_TASK_ID: first.ROOT_TASK_ID,
    FIRST_ERROR_TASK_NAME: firstError?.NAME ?? null, FIRST_ERROR_CODE: firstError?.ERROR_CODE ?? null, FIRST_ERROR_MESSAGE: firstError?.ERROR_MESSAGE ?? null,
  }, tasks.length);
}

export const toPanelGraphRun = (r: GraphRunRow): PanelGraphRun => ({
  graphRunGroupId: r.GRAPH_RUN_GROUP_ID, attempt: r.ATTEMPT_NUMBER, state: r.STATE, scheduledFrom: String(r.SCHEDULED_FROM ?? ''),
  startMs: epochMs(r.QUERY_START_TIME), endMs: epochMs(r.COMPLETED_TIME), durationMs: r.DURATION_MS, taskCount: r.TASK_COUNT,
  firstErrorTask: r.FIRST_ERROR_TASK_NAME, firstErrorMessage: r.FIRST_ERROR_MESSAGE, traceId: r.TRACE_ID,
});

export const toPanelTaskRun = (r: TaskRunRow): PanelTaskRun => ({
  graphRunGroupId: r.GRAPH_RUN_GROUP_ID, attempt: r.ATTEMPT_NUMBER, name: r.NAME, state: r.STATE,
  startMs: epochMs(r.QUERY_START_TIME), endMs: epochMs(r.COMPLETED_TIME), durationMs: r.DURATION_MS, errorCode: r.ERROR_CODE,
  errorMessage: r.ERROR_MESSAGE, returnValue: r.RETURN_VALUE, rowsIn: r.ROWS_IN, rowsOut: r.ROWS_OUT, rowsRejected: r.ROWS_REJECTED,
  tries: r.TRIES, scheduledFrom: r.SCHEDULED_FROM,
});

export interface RunHistoryOptions {
  /** How far back task runs are read (hours, at most 7 days, which is all TASK_HISTORY keeps). */
  readonly windowHours?: number;
}

/** The newest `limit` graph runs (every attempt) and their task runs: RunHistoryData as the
 * local target's loadRunHistory gives it, with Snowflake's state names (SUCCEEDED, FAILED, …). */
export async function loadRunHistorySnowflake(client: SnowflakeClient, loc: SnowflakeLocation, limit = 500, o: RunHistoryOptions = {}): Promise<RunHistoryData> {
  const max = clampLimit(limit, 500);
  const taskRows = await readTaskHistory(client, loc, { windowHours: o.windowHours });
  const byRun = new Map<string, TaskRunRow[]>();
  for (const t of taskRows) byRun.set(runKey(t.GRAPH_RUN_GROUP_ID, t.ATTEMPT_NUMBER), [...byRun.get(runKey(t.GRAPH_RUN_GROUP_ID, t.ATTEMPT_NUMBER)) ?? [], t]);
  const runs = new Map<string, GraphRunRow>();
  for (const r of await reportedGraphRuns(client, loc, max)) {
    if (r.GRAPH_RUN_GROUP_ID === null || r.GRAPH_RUN_GROUP_ID === undefined) continue;
    const k = runKey(r.GRAPH_RUN_GROUP_ID, r.ATTEMPT_NUMBER);
    runs.set(k, toGraphRunRow(r, byRun.get(k)?.length ?? 0));
  }
  for (const [k, tasks] of byRun) {
    if (runs.has(k)) continue;
    const rebuilt = graphRunFromTasks(tasks);
    if (rebuilt) runs.set(k, rebuilt);
  }
  const started = (r: GraphRunRow) => Date.parse(r.QUERY_START_TIME ?? r.SCHEDULED_TIME ?? '') || 0;
  const listed = [...runs.values()].sort((a, b) => started(b) - started(a) || b.ATTEMPT_NUMBER - a.ATTEMPT_NUMBER).slice(0, max);
  const groups = new Set(listed.map((r) => r.GRAPH_RUN_GROUP_ID));
  // The local target's order (group, attempt, name), compared as SQL compares text: by code unit.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const taskRuns = taskRows.filter((t) => groups.has(t.GRAPH_RUN_GROUP_ID))
    .sort((a, b) => cmp(a.GRAPH_RUN_GROUP_ID, b.GRAPH_RUN_GROUP_ID) || a.ATTEMPT_NUMBER - b.ATTEMPT_NUMBER || cmp(a.NAME, b.NAME));
  return { tasks: graphTasks(), runs: listed.map(toPanelGraphRun), taskRuns: taskRuns.map(toPanelTaskRun), tracesOnRequest: true };
}

// ---- The Pipeline tree's snapshot ------------------------------------------------------------


/** Row counts, last change and last task runs of the pipeline, in two metadata reads. Errors
 * (no such database, no privilege) reach the caller: on an account they mean a deploy is missing
 * or a grant is, which the view should say rather than show an empty tree. */
export async function readSnowflakeSnapshot(client: SnowflakeClient, loc: SnowflakeLocation): Promise<WarehouseSnapshot> {
  const names = TABLES.map((t) => t.name.toUpperCase());
  const tables = await client.execute(
    `SELECT TABLE_NAME, TABLE_TYPE, ROW_COUNT, LAST_ALTERED FROM ${infoSchema(loc)}.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${names.map(() => '?').join(', ')})`,
    { binds: [loc.schema.toUpperCase(), ...names], summary: 'read INFORMATION_SCHEMA.TABLES' },
  );
  const rowCounts = new Map<string, number>();
  const lastUpdated = new Map<string, string>();
  for (const r of tables) {
    const name = String(r.TABLE_NAME).toUpperCase();
    if (r.ROW_COUNT !== null && r.ROW_COUNT !== undefined) rowCounts.set(name, Number(r.ROW_COUNT));
    const altered = isoTime(r.LAST_ALTERED);
    if (altered) lastUpdated.set(name, altered);
  }
  const last = await client.execute(
    `SELECT NAME, STATE, QUERY_START_TIME, COMPLETED_TIME, ERROR_MESSAGE
FROM TABLE(${infoSchema(loc)}.TASK_HISTORY(
    SCHEDULED_TIME_RANGE_START => DATEADD(MINUTE, ?, CURRENT_TIMESTAMP()),
    SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP(),
    RESULT_LIMIT => ${RESULT_LIMIT}))
WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?
QUALIFY ROW_NUMBER() OVER (PARTITION BY NAME ORDER BY COALESCE(QUERY_START_TIME, SCHEDULED_TIME) DESC, ATTEMPT_NUMBER DESC) = 1`,
    { binds: [-MAX_TASK_HISTORY_MINUTES, loc.database.toUpperCase(), loc.schema.toUpperCase()], summary: 'read the last task runs from TASK_HISTORY' },
  );
  const lastRuns = new Map<string, TaskRunInfo>();
  for (const r of last) {
    const start = isoTime(r.QUERY_START_TIME);
    const done = isoTime(r.COMPLETED_TIME);
    lastRuns.set(manifestTaskName(r.NAME), {
      state: String(r.STATE), completedAt: done ?? undefined, durationMs: start && done ? Date.parse(done) - Date.parse(start) : undefined,
      errorMessage: r.ERROR_MESSAGE === null || r.ERROR_MESSAGE === undefined ? undefined : String(r.ERROR_MESSAGE),
    });
  }
  return { rowCounts, lastRuns, lastUpdated };
}
