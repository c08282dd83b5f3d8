// One telemetry session per graph run: a tracer provider of its own (several runs in one process
// never mix), an exporter into the event table, and the run's LOG and METRIC events.
import type { Attributes, Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LocalWarehouse } from '../targets/local/warehouse';
import type { RunEvents } from '../runner/events';
import { ensureContextManager } from './context';
import { EVENTS_DDL, EventTableExporter } from './event-table';
import { SCOPE_NAME } from './tracing';

export interface TelemetrySession {
  readonly tracer: Tracer;
  readonly exporter: EventTableExporter;
  /** Writes the run's log and metrics events as LOG and METRIC records. */
  subscribe(events: RunEvents): () => void;
  /** Flushes every span and log, then releases the connection. */
  shutdown(): Promise<Error[]>;
}

export async function startTelemetry(wh: LocalWarehouse, resourceAttributes: Attributes, version = ''): Promise<TelemetrySession> {
  ensureContextManager();
  const conn = await wh.connect();
  await conn.run(EVENTS_DDL);
  const exporter = new EventTableExporter(conn, {
    'service.name': 'retail-pipeline', 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.name': 'opentelemetry',
    ...resourceAttributes,
  }, version);
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer(SCOPE_NAME, version || undefined),
    exporter,
    subscribe(events) {
      return events.on((e) => {
        if (e.type === 'log') {
          exporter.writeLog({ at: e.at, severity: e.severity, message: e.message, traceId: e.traceId, spanId: e.spanId, attributes: { 'snow.task.name': e.task, ...e.attributes } });
        } else if (e.type === 'metrics') {
          exporter.writeMetrics({ startedAt: e.startedAt, at: e.at, points: e.points, traceId: e.traceId, spanId: e.spanId, attributes: { 'snow.task.name': e.task } });
        }
      });
    },
    async shutdown() {
      await provider.forceFlush();
      await provider.shutdown();
      await exporter.forceFlush();
      conn.closeSync();
      return exporter.errors;
    },
  };
}
