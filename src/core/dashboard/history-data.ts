// Run history and traces in the shapes of the webview protocol, from the TASK_GRAPH_RUNS /
// TASK_HISTORY tables (Snowflake's COMPLETE_TASK_GRAPHS / TASK_HISTORY shapes) and the EVENTS
// table (Snowflake's event table shape). Times leave as epoch numbers so the webview never
// parses timestamps.
import type { GraphRunRow, LogRow, MetricRow, RunHistoryData, SpanRow, TaskRunRow, TraceDetail, TraceSummary } from '../../shared/webview-protocol';
import { TASKS } from '../manifest';
import type { LocalWarehouse } from '../targets/local/warehouse';

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const obj = (v: unknown): Record<string, unknown> => {
  if (v === null || v === undefined) return {};
  if (typeof v === 'string') { try { return JSON.parse(v) as Record<string, unknown>; } catch { return {}; } }
  return v as Record<string, unknown>;
};

export function graphTasks(): RunHistoryData['tasks'] {
  return TASKS.map((t) => ({ name: t.name, kind: t.kind, after: [...t.after] }));
}

/** The newest `limit` graph runs (every attempt) and their task rows. */
export async function loadRunHistory(wh: LocalWarehouse, limit = 500): Promise<RunHistoryData> {
  const tasks = graphTasks();
  if (!(await wh.tableExists('TASK_GRAPH_RUNS'))) return { tasks, runs: [], taskRuns: [] };
  const runs = (await wh.query(`
    select GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER, STATE, SCHEDULED_FROM, epoch_ms(QUERY_START_TIME) as S, epoch_ms(COMPLETED_TIME) as E,
      DURATION_MS, TASK_COUNT, FIRST_ERROR_TASK_NAME, FIRST_ERROR_MESSAGE, TRACE_ID
    from TASK_GRAPH_RUN_SUMMARY order by QUERY_START_TIME desc nulls last, ATTEMPT_NUMBER desc limit ?`, [limit]))
    .map((r): GraphRunRow => ({
      graphRunGroupId: String(r.GRAPH_RUN_GROUP_ID), attempt: Number(r.ATTEMPT_NUMBER), state: String(r.STATE), scheduledFrom: String(r.SCHEDULED_FROM),
      startMs: n(r.S), endMs: n(r.E), durationMs: n(r.DURATION_MS), taskCount: Number(r.TASK_COUNT ?? 0),
      firstErrorTask: str(r.FIRST_ERROR_TASK_NAME), firstErrorMessage: str(r.FIRST_ERROR_MESSAGE), traceId: str(r.TRACE_ID),
    }));
  if (!runs.length) return { tasks, runs, taskRuns: [] };
  const ids = [...new Set(runs.map((r) => r.graphRunGroupId))];
  const taskRuns = (await wh.query(`
    select h.NAME, h.STATE, h.GRAPH_RUN_GROUP_ID, h.ATTEMPT_NUMBER, epoch_ms(h.QUERY_START_TIME) as S, epoch_ms(h.COMPLETED_TIME) as E,
      h.DURATION_MS, h.ERROR_CODE, h.ERROR_MESSAGE, h.RETURN_VALUE, h.ROWS_IN, h.ROWS_OUT, h.ROWS_REJECTED, h.TRIES, h.SCHEDULED_FROM
    from TASK_HISTORY h where h.GRAPH_RUN_GROUP_ID in (select unnest(?::varchar[]))
    order by h.GRAPH_RUN_GROUP_ID, h.ATTEMPT_NUMBER, h.NAME`, [JSON.stringify(ids)]))
    .map((r): TaskRunRow => ({
      graphRunGroupId: String(r.GRAPH_RUN_GROUP_ID), attempt: Number(r.ATTEMPT_NUMBER), name: String(r.NAME), state: String(r.STATE),
      startMs: n(r.S), endMs: n(r.E), durationMs: n(r.DURATION_MS), errorCode: str(r.ERROR_CODE), errorMessage: str(r.ERROR_MESSAGE),
      returnValue: str(r.RETURN_VALUE), rowsIn: n(r.ROWS_IN), rowsOut: n(r.ROWS_OUT), rowsRejected: n(r.ROWS_REJECTED), tries: n(r.TRIES),
      scheduledFrom: str(r.SCHEDULED_FROM),
    }));
  return { tasks, runs, taskRuns };
}

