// The event table: Snowflake Trail's columns, written by an OpenTelemetry SpanExporter (spans and
// their span events) and by the runner's log and metrics events (LOG and METRIC records). JSON columns hold what
// Snowflake keeps in OBJECT/VARIANT columns.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Severity } from '../log';
import type { MetricPoint } from '../runner/events';
import { SCOPE_NAME } from './tracing';

export const EVENTS_TABLE = 'EVENTS';

export const EVENTS_DDL = `create table if not exists EVENTS (
  TIMESTAMP timestamptz, START_TIMESTAMP timestamptz, OBSERVED_TIMESTAMP timestamptz,
  TRACE json, RESOURCE json, RESOURCE_ATTRIBUTES json, SCOPE json, SCOPE_ATTRIBUTES json,
  RECORD_TYPE varchar, RECORD json, RECORD_ATTRIBUTES json, VALUE json, EXEMPLARS json)`;

const COLUMNS = 13;

/** HrTime -> ISO with microseconds (DuckDB's precision; Date would drop to milliseconds). */
export function hrToIso(t: HrTime): string {
  return `${new Date(t[0] * 1000).toISOString().slice(0, 19)}.${String(Math.floor(t[1] / 1000)).padStart(6, '0')}Z`;
}

const KIND_NAMES: Record<number, string> = {
  [SpanKind.INTERNAL]: 'SPAN_KIND_INTERNAL', [SpanKind.SERVER]: 'SPAN_KIND_SERVER', [SpanKind.CLIENT]: 'SPAN_KIND_CLIENT',
  [SpanKind.PRODUCER]: 'SPAN_KIND_PRODUCER', [SpanKind.CONSUMER]: 'SPAN_KIND_CONSUMER',
};
const STATUS_NAMES: Record<number, string> = {
  [SpanStatusCode.UNSET]: 'STATUS_CODE_UNSET', [SpanStatusCode.OK]: 'STATUS_CODE_OK', [SpanStatusCode.ERROR]: 'STATUS_CODE_ERROR',
};
/** OTel log severity numbers. */
const SEVERITY_NUMBER: Record<Severity, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };

