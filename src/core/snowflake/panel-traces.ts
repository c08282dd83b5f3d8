// The Traces panel's data from an account's event table, in the shapes the local target gives
// (src/shared/webview-protocol.ts TraceSummary and TraceDetail). An event table only grows and
// may be the account's shared one, so every read is bounded: a time window on TIMESTAMP (the
// column Snowflake prunes on), the pipeline's database and schema, and a row limit.
// Event-table times are TIMESTAMP_NTZ in UTC, hence SYSDATE() (UTC, NTZ) as the window's anchor.
import type { LogRow, MetricRow, SpanEventRow, SpanRow, TraceDetail, TraceSummary } from '../../shared/webview-protocol';
import { metricRow } from '../dashboard/history-data';
import type { SpanNode } from '../telemetry/query';
import { ident } from '../sql/identifiers';
import type { SnowflakeClient } from './client';
import { EVENT_COLUMNS, isoTime, spanTrees, toEventRow, type SnowflakeLocation } from './history';
import { MAX_TASK_HISTORY_MINUTES, readTaskHistory, windowMinutes } from './panel-data';

/** Default look-back of the Traces panel: the week TASK_HISTORY also covers. */
export const DEFAULT_TRACE_WINDOW_HOURS = 24 * 7;
/** Longest look-back a caller may ask for (90 days). */
const MAX_TRACE_WINDOW_MINUTES = 90 * 24 * 60;
/** Rows of one trace read at most (spans, span events and logs together). */
export const MAX_TRACE_ROWS = 10_000;
const TRACE_ID = /^[0-9a-f]{32}$/;

/** The configured event table (database.schema.table), each part validated and quoted. */
export function eventTableName(loc: SnowflakeLocation): string {
  const parts = loc.eventTable.split('.');
  if (parts.length !== 3) throw new Error(`eventTable ${JSON.stringify(loc.eventTable)}: expected database.schema.table`);
  return parts.map((p) => ident(p.toUpperCase(), 'eventTable part')).join('.');
}

export interface TraceListOptions {
  /** Traces listed at most, newest first (default 200, at most 10000). */
  readonly limit?: number;
  /** How far back (hours; default 7 days, at most 90 days). */
  readonly windowHours?: number;
}

const obj = (s: string | null): Record<string, any> => {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, any> : {};
  } catch {
    return {};
  }
};
const epochMs = (v: unknown): number => Date.parse(isoTime(v) ?? '') || 0;

/** One row per trace of the pipeline in the window, newest first: the root span's name (a span
 * without a parent, else the earliest), its time span, the worst status and the span count,
 * and the graph run it belongs to (through the task run's query id in TASK_HISTORY). */
export async function listTracesSnowflake(client: SnowflakeClient, loc: SnowflakeLocation, o: TraceListOptions = {}): Promise<TraceSummary[]> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(o.limit ?? 200)));
  const minutes = windowMinutes(o.windowHours, DEFAULT_TRACE_WINDOW_HOURS, MAX_TRACE_WINDOW_MINUTES);
  const rows = await client.execute(
    `SELECT TRACE:"trace_id"::VARCHAR AS TRACE_ID,
  GET(ARRAY_AGG(RECORD:"name"::VARCHAR) WITHIN GROUP (ORDER BY IFF(RECORD:"parent_span_id"::VARCHAR IS NULL, 0, 1), START_TIMESTAMP), 0)::VARCHAR AS NAME,
  MIN(COALESCE(START_TIMESTAMP, TIMESTAMP)) AS START_TIME,
  MAX(TIMESTAMP) AS END_TIME,
  COUNT(*) AS SPAN_COUNT,
  COUNT_IF(RECORD:"status":"code"::VARCHAR = 'STATUS_CODE_ERROR') AS ERROR_SPANS,
  COUNT_IF(RECORD:"status":"code"::VARCHAR = 'STATUS_CODE_OK') AS OK_SPANS,
  ANY_VALUE(RESOURCE_ATTRIBUTES:"snow.query.id"::VARCHAR) AS QUERY_ID
FROM ${eventTableName(loc)}
WHERE RECORD_TYPE = 'SPAN'
  AND TIMESTAMP >= DATEADD(MINUTE, ?, SYSDATE())
  AND RESOURCE_ATTRIBUTES:"snow.database.name"::VARCHAR = ?
  AND RESOURCE_ATTRIBUTES:"snow.schema.name"::VARCHAR = ?
GROUP BY TRACE_ID
ORDER BY START_TIME DESC
LIMIT ${limit}`,
    { binds: [-minutes, loc.database.toUpperCase(), loc.schema.toUpperCase()], summary: `list traces in the event table ${loc.eventTable}` },
  );
  const queryIds = [...new Set(rows.map((r) => r.QUERY_ID).filter((q): q is string => typeof q === 'string' && q !== ''))];
  const runOf = new Map<string, { group: string; attempt: number }>();
  if (queryIds.length) {
    const windowHours = Math.min(minutes, MAX_TASK_HISTORY_MINUTES) / 60;
    for (const t of await readTaskHistory(client, loc, { windowHours, queryIds })) {
      if (t.QUERY_ID) runOf.set(t.QUERY_ID, { group: t.GRAPH_RUN_GROUP_ID, attempt: t.ATTEMPT_NUMBER });
    }
  }
  return rows.map((r): TraceSummary => {
    const start = epochMs(r.START_TIME);
    const run = runOf.get(String(r.QUERY_ID ?? ''));
    return {
      traceId: String(r.TRACE_ID), name: String(r.NAME ?? ''), startMs: start, durationMs: Math.max(0, epochMs(r.END_TIME) - start),
      status: Number(r.ERROR_SPANS) > 0 ? 'ERROR' : Number(r.OK_SPANS) > 0 ? 'OK' : 'UNSET',
      spanCount: Number(r.SPAN_COUNT), graphRunGroupId: run?.group ?? null, attempt: run?.attempt ?? null,
    };
  });
}

