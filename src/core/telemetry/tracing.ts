// What instrumented code calls: `withSpan(name, attributes, fn)` opens a child of the active
// span (a task's span while a step runs), ends it, and records a failure as status ERROR with
// exception.* attributes. The runner puts the run's tracer into the context, so steps need no
// handle of their own and several runs in one process (tests, the extension) stay apart.
import {
  context, createContextKey, SpanStatusCode, trace,
  type Attributes, type Context, type Span, type SpanOptions, type Tracer,
} from '@opentelemetry/api';
import { redact } from '../secrets/redact';
import { ensureContextManager } from './context';

export const SCOPE_NAME = 'retail-pipeline';
const TRACER_KEY = createContextKey('retail-pipeline tracer');
const CLOCK_KEY = createContextKey('retail-pipeline span clock');

export type SpanClock = () => number;

/** Milliseconds since the epoch with sub-millisecond resolution: wall time read once, then the
 * monotonic clock. OTel's default start time is Date.now() (whole milliseconds) while durations
 * use the monotonic clock, so back-to-back tasks could appear to overlap by up to a millisecond;
 * one clock per run keeps the order of spans exact, and re-anchoring per run keeps a
 * long-running `schedule` process on wall time. */
export function spanClock(): SpanClock {
  const offset = Date.now() - performance.now();
  return () => offset + performance.now();
}

/** A context in which withSpan uses `tracer` (the runner wraps every step in one). */
export function contextWithTracer(tracer: Tracer, ctx: Context = context.active(), clock: SpanClock = spanClock()): Context {
  ensureContextManager();
  return ctx.setValue(TRACER_KEY, tracer).setValue(CLOCK_KEY, clock);
}

function activeClock(): SpanClock {
  return (context.active().getValue(CLOCK_KEY) as SpanClock | undefined) ?? Date.now;
}

/** The tracer of the current run, or the global one (a no-op unless a host registered an SDK). */
export function activeTracer(): Tracer {
  return (context.active().getValue(TRACER_KEY) as Tracer | undefined) ?? trace.getTracer(SCOPE_NAME);
}

export function errorMessage(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e));
}

/** Marks a span failed the way OTel semantic conventions and Snowflake Trail expect. */
export function recordFailure(span: Span, e: unknown): void {
  const message = errorMessage(e);
  const type = e instanceof Error ? e.name : typeof e;
  span.recordException({ name: type, message, stack: e instanceof Error && e.stack ? redact(e.stack) : undefined });
  span.setAttributes({ 'exception.type': type, 'exception.message': message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Runs fn inside a new child span of the active span. */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T> | T, options: SpanOptions = {}): Promise<T> {
  ensureContextManager();
  const now = activeClock();
  return activeTracer().startActiveSpan(name, { startTime: now(), ...options, attributes: { ...options.attributes, ...attributes } }, async (span) => {
    try {
      const result = await fn(span);
      span.end(now());
      return result;
    } catch (e) {
      recordFailure(span, e);
      span.end(now());
      throw e;
    }
  });
}

/** Row counts in the attribute names Snowflake Trail uses. */
export function setRowCounts(span: Span, rowsIn: number, rowsOut: number): void {
  span.setAttributes({ 'snow.input.rows': rowsIn, 'snow.output.rows': rowsOut });
}

/** An event on the active span (the original pipeline's telemetry.add_event). */
export function addEvent(name: string, attributes?: Attributes): void {
  trace.getSpan(context.active())?.addEvent(name, attributes);
}

/** trace/span ids of the active span, for LOG records. */
export function activeSpanIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const sc = span.spanContext();
  return trace.isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : undefined;
}
