// EVENTS rows -> OTLP/JSON (the shape an OTLP collector, Jaeger or Grafana Tempo loads):
// resourceSpans[].scopeSpans[].spans[] with hex ids, times as nanosecond strings, and
// attributes as OTLP AnyValue key/value lists.
import type { LocalWarehouse } from '../targets/local/warehouse';

export type AnyValue =
  | { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } } | { kvlistValue: { values: KeyValue[] } };
export interface KeyValue { key: string; value: AnyValue }

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events: { timeUnixNano: string; name: string; attributes: KeyValue[] }[];
  links: { traceId: string; spanId: string; attributes: KeyValue[] }[];
  status: { code: number; message?: string };
}
export interface OtlpTraces {
  resourceSpans: { resource: { attributes: KeyValue[] }; scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[] }[];
}

export function anyValue(v: unknown): AnyValue {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (v && typeof v === 'object') return { kvlistValue: { values: attributes(v as Record<string, unknown>) } };
  return { stringValue: v === null || v === undefined ? '' : String(v) };
}

export function attributes(o: Record<string, unknown> | null | undefined): KeyValue[] {
  return Object.entries(o ?? {}).filter(([, v]) => v !== undefined).map(([key, value]) => ({ key, value: anyValue(value) }));
}

type Scope = { name: string; version?: string };

/** OTLP nests everything by resource, then by instrumentation scope: one bucket per distinct
 *  RESOURCE_ATTRIBUTES and SCOPE (as JSON text, the event table's columns), in first-seen order.
 *  Shared by the trace and the metrics export. */
export class ResourceScopeGroups<T> {
  private readonly groups = new Map<string, { resource: Record<string, unknown>; scopes: Map<string, { scope: Scope; items: T }> }>();

  /** The bucket of one row's resource and scope, created with `init` the first time. */
  bucket(resourceJson: string | null, scopeJson: string, init: () => T): T {
    const resourceKey = resourceJson ?? '{}';
    let g = this.groups.get(resourceKey);
    if (!g) this.groups.set(resourceKey, (g = { resource: JSON.parse(resourceKey) as Record<string, unknown>, scopes: new Map() }));
    let s = g.scopes.get(scopeJson);
    if (!s) g.scopes.set(scopeJson, (s = { scope: JSON.parse(scopeJson) as Scope, items: init() }));
    return s.items;
  }

  map<R>(scoped: (scope: Scope, items: T) => R): { resource: { attributes: KeyValue[] }; scopes: R[] }[] {
    return [...this.groups.values()].map((g) => ({
      resource: { attributes: attributes(g.resource) },
      scopes: [...g.scopes.values()].map((s) => scoped(s.scope, s.items)),
    }));
  }
}

const KIND: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};
const STATUS: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

type EventRow = {
  us: string; start_us: string | null; record_type: string; trace: string; resource: string | null; scope: string;
  record: string; attrs: string | null;
};

/** Spans and span events of the given traces as OTLP/JSON. */
export async function exportOtlp(wh: LocalWarehouse, traceIds: string[]): Promise<OtlpTraces> {
  if (!traceIds.length || !(await wh.tableExists('EVENTS'))) return { resourceSpans: [] };
  const rows = await wh.query<EventRow>(
    `select epoch_us(TIMESTAMP)::varchar as us, epoch_us(START_TIMESTAMP)::varchar as start_us, RECORD_TYPE as record_type,
       TRACE::varchar as trace, RESOURCE_ATTRIBUTES::varchar as resource, SCOPE::varchar as scope, RECORD::varchar as record,
       RECORD_ATTRIBUTES::varchar as attrs
     from EVENTS where RECORD_TYPE in ('SPAN', 'SPAN_EVENT') and (TRACE->>'trace_id') in (select unnest(?::varchar[]))
     order by START_TIMESTAMP nulls last, TIMESTAMP`, [JSON.stringify(traceIds)]);
  const spans = new Map<string, OtlpSpan>();
  const pendingEvents: { spanId: string; ev: OtlpSpan['events'][number] }[] = [];
  const groups = new ResourceScopeGroups<OtlpSpan[]>();
  for (const r of rows) {
    const trace = JSON.parse(r.trace) as { trace_id: string; span_id: string };
    const record = JSON.parse(r.record) as Record<string, unknown>;
    const attrs = r.attrs ? (JSON.parse(r.attrs) as Record<string, unknown>) : {};
    if (r.record_type === 'SPAN_EVENT') {
      pendingEvents.push({ spanId: trace.span_id, ev: { timeUnixNano: `${r.us}000`, name: String(record.name), attributes: attributes(attrs) } });
      continue;
    }
    const status = (record.status ?? {}) as { code?: string; message?: string };
    const span: OtlpSpan = {
      traceId: trace.trace_id, spanId: trace.span_id,
      ...(record.parent_span_id ? { parentSpanId: String(record.parent_span_id) } : {}),
      name: String(record.name), kind: KIND[String(record.kind)] ?? 1,
      startTimeUnixNano: `${r.start_us}000`, endTimeUnixNano: `${r.us}000`,
      attributes: attributes(attrs), events: [],
      links: ((record.links ?? []) as { trace_id: string; span_id: string; attributes?: Record<string, unknown> }[])
        .map((l) => ({ traceId: l.trace_id, spanId: l.span_id, attributes: attributes(l.attributes) })),
      status: { code: STATUS[status.code ?? ''] ?? 0, ...(status.message ? { message: status.message } : {}) },
    };
    spans.set(span.spanId, span);
    groups.bucket(r.resource, r.scope, () => []).push(span);
  }
  for (const { spanId, ev } of pendingEvents) spans.get(spanId)?.events.push(ev);
  return {
    resourceSpans: groups.map((scope, list) => ({ scope, spans: list })).map(({ resource, scopes }) => ({ resource, scopeSpans: scopes })),
  };
}
