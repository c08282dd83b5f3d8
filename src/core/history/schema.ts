// Run history in the warehouse, shaped like Snowflake's TASK_HISTORY and COMPLETE_TASK_GRAPHS
// so the extension reads both targets with the same queries. Times are TIMESTAMPTZ (Snowflake
// returns TIMESTAMP_LTZ). Extras beyond Snowflake's columns: DURATION_MS, ROWS_IN, ROWS_OUT,
// ROWS_REJECTED, TRIES, TRACE_ID.
import type { DuckDBConnection } from '@duckdb/node-api';

export const HISTORY_DDL = [
  `create table if not exists TASK_GRAPH_RUNS (
    GRAPH_RUN_GROUP_ID varchar not null, ATTEMPT_NUMBER integer not null, ROOT_TASK_NAME varchar not null,
    ROOT_TASK_ID varchar not null, STATE varchar not null, SCHEDULED_FROM varchar not null,
    SCHEDULED_TIME timestamptz, QUERY_START_TIME timestamptz, COMPLETED_TIME timestamptz,
    TRACE_ID varchar, TASKS varchar[], PID integer)`,
  `create table if not exists TASK_HISTORY (
    NAME varchar not null, STATE varchar not null, SCHEDULED_TIME timestamptz, QUERY_START_TIME timestamptz,
    COMPLETED_TIME timestamptz, ERROR_CODE varchar, ERROR_MESSAGE varchar, GRAPH_RUN_GROUP_ID varchar not null,
    ATTEMPT_NUMBER integer not null, RETURN_VALUE varchar, SCHEDULED_FROM varchar, ROOT_TASK_ID varchar,
    DATABASE_NAME varchar, SCHEMA_NAME varchar, DURATION_MS bigint, ROWS_IN bigint, ROWS_OUT bigint,
    ROWS_REJECTED bigint, TRIES integer, TRACE_ID varchar)`,
  // Every graph run with its first failing task; COMPLETE_/CURRENT_TASK_GRAPHS split it by state.
  `create or replace view TASK_GRAPH_RUN_SUMMARY as
    select g.ROOT_TASK_NAME, g.STATE, g.SCHEDULED_TIME, g.QUERY_START_TIME, g.COMPLETED_TIME,
      g.GRAPH_RUN_GROUP_ID, g.ATTEMPT_NUMBER, g.SCHEDULED_FROM, g.ROOT_TASK_ID,
      e.NAME as FIRST_ERROR_TASK_NAME, e.ERROR_CODE as FIRST_ERROR_CODE, e.ERROR_MESSAGE as FIRST_ERROR_MESSAGE,
      date_diff('millisecond', g.QUERY_START_TIME, g.COMPLETED_TIME) as DURATION_MS,
      (select count(*) from TASK_HISTORY h where h.GRAPH_RUN_GROUP_ID = g.GRAPH_RUN_GROUP_ID and h.ATTEMPT_NUMBER = g.ATTEMPT_NUMBER)::integer as TASK_COUNT,
      g.TRACE_ID
    from TASK_GRAPH_RUNS g
    left join (
      select *, row_number() over (partition by GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER order by COMPLETED_TIME, NAME) as rn
      from TASK_HISTORY where STATE in ('FAILED', 'CANCELLED')
    ) e on e.GRAPH_RUN_GROUP_ID = g.GRAPH_RUN_GROUP_ID and e.ATTEMPT_NUMBER = g.ATTEMPT_NUMBER and e.rn = 1`,
  `create or replace view COMPLETE_TASK_GRAPHS as select * from TASK_GRAPH_RUN_SUMMARY where STATE <> 'EXECUTING'`,
  `create or replace view CURRENT_TASK_GRAPHS as select * from TASK_GRAPH_RUN_SUMMARY where STATE = 'EXECUTING'`,
];

export async function ensureHistorySchema(conn: DuckDBConnection): Promise<void> {
  for (const sql of HISTORY_DDL) await conn.run(sql);
}

/** Runs left EXECUTING by a process that died (we hold the workspace lock, so nobody else is
 * running) become CANCELLED, so history tells the truth and `retry` can pick them up. */
export async function closeInterruptedRuns(conn: DuckDBConnection): Promise<number> {
  const now = new Date().toISOString();
  const r = await conn.runAndReadAll(`select count(*)::integer as n from TASK_GRAPH_RUNS where STATE = 'EXECUTING'`);
  const n = Number(r.getRowObjectsJson()[0].n);
  if (!n) return 0;
  await conn.run(`update TASK_HISTORY set STATE = 'CANCELLED', COMPLETED_TIME = coalesce(COMPLETED_TIME, ?::timestamptz),
    ERROR_CODE = 'INTERRUPTED', ERROR_MESSAGE = 'the run process ended before this task finished'
    where STATE in ('SCHEDULED', 'EXECUTING')`, [now]);
  await conn.run(`update TASK_GRAPH_RUNS set STATE = 'CANCELLED', COMPLETED_TIME = coalesce(COMPLETED_TIME, ?::timestamptz) where STATE = 'EXECUTING'`, [now]);
  return n;
}
