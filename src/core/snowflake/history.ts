// Run history and traces read back from an account into the row shapes the local target uses
// (src/core/history: TASK_GRAPH_RUN_SUMMARY and TASK_HISTORY; src/core/telemetry: EVENTS rows
// and span trees), so `history` and `traces` print both targets the same way.
//
// Sources: INFORMATION_SCHEMA.COMPLETE_TASK_GRAPHS / CURRENT_TASK_GRAPHS (graph runs),
// INFORMATION_SCHEMA.TASK_HISTORY (task runs), and the configured event table, whose rows are
// linked to a task run by RESOURCE_ATTRIBUTES:"snow.query.id" = TASK_HISTORY.QUERY_ID.
// Rows are fetched with their Snowflake columns and shaped here (not in SQL), so the same code
// path is exercised against the wire double and a real account.
import { ROOT_TASK, TASKS } from '../manifest';
import { quoteIdent, snowflakeLiteral } from '../sql/identifiers';
import type { Row, SnowflakeClient } from './client';
import { linkSpans, type SpanNode } from '../telemetry/query';

/** Where the pipeline lives on the account (names validated by resolveDeployConfig). */
export interface SnowflakeLocation {
  readonly database: string;
  readonly schema: string;
  /** database.schema.table */
  readonly eventTable: string;
}

const id = (name: string) => quoteIdent(name.toUpperCase());
export const qualified = (loc: SnowflakeLocation, object: string) => `${id(loc.database)}.${id(loc.schema)}.${id(object)}`;
const infoSchema = (loc: SnowflakeLocation) => `${id(loc.database)}.INFORMATION_SCHEMA`;

/** The manifest's spelling of a task name Snowflake returns upper-cased. */
export function manifestTaskName(name: unknown): string {
  const s = String(name ?? '');
  return TASKS.find((t) => t.name.toUpperCase() === s.toUpperCase())?.name ?? s;
}

