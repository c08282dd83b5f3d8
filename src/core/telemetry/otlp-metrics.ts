// EVENTS METRIC rows -> OTLP/JSON metrics (what an OTLP collector takes on /v1/metrics):
// resourceMetrics[].scopeMetrics[].metrics[] with a gauge or a sum (delta, monotonic: each point
// covers one task run) of data points. Each point carries an exemplar with the task span's ids,
// so a tool can jump from a measurement to the trace, as the event table links them by TRACE.
import type { LocalWarehouse } from '../targets/local/warehouse';
import { attributes, ResourceScopeGroups, type KeyValue } from './otlp';

export interface OtlpDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asInt?: string;
  asDouble?: number;
  exemplars: { timeUnixNano: string; traceId: string; spanId: string; asInt?: string; asDouble?: number }[];
}
export interface OtlpMetric {
  name: string;
  unit: string;
  gauge?: { dataPoints: OtlpDataPoint[] };
  /** aggregationTemporality 1 = DELTA (opentelemetry-proto AggregationTemporality). */
  sum?: { dataPoints: OtlpDataPoint[]; aggregationTemporality: 1; isMonotonic: true };
}
export interface OtlpMetrics {
  resourceMetrics: { resource: { attributes: KeyValue[] }; scopeMetrics: { scope: { name: string; version?: string }; metrics: OtlpMetric[] }[] }[];
}

type MetricRow = { us: string; start_us: string | null; trace: string | null; resource: string | null; scope: string; record: string; attrs: string | null; value: string };
type MetricRecord = { metric?: { name?: string; unit?: string }; metric_type?: string; value_type?: string };

/** A number as OTLP writes it: integers as decimal strings (int64), the rest as doubles. */
function pointValue(v: number, valueType: string | undefined): { asInt: string } | { asDouble: number } {
  return valueType === 'INT' && Number.isInteger(v) ? { asInt: String(v) } : { asDouble: v };
}

/** The METRIC records of the given traces as OTLP/JSON. */
export async function exportOtlpMetrics(wh: LocalWarehouse, traceIds: string[]): Promise<OtlpMetrics> {
  if (!traceIds.length || !(await wh.tableExists('EVENTS'))) return { resourceMetrics: [] };
  const rows = await wh.query<MetricRow>(
    `select epoch_us(TIMESTAMP)::varchar as us, epoch_us(START_TIMESTAMP)::varchar as start_us, TRACE::varchar as trace,
       RESOURCE_ATTRIBUTES::varchar as resource, SCOPE::varchar as scope, RECORD::varchar as record,
       RECORD_ATTRIBUTES::varchar as attrs, VALUE::varchar as value
     from EVENTS where RECORD_TYPE = 'METRIC' and (TRACE->>'trace_id') in (select unnest(?::varchar[]))
     order by TIMESTAMP`, [JSON.stringify(traceIds)]);
  const groups = new ResourceScopeGroups<Map<string, OtlpMetric>>();
  for (const r of rows) {
    const rec = JSON.parse(r.record) as MetricRecord;
    const value = Number(JSON.parse(r.value));
    if (!rec.metric?.name || !Number.isFinite(value)) continue;
    const trace = r.trace ? (JSON.parse(r.trace) as { trace_id: string; span_id: string }) : undefined;
    const end = `${r.us}000`;
    const v = pointValue(value, rec.value_type);
    const point: OtlpDataPoint = {
      attributes: attributes(r.attrs ? (JSON.parse(r.attrs) as Record<string, unknown>) : {}),
      startTimeUnixNano: `${r.start_us ?? r.us}000`, timeUnixNano: end, ...v,
      exemplars: trace ? [{ timeUnixNano: end, traceId: trace.trace_id, spanId: trace.span_id, ...v }] : [],
    };
    const metrics = groups.bucket(r.resource, r.scope, () => new Map<string, OtlpMetric>());
    const unit = rec.metric.unit ?? '';
    const key = `${rec.metric.name}\u0000${unit}\u0000${rec.metric_type}`;
    let m = metrics.get(key);
    if (!m) {
      m = rec.metric_type === 'sum'
        ? { name: rec.metric.name, unit, sum: { dataPoints: [], aggregationTemporality: 1, isMonotonic: true } }
        : { name: rec.metric.name, unit, gauge: { dataPoints: [] } };
      metrics.set(key, m);
    }
    (m.sum ?? m.gauge)!.dataPoints.push(point);
  }
  return {
    resourceMetrics: groups.map((scope, metrics) => ({ scope, metrics: [...metrics.values()] }))
      .map(({ resource, scopes }) => ({ resource, scopeMetrics: scopes })),
  };
}

/** Where `traces --otlp FILE` puts the metrics: beside FILE (trace.json -> trace.metrics.json),
 *  since OTLP sends traces and metrics as separate requests. */
export function metricsFileFor(tracesFile: string): string {
  return /\.json$/i.test(tracesFile) ? tracesFile.replace(/\.json$/i, '.metrics.json') : `${tracesFile}.metrics.json`;
}