/** Spans in tree order (each parent before its children, siblings by start). */
function flatten(nodes: readonly SpanNode[], out: SpanRow[] = []): SpanRow[] {
  for (const n of nodes) {
    out.push({
      spanId: n.spanId, parentSpanId: n.parentSpanId ?? null, name: n.name, startUs: n.startUs, endUs: n.endUs, status: n.status,
      statusMessage: n.statusMessage ?? null, attributes: n.attributes, events: [],
    });
    flatten(n.children, out);
  }
  return out;
}

/** Event-table rows of one trace (toEventRow's shape) as the Traces panel's detail: the span
 * tree from spanTrees (shared with the CLI), span events under their span, the logs, and the
 * METRIC records that carry the trace's context. */
export function traceDetailFromEvents(traceId: string, events: readonly Record<string, string | null>[]): TraceDetail {
  const spans = flatten(spanTrees(events));
  const byId = new Map(spans.map((s) => [s.spanId, s.events as SpanEventRow[]]));
  const logs: LogRow[] = [];
  const metrics: MetricRow[] = [];
  for (const e of events) {
    const trace = obj(e.TRACE);
    const rec = obj(e.RECORD);
    const atUs = (Date.parse(e.TIMESTAMP ?? '') || 0) * 1000;
    if (e.RECORD_TYPE === 'SPAN_EVENT') {
      byId.get(String(trace.span_id))?.push({ name: String(rec.name ?? ''), atUs, attributes: obj(e.RECORD_ATTRIBUTES) });
    } else if (e.RECORD_TYPE === 'LOG') {
      // VALUE is a VARIANT: a JSON string for a plain message, anything else shown as JSON.
      let message = e.VALUE ?? '';
      try { const v: unknown = JSON.parse(message); message = typeof v === 'string' ? v : JSON.stringify(v); } catch { /* plain text */ }
      logs.push({ atUs, severity: String(rec.severity_text ?? 'INFO'), message, spanId: trace.span_id ? String(trace.span_id) : null, attributes: obj(e.RECORD_ATTRIBUTES) });
    } else if (e.RECORD_TYPE === 'METRIC') {
      const m = metricRow(rec, e.VALUE, { spanId: trace.span_id ? String(trace.span_id) : null, atUs, attributes: obj(e.RECORD_ATTRIBUTES) });
      if (m) metrics.push(m);
    }
  }
  return { traceId, spans, logs, metrics };
}

/** Every span (with its span events), log and metric record of one trace, read within the window. */
export async function loadTraceSnowflake(client: SnowflakeClient, loc: SnowflakeLocation, traceId: string, o: { windowHours?: number } = {}): Promise<TraceDetail> {
  if (!TRACE_ID.test(traceId)) throw new Error(`Invalid trace id ${JSON.stringify(traceId)}: expected 32 hex digits`);
  const minutes = windowMinutes(o.windowHours, DEFAULT_TRACE_WINDOW_HOURS, MAX_TRACE_WINDOW_MINUTES);
  const rows = await client.execute(
    `SELECT ${EVENT_COLUMNS.join(', ')}
FROM ${eventTableName(loc)}
WHERE TRACE:"trace_id"::VARCHAR = ?
  AND RECORD_TYPE IN ('SPAN', 'SPAN_EVENT', 'LOG', 'METRIC')
  AND TIMESTAMP >= DATEADD(MINUTE, ?, SYSDATE())
ORDER BY COALESCE(START_TIMESTAMP, TIMESTAMP), TIMESTAMP
LIMIT ${MAX_TRACE_ROWS}`,
    { binds: [traceId, -minutes], summary: `read trace ${traceId} from the event table ${loc.eventTable}` },
  );
  return traceDetailFromEvents(traceId, rows.map(toEventRow));
}
