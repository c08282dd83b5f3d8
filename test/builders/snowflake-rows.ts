// Test data builders for the rows Snowflake's task views return (after vscode-pull-request-github's
// src/test/builders): one row with every column at a sensible default, the test naming only what
// it is about. Rows are test/helpers/snowflake-panel-rows.ts's Models (column -> text), sent
// through the wire double with rs(COLUMNS, rows).
import { TASKS } from '../../src/core/manifest';
import type { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { EVENT_COLUMNS, GRAPH_COLUMNS, HISTORY_COLUMNS, rs, selectedHistoryColumns, TABLES_COLUMNS, type Model } from '../helpers/snowflake-panel-rows';
import type { ResultSet } from '../helpers/snowflake-double';

export const DEFAULT_WHERE = { DATABASE_NAME: 'RETAIL_PIPELINE', SCHEMA_NAME: 'RETAIL' } as const;
export const DEFAULT_GRAPH_RUN = '0a1b2c3d-0001-4000-8000-00000000000a';
const ROOT_ID = '01b2c3d4-root';
const NOW = Date.parse('2026-01-15T12:00:00Z');

/** An ISO time `minutesAgo` before a fixed now, plus `seconds`. */
export const at = (minutesAgo: number, seconds = 0): string => new Date(NOW - minutesAgo * 60_000 + seconds * 1000).toISOString();

let queryIds = 0;

/** One INFORMATION_SCHEMA.TASK_HISTORY row: a SUCCEEDED run of retail_root_task unless told. */
export function taskHistoryRow(o: Model = {}): Model {
  return {
    QUERY_ID: `01b-q-${++queryIds}`, NAME: 'RETAIL_ROOT_TASK', ...DEFAULT_WHERE, QUERY_TEXT: 'CALL …', CONDITION_TEXT: null, STATE: 'SUCCEEDED',
    ERROR_CODE: null, ERROR_MESSAGE: null, SCHEDULED_TIME: at(10), QUERY_START_TIME: at(10, 1), NEXT_SCHEDULED_TIME: null, COMPLETED_TIME: at(10, 2),
    ROOT_TASK_ID: ROOT_ID, GRAPH_VERSION: '1', RUN_ID: '1', RETURN_VALUE: null, SCHEDULED_FROM: 'EXECUTE TASK', ATTEMPT_NUMBER: '1', CONFIG: null,
    GRAPH_RUN_GROUP_ID: DEFAULT_GRAPH_RUN, ...o,
  };
}

/** One COMPLETE_TASK_GRAPHS / CURRENT_TASK_GRAPHS row: a SUCCEEDED EXECUTE TASK run unless told. */
export function graphRunRow(o: Model = {}): Model {
  return {
    ROOT_TASK_NAME: 'RETAIL_ROOT_TASK', ...DEFAULT_WHERE, STATE: 'SUCCEEDED', SCHEDULED_FROM: 'EXECUTE TASK', FIRST_ERROR_TASK_NAME: null,
    FIRST_ERROR_CODE: null, FIRST_ERROR_MESSAGE: null, SCHEDULED_TIME: at(10), QUERY_START_TIME: at(10), NEXT_SCHEDULED_TIME: null,
    COMPLETED_TIME: at(10, 30), ROOT_TASK_ID: ROOT_ID, GRAPH_VERSION: '1', RUN_ID: '1', ATTEMPT_NUMBER: '1', CONFIG: null,
    GRAPH_RUN_GROUP_ID: DEFAULT_GRAPH_RUN, ...o,
  };
}

/** Every task of the graph in one graph run, `state` for each unless `states` says otherwise. */
export function graphRunTasks(graphRunGroupId: string, state = 'SUCCEEDED', states: Record<string, string> = {}): Model[] {
  return TASKS.map((t, i) => taskHistoryRow({
    NAME: t.name.toUpperCase(), STATE: states[t.name] ?? state, GRAPH_RUN_GROUP_ID: graphRunGroupId,
    QUERY_START_TIME: at(10, i * 2), COMPLETED_TIME: at(10, i * 2 + 1),
  }));
}

/** Result sets as the wire double sends them. */
export const graphRuns = (rows: Model[]): ResultSet => rs(GRAPH_COLUMNS, rows);
/** TASK_HISTORY rows with the columns `sqlText` selects (all of them for SELECT *). */
export const taskHistory = (rows: Model[], sqlText = 'SELECT *'): ResultSet => rs(selectedHistoryColumns(sqlText) ?? HISTORY_COLUMNS, rows);

/** Event-table rows as the wire double sends them. */
export const events = (rows: Model[]): ResultSet => rs(EVENT_COLUMNS, rows);

/** One event-table row: every column NULL but RECORD_TYPE (SPAN) unless told. */
export function eventRow(o: Model = {}): Model {
  return { ...Object.fromEntries(EVENT_COLUMNS.map(([c]) => [c, null])), RECORD_TYPE: 'SPAN', ...o };
}

/** The same event-table rows in the local target's EVENTS table (its columns are Snowflake's). */
export async function insertLocalEvents(wh: LocalWarehouse, rows: readonly Model[]): Promise<void> {
  const names = EVENT_COLUMNS.map(([c]) => c).join(', ');
  const params = EVENT_COLUMNS.map(([, type]) => (type.startsWith('timestamp') ? '?::timestamptz' : type === 'text' ? '?' : '?::json')).join(', ');
  for (const r of rows) await wh.run(`insert into EVENTS (${names}) values (${params})`, EVENT_COLUMNS.map(([c]) => r[c] ?? null));
}

/** One event-table SPAN row (the columns a trace read selects): a task's span unless told. */
export function spanRow(o: { traceId?: string; spanId?: string; parentSpanId?: string; name?: string; status?: 'STATUS_CODE_OK' | 'STATUS_CODE_ERROR'; startMinutesAgo?: number; seconds?: number; attributes?: Record<string, unknown> } = {}): Model {
  return eventRow({
    TIMESTAMP: at(o.startMinutesAgo ?? 10, o.seconds ?? 1), START_TIMESTAMP: at(o.startMinutesAgo ?? 10),
    TRACE: JSON.stringify({ trace_id: o.traceId ?? 'a'.repeat(32), span_id: o.spanId ?? '1'.repeat(16) }),
    RESOURCE_ATTRIBUTES: JSON.stringify({ 'snow.database.name': DEFAULT_WHERE.DATABASE_NAME, 'snow.schema.name': DEFAULT_WHERE.SCHEMA_NAME }),
    RECORD: JSON.stringify({ name: o.name ?? 'bronze_silver_task', kind: 'SPAN_KIND_INTERNAL', status: { code: o.status ?? 'STATUS_CODE_OK' }, ...(o.parentSpanId ? { parent_span_id: o.parentSpanId } : {}) }),
    RECORD_ATTRIBUTES: JSON.stringify(o.attributes ?? {}),
  });
}

/** INFORMATION_SCHEMA.TABLES rows as the wire double sends them. */
export const tables = (rows: Model[]): ResultSet => rs(TABLES_COLUMNS, rows);

/** One INFORMATION_SCHEMA.TABLES row of the pipeline's schema. */
export function tableRow(o: Model = {}): Model {
  return { TABLE_CATALOG: DEFAULT_WHERE.DATABASE_NAME, TABLE_SCHEMA: DEFAULT_WHERE.SCHEMA_NAME, TABLE_NAME: 'BRONZE_ORDERS', TABLE_TYPE: 'BASE TABLE', ROW_COUNT: '0', LAST_ALTERED: at(10), ...o };
}
