// Reads of run history for the CLI, `retry` and the extension.
import type { LocalWarehouse, Row } from '../targets/local/warehouse';
import type { TaskState } from '../runner/events';

/** Graph runs, newest first (running ones included). */
export async function listGraphRuns(wh: LocalWarehouse, limit = 20): Promise<Row[]> {
  if (!(await wh.tableExists('TASK_GRAPH_RUNS'))) return [];
  return wh.query(`select * from TASK_GRAPH_RUN_SUMMARY order by QUERY_START_TIME desc, ATTEMPT_NUMBER desc limit ?`, [limit]);
}

/** TASK_HISTORY rows of one graph run group (all attempts), in run order. */
export async function taskHistory(wh: LocalWarehouse, graphRunGroupId: string): Promise<Row[]> {
  if (!(await wh.tableExists('TASK_HISTORY'))) return [];
  return wh.query(`select * from TASK_HISTORY where GRAPH_RUN_GROUP_ID = ? order by ATTEMPT_NUMBER, QUERY_START_TIME nulls last, NAME`, [graphRunGroupId]);
}

/** A full id, or a unique prefix of one (ids are UUIDs; people paste the first 8 characters). */
export async function resolveGraphRunId(wh: LocalWarehouse, idOrPrefix: string): Promise<string> {
  if (!(await wh.tableExists('TASK_GRAPH_RUNS'))) throw new Error('No graph runs recorded in this workspace yet');
  const rows = await wh.query<{ id: string }>(
    `select distinct GRAPH_RUN_GROUP_ID as id from TASK_GRAPH_RUNS where starts_with(GRAPH_RUN_GROUP_ID, ?)`, [idOrPrefix.trim()]);
  if (rows.length === 0) throw new Error(`No graph run with id ${JSON.stringify(idOrPrefix)} (see \`retail-pipeline history\`)`);
  if (rows.length > 1) throw new Error(`Graph run id prefix ${JSON.stringify(idOrPrefix)} is ambiguous: ${rows.map((r) => r.id).join(', ')}`);
  return rows[0].id;
}

export interface RetryPlan {
  readonly graphRunGroupId: string;
  /** The attempt being retried; the retry records attemptNumber + 1. */
  readonly attemptNumber: number;
  readonly state: string;
  readonly rootTaskId: string;
  readonly scheduledTime: string;
  /** Tasks of that attempt that did not succeed. */
  readonly tasks: { name: string; state: TaskState }[];
}

/** What EXECUTE TASK … RETRY LAST would re-run: the FAILED, SKIPPED (and CANCELLED) tasks of the
 * last attempt of the given graph run, or of the newest graph run when no id is given. */
export async function retryPlan(wh: LocalWarehouse, graphRunGroupId?: string): Promise<RetryPlan> {
  if (!(await wh.tableExists('TASK_GRAPH_RUNS'))) throw new Error('No graph runs recorded in this workspace yet: nothing to retry');
  const id = graphRunGroupId ?? (await wh.query<{ id: string }>(
    `select GRAPH_RUN_GROUP_ID as id from TASK_GRAPH_RUNS order by QUERY_START_TIME desc limit 1`))[0]?.id;
  if (!id) throw new Error('No graph runs recorded in this workspace yet: nothing to retry');
  const [last] = await wh.query<{ attempt: number; state: string; root: string; scheduled: string }>(
    `select ATTEMPT_NUMBER as attempt, STATE as state, ROOT_TASK_ID as root, SCHEDULED_TIME::varchar as scheduled
     from TASK_GRAPH_RUNS where GRAPH_RUN_GROUP_ID = ? order by ATTEMPT_NUMBER desc limit 1`, [id]);
  if (last.state === 'EXECUTING') throw new Error(`Graph run ${id} attempt ${last.attempt} is still executing`);
  if (last.state === 'SUCCEEDED') throw new Error(`Graph run ${id} attempt ${last.attempt} SUCCEEDED: nothing to retry`);
  const tasks = await wh.query<{ name: string; state: TaskState }>(
    `select NAME as name, STATE as state from TASK_HISTORY where GRAPH_RUN_GROUP_ID = ? and ATTEMPT_NUMBER = ?
     and STATE in ('FAILED', 'SKIPPED', 'CANCELLED') order by NAME`, [id, last.attempt]);
  return { graphRunGroupId: id, attemptNumber: last.attempt, state: last.state, rootTaskId: last.root, scheduledTime: last.scheduled, tasks };
}

/** Trace ids of a graph run group's attempts (one trace per attempt), oldest first. */
export async function traceIdsOf(wh: LocalWarehouse, graphRunGroupId: string): Promise<{ attempt: number; traceId: string }[]> {
  const rows = await wh.query<{ attempt: number; trace_id: string | null }>(
    `select ATTEMPT_NUMBER as attempt, TRACE_ID as trace_id from TASK_GRAPH_RUNS where GRAPH_RUN_GROUP_ID = ? order by ATTEMPT_NUMBER`, [graphRunGroupId]);
  return rows.filter((r) => r.trace_id).map((r) => ({ attempt: r.attempt, traceId: r.trace_id! }));
}

/** The newest graph run group, if any. */
export async function latestGraphRunId(wh: LocalWarehouse): Promise<string | undefined> {
  if (!(await wh.tableExists('TASK_GRAPH_RUNS'))) return undefined;
  return (await wh.query<{ id: string }>(`select GRAPH_RUN_GROUP_ID as id from TASK_GRAPH_RUNS order by QUERY_START_TIME desc limit 1`))[0]?.id;
}
