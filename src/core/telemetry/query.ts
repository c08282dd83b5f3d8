// Reads of the event table: the rows of some traces, and their spans as a tree.
import type { LocalWarehouse, Row } from '../targets/local/warehouse';

/** Every EVENTS row (spans, span events, logs) of the given traces, in time order. */
export async function eventsOf(wh: LocalWarehouse, traceIds: string[]): Promise<Row[]> {
  if (!traceIds.length || !(await wh.tableExists('EVENTS'))) return [];
  return wh.query(`select * from EVENTS where (TRACE->>'trace_id') in (select unnest(?::varchar[]))
    order by coalesce(START_TIMESTAMP, TIMESTAMP), TIMESTAMP`, [JSON.stringify(traceIds)]);
}

export interface SpanNode {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startUs: number;
  endUs: number;
  status: string;
  statusMessage?: string;
  attributes: Record<string, unknown>;
  children: SpanNode[];
}

/** The spans of the given traces as trees (one root per trace), children in start order. */
export async function spanTrees(wh: LocalWarehouse, traceIds: string[]): Promise<SpanNode[]> {
  if (!traceIds.length || !(await wh.tableExists('EVENTS'))) return [];
  const rows = await wh.query<{ trace: string; record: string; attrs: string | null; s: string; e: string }>(
    `select TRACE::varchar as trace, RECORD::varchar as record, RECORD_ATTRIBUTES::varchar as attrs,
       epoch_us(START_TIMESTAMP)::varchar as s, epoch_us(TIMESTAMP)::varchar as e
     from EVENTS where RECORD_TYPE = 'SPAN' and (TRACE->>'trace_id') in (select unnest(?::varchar[])) order by START_TIMESTAMP`,
    [JSON.stringify(traceIds)]);
  const nodes = rows.map((r): SpanNode => {
    const t = JSON.parse(r.trace) as { trace_id: string; span_id: string };
    const rec = JSON.parse(r.record) as { name: string; parent_span_id?: string; status?: { code?: string; message?: string } };
    return {
      name: rec.name, traceId: t.trace_id, spanId: t.span_id, parentSpanId: rec.parent_span_id,
      startUs: Number(r.s), endUs: Number(r.e), status: (rec.status?.code ?? 'STATUS_CODE_UNSET').replace('STATUS_CODE_', ''),
      statusMessage: rec.status?.message, attributes: r.attrs ? JSON.parse(r.attrs) as Record<string, unknown> : {}, children: [],
    };
  });
  return linkSpans(nodes);
}

/** Hangs each span under its parent; spans whose parent is not among them are the roots. Shared
 *  by the local event table and the Snowflake one (src/core/snowflake/history.ts). */
export function linkSpans(nodes: SpanNode[]): SpanNode[] {
  const byId = new Map(nodes.map((n) => [n.spanId, n]));
  const roots: SpanNode[] = [];
  for (const n of nodes) {
    const p = n.parentSpanId ? byId.get(n.parentSpanId) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  return roots;
}