type EventRow = DuckDBValue[];

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export class EventTableExporter implements SpanExporter {
  private chain: Promise<void> = Promise.resolve();
  private pending: EventRow[] = [];
  private nextBatch: Promise<void> | undefined;
  readonly errors: Error[] = [];
  private readonly scopeVersion: string;

  constructor(private readonly conn: DuckDBConnection, private readonly resourceAttributes: Attributes, scopeVersion = '') {
    this.scopeVersion = scopeVersion;
  }

  export(spans: ReadableSpan[], resultCallback: (result: { code: number; error?: Error }) => void): void {
    const rows = spans.flatMap((s) => this.spanRows(s));
    this.enqueue(rows).then(
      () => resultCallback({ code: 0 }),
      (error: Error) => resultCallback({ code: 1, error }),
    );
  }

  /** A LOG record, linked to the span that was active when the message was written. */
  writeLog(log: { at: Date; severity: Severity; message: string; traceId?: string; spanId?: string; attributes?: Record<string, unknown> }): void {
    void this.enqueue([[
      log.at.toISOString(), null, new Date().toISOString(),
      json(log.traceId ? { trace_id: log.traceId, span_id: log.spanId } : null), null, json(this.resourceAttributes),
      json({ name: SCOPE_NAME }), null, 'LOG',
      json({ severity_text: log.severity, severity_number: SEVERITY_NUMBER[log.severity] }),
      json(log.attributes ?? {}), json(log.message), null,
    ]]).catch(() => undefined);
  }

  /** METRIC records of one task run, in the event table's shape for metrics: START_TIMESTAMP
   *  and TIMESTAMP bound the measured interval, RECORD names the metric (name, unit) and its
   *  type, VALUE holds the number. TRACE links them to the task's span (Snowflake's own
   *  resource metrics carry the query id instead; locally the span is the task run's id). */
  writeMetrics(m: { startedAt: Date; at: Date; points: readonly MetricPoint[]; traceId?: string; spanId?: string; attributes: Record<string, unknown> }): void {
    const trace = json(m.traceId ? { trace_id: m.traceId, span_id: m.spanId } : null);
    const observed = new Date().toISOString();
    void this.enqueue(m.points.map((p) => [
      m.at.toISOString(), m.startedAt.toISOString(), observed, trace, null, json(this.resourceAttributes),
      json({ name: SCOPE_NAME }), null, 'METRIC',
      json({ metric: { name: p.name, unit: p.unit }, metric_type: p.type, value_type: Number.isInteger(p.value) ? 'INT' : 'DOUBLE' }),
      json({ ...m.attributes, ...p.attributes }), json(p.value), null,
    ])).catch(() => undefined);
  }

  async forceFlush(): Promise<void> {
    await this.chain;
  }

  async shutdown(): Promise<void> {
    await this.chain;
  }

  private spanRows(s: ReadableSpan): EventRow[] {
    const sc = s.spanContext();
    const trace = json({ trace_id: sc.traceId, span_id: sc.spanId });
    const resource = json({ ...this.resourceAttributes });
    const scope = json({ name: s.instrumentationScope.name, ...(this.scopeVersion ? { version: this.scopeVersion } : {}) });
    const observed = new Date().toISOString();
    const record = {
      name: s.name,
      kind: KIND_NAMES[s.kind] ?? 'SPAN_KIND_INTERNAL',
      ...(s.parentSpanContext ? { parent_span_id: s.parentSpanContext.spanId } : {}),
      status: { code: STATUS_NAMES[s.status.code], ...(s.status.message ? { message: s.status.message } : {}) },
      ...(s.links.length ? { links: s.links.map((l) => ({ trace_id: l.context.traceId, span_id: l.context.spanId, attributes: l.attributes ?? {} })) } : {}),
      dropped_attributes_count: s.droppedAttributesCount,
    };
    const rows: EventRow[] = [[
      hrToIso(s.endTime), hrToIso(s.startTime), observed, trace, null, resource, scope, null,
      'SPAN', json(record), json(s.attributes), null, null,
    ]];
    for (const ev of s.events) {
      rows.push([
        hrToIso(ev.time), null, observed, trace, null, resource, scope, null,
        'SPAN_EVENT', json({ name: ev.name, dropped_attributes_count: ev.droppedAttributesCount ?? 0 }), json(ev.attributes ?? {}), null, null,
      ]);
    }
    return rows;
  }

  /** Rows written one batch at a time, in order: what arrives while a batch is being inserted
   *  waits and goes in the next one. A run ends hundreds of spans, logs and metrics, mostly
   *  while a statement is in flight, so they share INSERTs instead of one each. */
  private enqueue(rows: EventRow[]): Promise<void> {
    this.pending.push(...rows);
    if (!this.nextBatch) {
      const batch = this.chain.then(() => {
        this.nextBatch = undefined;
        return this.insert(this.pending.splice(0));
      });
      this.nextBatch = batch;
      this.chain = batch.catch((e: unknown) => {
        this.errors.push(e instanceof Error ? e : new Error(String(e)));
      });
    }
    return this.nextBatch;
  }

  private async insert(rows: EventRow[]): Promise<void> {
    if (!rows.length) return;
    const one = `(?::timestamptz, ?::timestamptz, ?::timestamptz, ?::json, ?::json, ?::json, ?::json, ?::json, ?, ?::json, ?::json, ?::json, ?::json)`;
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      if (chunk.some((r) => r.length !== COLUMNS)) throw new Error('event row with the wrong number of columns');
      await this.conn.run(`insert into EVENTS values ${chunk.map(() => one).join(', ')}`, chunk.flat());
    }
  }
}