/** A Snowflake TIMESTAMP_* value (the driver returns a Date) as ISO text, like the local rows. */
export function isoTime(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return new Date(v.getTime()).toISOString();
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const ms = (a: string | null, b: string | null) => (a && b ? Date.parse(b) - Date.parse(a) : null);

export interface GraphRunRow {
  ROOT_TASK_NAME: string;
  STATE: string;
  SCHEDULED_TIME: string | null;
  QUERY_START_TIME: string | null;
  COMPLETED_TIME: string | null;
  GRAPH_RUN_GROUP_ID: string;
  ATTEMPT_NUMBER: number;
  SCHEDULED_FROM: string | null;
  ROOT_TASK_ID: string | null;
  FIRST_ERROR_TASK_NAME: string | null;
  FIRST_ERROR_CODE: string | null;
  FIRST_ERROR_MESSAGE: string | null;
  DURATION_MS: number | null;
  TASK_COUNT: number;
  TRACE_ID: string | null;
}

export interface TaskRunRow {
  NAME: string;
  STATE: string;
  SCHEDULED_TIME: string | null;
  QUERY_START_TIME: string | null;
  COMPLETED_TIME: string | null;
  ERROR_CODE: string | null;
  ERROR_MESSAGE: string | null;
  GRAPH_RUN_GROUP_ID: string;
  ATTEMPT_NUMBER: number;
  RETURN_VALUE: string | null;
  SCHEDULED_FROM: string | null;
  ROOT_TASK_ID: string | null;
  DATABASE_NAME: string | null;
  SCHEMA_NAME: string | null;
  DURATION_MS: number | null;
  ROWS_IN: number | null;
  ROWS_OUT: number | null;
  ROWS_REJECTED: number | null;
  TRIES: number | null;
  TRACE_ID: string | null;
  /** Snowflake only: the query that ran the task (links to the event table). */
  QUERY_ID: string | null;
}

export function toTaskRunRow(r: Row): TaskRunRow {
  const start = isoTime(r.QUERY_START_TIME);
  const done = isoTime(r.COMPLETED_TIME);
  return {
    NAME: manifestTaskName(r.NAME), STATE: String(r.STATE), SCHEDULED_TIME: isoTime(r.SCHEDULED_TIME), QUERY_START_TIME: start,
    COMPLETED_TIME: done, ERROR_CODE: text(r.ERROR_CODE), ERROR_MESSAGE: text(r.ERROR_MESSAGE), GRAPH_RUN_GROUP_ID: String(r.GRAPH_RUN_GROUP_ID),
    ATTEMPT_NUMBER: Number(r.ATTEMPT_NUMBER ?? 1), RETURN_VALUE: text(r.RETURN_VALUE), SCHEDULED_FROM: text(r.SCHEDULED_FROM),
    ROOT_TASK_ID: text(r.ROOT_TASK_ID), DATABASE_NAME: text(r.DATABASE_NAME), SCHEMA_NAME: text(r.SCHEMA_NAME), DURATION_MS: ms(start, done),
    // Row counts and tries are what the local runner measures; Snowflake reports them only in
    // the procedures' own log lines, not in TASK_HISTORY.
    ROWS_IN: null, ROWS_OUT: null, ROWS_REJECTED: null, TRIES: null, TRACE_ID: null, QUERY_ID: text(r.QUERY_ID),
  };
}

export function toGraphRunRow(r: Row, taskCount: number): GraphRunRow {
  const start = isoTime(r.QUERY_START_TIME);
  const done = isoTime(r.COMPLETED_TIME);
  return {
    ROOT_TASK_NAME: manifestTaskName(r.ROOT_TASK_NAME), STATE: String(r.STATE), SCHEDULED_TIME: isoTime(r.SCHEDULED_TIME), QUERY_START_TIME: start,
    COMPLETED_TIME: done, GRAPH_RUN_GROUP_ID: String(r.GRAPH_RUN_GROUP_ID), ATTEMPT_NUMBER: Number(r.ATTEMPT_NUMBER ?? 1),
    SCHEDULED_FROM: text(r.SCHEDULED_FROM), ROOT_TASK_ID: text(r.ROOT_TASK_ID),
    FIRST_ERROR_TASK_NAME: r.FIRST_ERROR_TASK_NAME ? manifestTaskName(r.FIRST_ERROR_TASK_NAME) : null,
    FIRST_ERROR_CODE: text(r.FIRST_ERROR_CODE), FIRST_ERROR_MESSAGE: text(r.FIRST_ERROR_MESSAGE),
    DURATION_MS: ms(start, done), TASK_COUNT: taskCount, TRACE_ID: null,
  };
}

const key = (g: unknown, a: unknown) => `${String(g)}#${Number(a ?? 1)}`;

/** TASK_HISTORY rows of the pipeline's schema (raw Snowflake columns). */
async function rawTaskHistory(client: SnowflakeClient, loc: SnowflakeLocation, graphRunGroupId?: string): Promise<Row[]> {
  const where = ['DATABASE_NAME = ?', 'SCHEMA_NAME = ?', ...(graphRunGroupId ? ['GRAPH_RUN_GROUP_ID = ?'] : [])];
  return client.execute(
    `SELECT * FROM TABLE(${infoSchema(loc)}.TASK_HISTORY(RESULT_LIMIT => 10000)) WHERE ${where.join(' AND ')}`,
    { binds: [loc.database.toUpperCase(), loc.schema.toUpperCase(), ...(graphRunGroupId ? [graphRunGroupId] : [])], summary: 'read TASK_HISTORY' },
  );
}

/** Graph runs of the pipeline's root task, newest first, running ones included. */
export async function listGraphRuns(client: SnowflakeClient, loc: SnowflakeLocation, limit = 20): Promise<GraphRunRow[]> {
  const fn = (name: string) => `SELECT * FROM TABLE(${infoSchema(loc)}.${name}(RESULT_LIMIT => ${Math.min(10000, Math.max(1, Math.floor(limit)))}, ROOT_TASK_NAME => ${snowflakeLiteral(ROOT_TASK.toUpperCase())})) WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?`;
  const binds = [loc.database.toUpperCase(), loc.schema.toUpperCase()];
  const complete = await client.execute(fn('COMPLETE_TASK_GRAPHS'), { binds, summary: 'read COMPLETE_TASK_GRAPHS' });
  const current = await client.execute(fn('CURRENT_TASK_GRAPHS'), { binds, summary: 'read CURRENT_TASK_GRAPHS' });
  const counts = new Map<string, number>();
  for (const h of await rawTaskHistory(client, loc)) counts.set(key(h.GRAPH_RUN_GROUP_ID, h.ATTEMPT_NUMBER), (counts.get(key(h.GRAPH_RUN_GROUP_ID, h.ATTEMPT_NUMBER)) ?? 0) + 1);
  // CURRENT_TASK_GRAPHS also lists the next SCHEDULED run, which has not started: not a run yet.
  const rows = [...complete, ...current.filter((r) => r.STATE !== 'SCHEDULED')].filter((r) => r.GRAPH_RUN_GROUP_ID !== null && r.GRAPH_RUN_GROUP_ID !== undefined)
    .map((r) => toGraphRunRow(r, counts.get(key(r.GRAPH_RUN_GROUP_ID, r.ATTEMPT_NUMBER)) ?? 0));
  const t = (r: GraphRunRow) => Date.parse(r.QUERY_START_TIME ?? r.SCHEDULED_TIME ?? '') || 0;
  return rows.sort((a, b) => t(b) - t(a) || b.ATTEMPT_NUMBER - a.ATTEMPT_NUMBER).slice(0, limit);
}

/** TASK_HISTORY rows of one graph run group (all attempts), in run order. */
export async function taskHistory(client: SnowflakeClient, loc: SnowflakeLocation, graphRunGroupId: string): Promise<TaskRunRow[]> {
  const rows = (await rawTaskHistory(client, loc, graphRunGroupId)).map(toTaskRunRow);
  const t = (r: TaskRunRow) => (r.QUERY_START_TIME ? Date.parse(r.QUERY_START_TIME) : Number.MAX_SAFE_INTEGER);
  return rows.sort((a, b) => a.ATTEMPT_NUMBER - b.ATTEMPT_NUMBER || t(a) - t(b) || a.NAME.localeCompare(b.NAME));
}

/** A full graph run id, or a unique prefix of one. */
export function resolveGraphRunId(runs: readonly GraphRunRow[], idOrPrefix: string): string {
  const ids = [...new Set(runs.map((r) => r.GRAPH_RUN_GROUP_ID).filter((g) => g.startsWith(idOrPrefix.trim())))];
  if (!ids.length) throw new Error(`No graph run with id ${JSON.stringify(idOrPrefix)} in the recent history of ${ROOT_TASK}`);
  if (ids.length > 1) throw new Error(`Graph run id prefix ${JSON.stringify(idOrPrefix)} is ambiguous: ${ids.join(', ')}`);
  return ids[0];
}

export const EVENT_COLUMNS = ['TIMESTAMP', 'START_TIMESTAMP', 'OBSERVED_TIMESTAMP', 'TRACE', 'RESOURCE', 'RESOURCE_ATTRIBUTES', 'SCOPE',
  'SCOPE_ATTRIBUTES', 'RECORD_TYPE', 'RECORD', 'RECORD_ATTRIBUTES', 'VALUE', 'EXEMPLARS'] as const;
const TIME_COLUMNS = new Set(['TIMESTAMP', 'START_TIMESTAMP', 'OBSERVED_TIMESTAMP']);

/** An event-table row as the local EVENTS rows read: times as ISO text, OBJECT/VARIANT columns as JSON text. */
export function toEventRow(r: Row): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of EVENT_COLUMNS) {
    const v = r[c];
    if (TIME_COLUMNS.has(c)) out[c] = isoTime(v);
    else if (c === 'RECORD_TYPE') out[c] = text(v);
    else out[c] = v === null || v === undefined ? null : typeof v === 'string' && /^[[{"]/.test(v) ? v : JSON.stringify(v);
  }
  return out;
}

/** Event-table rows (spans, span events, logs) of the task runs of one graph run, in time order. */
export async function eventsOfGraphRun(client: SnowflakeClient, loc: SnowflakeLocation, runs: readonly TaskRunRow[]): Promise<Record<string, string | null>[]> {
  const queryIds = [...new Set(runs.map((r) => r.QUERY_ID).filter((q): q is string => !!q))];
  if (!queryIds.length) return [];
  const [db, sch, tab] = loc.eventTable.split('.');
  // Event-table TIMESTAMP is TIMESTAMP_NTZ in UTC: the bound ISO time is converted to UTC wall
  // time, not to the session's time zone (an LTZ cast would shift the window by its offset).
  const since = runs.map((r) => r.SCHEDULED_TIME ?? r.QUERY_START_TIME).filter((x): x is string => !!x).sort()[0];
  const rows = await client.execute(
    `SELECT ${EVENT_COLUMNS.join(', ')} FROM ${id(db)}.${id(sch)}.${id(tab)}
WHERE RESOURCE_ATTRIBUTES:"snow.query.id"::VARCHAR IN (${queryIds.map(() => '?').join(', ')})${since ? `\n  AND TIMESTAMP >= DATEADD(HOUR, -1, CONVERT_TIMEZONE('UTC', ?::TIMESTAMP_TZ)::TIMESTAMP_NTZ)` : ''}`,
    { binds: [...queryIds, ...(since ? [since] : [])], summary: `read the event table ${loc.eventTable}` },
  );
  const t = (r: Record<string, string | null>) => Date.parse(r.START_TIMESTAMP ?? r.TIMESTAMP ?? '') || 0;
  return rows.map(toEventRow).sort((a, b) => t(a) - t(b) || (Date.parse(a.TIMESTAMP ?? '') || 0) - (Date.parse(b.TIMESTAMP ?? '') || 0));
}

/** The local target's span tree nodes (src/core/telemetry/query.ts): both targets render alike. */
export type { SpanNode };

/** The SPAN rows as trees (one root per trace, or per span whose parent is not in the rows). */
export function spanTrees(events: readonly Record<string, string | null>[]): SpanNode[] {
  const parse = (s: string | null) => (s ? JSON.parse(s) as Record<string, any> : {});
  const nodes = events.filter((e) => e.RECORD_TYPE === 'SPAN').map((e): SpanNode => {
    const tr = parse(e.TRACE);
    const rec = parse(e.RECORD);
    return {
      name: String(rec.name ?? ''), traceId: String(tr.trace_id ?? ''), spanId: String(tr.span_id ?? ''), parentSpanId: rec.parent_span_id,
      startUs: Date.parse(e.START_TIMESTAMP ?? e.TIMESTAMP ?? '') * 1000, endUs: Date.parse(e.TIMESTAMP ?? '') * 1000,
      status: String(rec.status?.code ?? 'STATUS_CODE_UNSET').replace('STATUS_CODE_', ''), statusMessage: rec.status?.message,
      attributes: parse(e.RECORD_ATTRIBUTES), children: [],
    };
  });
  return linkSpans(nodes);
}
