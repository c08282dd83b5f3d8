// Rows of Snowflake's task-history, graph-history and event-table reads with the columns and
// types Snowflake returns, for the wire double (test/helpers/snowflake-double.ts). Shared by the
// panel readers' unit test and the Snowflake panels' E2E test.
import { raw, type ColumnType, type ResultSet } from './snowflake-double';

/** One row: column name -> value as text (times as ISO), null for SQL NULL. */
export type Model = Record<string, string | null>;
export type Columns = readonly (readonly [string, ColumnType])[];
const TIME_TYPES = new Set<ColumnType>(['timestamp_ltz', 'timestamp_ntz']);
/** Rows kept with ISO times (to model the reads), sent as the JSON result format carries them. */
export const rs = (columns: Columns, rows: readonly Model[]): ResultSet => ({
  columns: columns.map(([name, type]) => ({ name, type })),
  rows: rows.map((r) => columns.map(([c, type]) => (r[c] === null || r[c] === undefined ? null : TIME_TYPES.has(type) ? raw.ts(r[c]!) : r[c]!))),
});

export const GRAPH_COLUMNS: Columns = [
  ['ROOT_TASK_NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['STATE', 'text'], ['SCHEDULED_FROM', 'text'],
  ['FIRST_ERROR_TASK_NAME', 'text'], ['FIRST_ERROR_CODE', 'fixed'], ['FIRST_ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'],
  ['QUERY_START_TIME', 'timestamp_ltz'], ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'],
  ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
export const HISTORY_COLUMNS: Columns = [
  ['QUERY_ID', 'text'], ['NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['QUERY_TEXT', 'text'], ['CONDITION_TEXT', 'text'],
  ['STATE', 'text'], ['ERROR_CODE', 'text'], ['ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'], ['QUERY_START_TIME', 'timestamp_ltz'],
  ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'], ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'],
  ['RETURN_VALUE', 'text'], ['SCHEDULED_FROM', 'text'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
export const TABLES_COLUMNS: Columns = [['TABLE_CATALOG', 'text'], ['TABLE_SCHEMA', 'text'], ['TABLE_NAME', 'text'], ['TABLE_TYPE', 'text'], ['ROW_COUNT', 'fixed'], ['LAST_ALTERED', 'timestamp_ltz']];
// Event tables keep TIMESTAMP_NTZ times in UTC.
export const EVENT_COLUMNS: Columns = [
  ['TIMESTAMP', 'timestamp_ntz'], ['START_TIMESTAMP', 'timestamp_ntz'], ['OBSERVED_TIMESTAMP', 'timestamp_ntz'], ['TRACE', 'object'], ['RESOURCE', 'object'],
  ['RESOURCE_ATTRIBUTES', 'object'], ['SCOPE', 'object'], ['SCOPE_ATTRIBUTES', 'object'], ['RECORD_TYPE', 'text'], ['RECORD', 'object'],
  ['RECORD_ATTRIBUTES', 'object'], ['VALUE', 'variant'], ['EXEMPLARS', 'variant'],
];
export const TRACE_LIST_COLUMNS: Columns = [
  ['TRACE_ID', 'text'], ['NAME', 'text'], ['START_TIME', 'timestamp_ntz'], ['END_TIME', 'timestamp_ntz'], ['SPAN_COUNT', 'fixed'],
  ['ERROR_SPANS', 'fixed'], ['OK_SPANS', 'fixed'], ['QUERY_ID', 'text'],
];


/** The columns of a TASK_HISTORY read that names them (SELECT A, B FROM …); undefined for SELECT *. */
export const selectedHistoryColumns = (sql: string): Columns | undefined => {
  const m = /^SELECT ([A-Z_, ]+)\s+FROM/.exec(sql);
  return m ? HISTORY_COLUMNS.filter(([c]) => m[1].split(', ').includes(c)) : undefined;
};

/** A JSON column's value as an object ({} for NULL). */
export const json = (v: string | null) => (v ? JSON.parse(v) as Record<string, any> : {});