/** One row per trace: its root span's name, time span, worst status and span count. */
export async function listTraces(wh: LocalWarehouse, limit = 1000): Promise<TraceSummary[]> {
  if (!(await wh.tableExists('EVENTS'))) return [];
  const rows = await wh.query(`
    with spans as (
      select TRACE->>'trace_id' as trace_id, RECORD->>'name' as name, RECORD->>'parent_span_id' as parent,
        RECORD->'status'->>'code' as status, START_TIMESTAMP as s, TIMESTAMP as e,
        RECORD_ATTRIBUTES->>'snow.task.graph_run_group_id' as grp, RECORD_ATTRIBUTES->>'snow.task.attempt_number' as att
      from EVENTS where RECORD_TYPE = 'SPAN'),
    ids as (select distinct trace_id, span_id from (select TRACE->>'trace_id' as trace_id, TRACE->>'span_id' as span_id from EVENTS where RECORD_TYPE = 'SPAN'))
    select trace_id,
      coalesce(arg_min(name, s) filter (where parent is null or parent not in (select span_id from ids i where i.trace_id = spans.trace_id)), arg_min(name, s)) as name,
      epoch_ms(min(s)) as start_ms, date_diff('millisecond', min(s), max(e)) as duration_ms,
      case when bool_or(status = 'STATUS_CODE_ERROR') then 'ERROR' when bool_or(status = 'STATUS_CODE_OK') then 'OK' else 'UNSET' end as status,
      count(*) as span_count, max(grp) as grp, max(att) as att
    from spans group by trace_id order by min(s) desc limit ?`, [limit]);
  return rows.map((r) => ({
    traceId: String(r.trace_id), name: String(r.name ?? ''), startMs: Number(r.start_ms), durationMs: Number(r.duration_ms),
    status: String(r.status), spanCount: Number(r.span_count), graphRunGroupId: str(r.grp), attempt: r.att === null || r.att === undefined ? null : Number(r.att),
  }));
}

/** A METRIC record's RECORD and VALUE as the panel shows it; undefined when it is not a number. */
export function metricRow(record: Record<string, unknown>, value: unknown, base: Omit<MetricRow, 'name' | 'unit' | 'value'>): MetricRow | undefined {
  const metric = obj(record.metric);
  let v = value;
  if (typeof v === 'string') { try { v = JSON.parse(v); } catch { /* not JSON */ } }
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || metric.name === undefined) return undefined;
  return { ...base, name: String(metric.name), unit: String(metric.unit ?? ''), value: n };
}

/** Every span (with its span events), log and metric record of one trace. */
export async function loadTrace(wh: LocalWarehouse, traceId: string): Promise<TraceDetail> {
  if (!/^[0-9a-f]{32}$/.test(traceId)) throw new Error(`Invalid trace id ${JSON.stringify(traceId)}: expected 32 hex digits`);
  if (!(await wh.tableExists('EVENTS'))) return { traceId, spans: [], logs: [], metrics: [] };
  const rows = await wh.query(`
    select RECORD_TYPE as type, TRACE->>'span_id' as span_id, RECORD::varchar as record, RECORD_ATTRIBUTES::varchar as attrs, VALUE::varchar as value,
      epoch_us(START_TIMESTAMP) as s, epoch_us(TIMESTAMP) as e
    from EVENTS where TRACE->>'trace_id' = ? order by coalesce(START_TIMESTAMP, TIMESTAMP), TIMESTAMP`, [traceId]);
  const spans = new Map<string, SpanRow & { events: SpanRow['events'][number][] }>();
  const events: { spanId: string; name: string; atUs: number; attributes: Record<string, unknown> }[] = [];
  const logs: LogRow[] = [];
  const metrics: MetricRow[] = [];
  for (const r of rows) {
    const rec = obj(r.record);
    const attributes = obj(r.attrs);
    if (r.type === 'SPAN') {
      const status = obj(rec.status);
      spans.set(String(r.span_id), {
        spanId: String(r.span_id), parentSpanId: str(rec.parent_span_id), name: String(rec.name ?? ''),
        startUs: Number(r.s), endUs: Number(r.e), status: String(status.code ?? 'STATUS_CODE_UNSET').replace('STATUS_CODE_', ''),
        statusMessage: str(status.message), attributes, events: [],
      });
    } else if (r.type === 'SPAN_EVENT') {
      events.push({ spanId: String(r.span_id), name: String(rec.name ?? ''), atUs: Number(r.e), attributes });
    } else if (r.type === 'LOG') {
      let message = r.value === null || r.value === undefined ? '' : String(r.value);
      try { const v: unknown = JSON.parse(message); message = typeof v === 'string' ? v : JSON.stringify(v); } catch { /* plain text */ }
      logs.push({ atUs: Number(r.e), severity: String(rec.severity_text ?? 'INFO'), message, spanId: str(r.span_id), attributes });
    } else if (r.type === 'METRIC') {
      const m = metricRow(rec, r.value, { spanId: str(r.span_id), atUs: Number(r.e), attributes });
      if (m) metrics.push(m);
    }
  }
  for (const ev of events) spans.get(ev.spanId)?.events.push({ name: ev.name, atUs: ev.atUs, attributes: ev.attributes });
  return { traceId, spans: [...spans.values()], logs, metrics };
}
