// The DAG executor of the local target. It behaves like a Snowflake task graph: a task starts
// once every predecessor in the run SUCCEEDED, independent tasks run together up to a limit,
// a failure SKIPs everything downstream and fails the graph, cancellation marks running tasks
// CANCELLED. The step function is a parameter, so tests drive the real scheduling with steps
// they control and the CLI passes the real executeStep.
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Link, type SpanContext, type Tracer } from '@opentelemetry/api';
import { severityAtLeast, type Logger, type Severity } from '../log';
import { ROOT_TASK, topologicalOrder, type TaskDef } from '../manifest';
import type { PipelineContext, StepResult } from '../pipeline/context';
import { redact } from '../secrets/redact';
import { instrumentWarehouse } from '../telemetry/sql-spans';
import { startTaskMeter } from '../telemetry/task-telemetry';
import { activeSpanIds, contextWithTracer, errorMessage, recordFailure, SCOPE_NAME, spanClock } from '../telemetry/tracing';
import type { GraphRun, GraphState, RunEvents, TaskError, TaskOutcome } from './events';
import { sleep } from './sleep';

export type StepFn = (task: TaskDef, ctx: PipelineContext) => Promise<StepResult>;

/** Snowflake's default USER_TASK_TIMEOUT_MS (one hour). */
export const DEFAULT_TASK_TIMEOUT_MS = 3_600_000;
/** All eight loads start together: they wait mostly on MySQL, files and DuckDB's own threads. */
export const DEFAULT_CONCURRENCY = 8;

export interface ExecuteGraphOptions {
  readonly run: GraphRun;
  /** The tasks of this run; predecessors outside the selection count as satisfied (--only, --from, retry). */
  readonly tasks: readonly TaskDef[];
  readonly step: StepFn;
  /** Handed to every step, with its own signal, logger and an SQL-instrumented warehouse. */
  readonly context: PipelineContext;
  readonly events: RunEvents;
  readonly tracer?: Tracer;
  readonly concurrency?: number;
  readonly timeoutMs?: number | ((task: TaskDef) => number);
  /** Extra tries of a failed step inside the same task run. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** How long a cancelled or timed-out step may take to stop before the runner moves on. */
  readonly graceMs?: number;
  readonly signal?: AbortSignal;
  /** Lowest severity written to the event table as LOG records (Snowflake's LOG_LEVEL); default
   *  DEBUG. The host's logger applies its own level to what it prints. */
  readonly logLevel?: Severity;
}

export interface GraphRunResult {
  readonly run: GraphRun;
  readonly state: GraphState;
  readonly outcomes: TaskOutcome[];
  readonly traceId?: string;
}

export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  constructor(task: string, ms: number) {
    super(`Task ${task} timed out after ${ms} ms`);
  }
}

export class GraphCancelledError extends Error {
  override readonly name = 'GraphCancelledError';
}

function errorCode(e: unknown): string {
  if (e instanceof TaskTimeoutError) return 'TIMEOUT';
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (e instanceof Error && e.name !== 'Error') return e.name;
  return 'STEP_FAILED';
}

type TryResult =
  | { ok: true; result: StepResult }
  | { ok: false; error: unknown; kind: 'error' | 'timeout' | 'cancelled'; stopped: boolean };

export async function executeGraph(o: ExecuteGraphOptions): Promise<GraphRunResult> {
  const tracer = o.tracer ?? trace.getTracer(SCOPE_NAME);
  const order = topologicalOrder(o.tasks);
  const selected = new Set(order.map((t) => t.name));
  const limit = Math.max(1, o.concurrency ?? DEFAULT_CONCURRENCY);
  const retries = Math.max(0, o.retries ?? 0);
  const graceMs = o.graceMs ?? 10_000;
  const runSignal = o.signal;
  const wh = instrumentWarehouse(o.context.wh);
  const { run, events } = o;
  const logLevel = o.logLevel ?? 'DEBUG';

  const now = spanClock();
  const graphSpan = tracer.startSpan(`${ROOT_TASK} graph run`, {
    root: true, startTime: now(),
    attributes: {
      'snow.task.graph_run_group_id': run.graphRunGroupId, 'snow.task.attempt_number': run.attemptNumber,
      'snow.task.scheduled_from': run.scheduledFrom, 'snow.task.root_task_id': run.rootTaskId,
      'snow.task.scheduled_time': run.scheduledTime.toISOString(), 'retail.tasks': order.map((t) => t.name),
    },
  });
  const graphCtx = trace.setSpan(contextWithTracer(tracer, ROOT_CONTEXT, now), graphSpan);
  const traceId = trace.isSpanContextValid(graphSpan.spanContext()) ? graphSpan.spanContext().traceId : undefined;
  events.emit({ type: 'graph-started', run, tasks: order.map((t) => t.name), traceId, at: new Date() });

  const outcomes = new Map<string, TaskOutcome>();
  const spanContexts = new Map<string, SpanContext>();
  const pending = [...order];
  let running = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  // Logs of a task go to the host's logger and, as events, to the event table (LOG records
  // carrying the ids of the span active when the message was written).
  const taskLogger = (name: string): Logger => ({
    log(severity, message, attributes) {
      o.context.log.log(severity, `${name}: ${message}`, attributes);
      if (severityAtLeast(severity, logLevel)) events.emit({ type: 'log', run, task: name, severity, message: redact(message), attributes, ...activeSpanIds(), at: new Date() });
    },
  });

  const finish = (outcome: TaskOutcome) => {
    outcomes.set(outcome.name, outcome);
    events.emit({ type: 'task-finished', run, outcome, at: new Date() });
  };

  const skip = (t: TaskDef, error: TaskError) => finish({ name: t.name, state: 'SKIPPED', durationMs: 0, tries: 0, error });

  const tryOnce = async (t: TaskDef, log: Logger): Promise<TryResult> => {
    const ac = new AbortController();
    const timeoutMs = typeof o.timeoutMs === 'function' ? o.timeoutMs(t) : o.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
    const timer = setTimeout(() => ac.abort(new TaskTimeoutError(t.name, timeoutMs)), timeoutMs);
    const onRunAbort = () => ac.abort(new GraphCancelledError(runSignal?.reason instanceof Error ? runSignal.reason.message : 'graph run cancelled'));
    if (runSignal?.aborted) onRunAbort();
    else runSignal?.addEventListener('abort', onRunAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      if (ac.signal.aborted) reject(ac.signal.reason);
      else ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    const stepPromise = Promise.resolve().then(() => o.step(t, { ...o.context, wh, log, signal: ac.signal }));
    try {
      return { ok: true, result: await Promise.race([stepPromise, aborted]) };
    } catch (error) {
      if (!ac.signal.aborted) return { ok: false, error, kind: 'error', stopped: true };
      // The step was told to stop; give it time to roll back before anything else touches its tables.
      const stopped = await Promise.race([stepPromise.then(() => true, () => true), sleep(graceMs).then(() => false)]);
      if (!stopped) log.log('WARN', `did not stop within ${graceMs} ms after being ${runSignal?.aborted ? 'cancelled' : 'timed out'}`);
      const reason = ac.signal.reason;
      return { ok: false, error: reason, kind: reason instanceof TaskTimeoutError ? 'timeout' : 'cancelled', stopped };
    } finally {
      clearTimeout(timer);
      runSignal?.removeEventListener('abort', onRunAbort);
    }
  };

  const runTask = async (t: TaskDef): Promise<TaskOutcome> => {
    const startedAt = new Date();
    events.emit({ type: 'task-started', run, task: t.name, at: startedAt });
    // A span has one parent: every task span is a child of the graph span, and the DAG's edges
    // are links to the spans of the task's predecessors.
    const links: Link[] = t.after.flatMap((p) => {
      const c = spanContexts.get(p);
      return c ? [{ context: c, attributes: { 'snow.task.predecessor': p } }] : [];
    });
    const span = tracer.startSpan(t.name, {
      links, startTime: now(),
      attributes: {
        'snow.task.name': t.name, 'retail.task.kind': t.kind, 'snow.executable.name': t.procedure ?? t.name,
        'snow.task.graph_run_group_id': run.graphRunGroupId, 'snow.task.attempt_number': run.attemptNumber,
        'retail.task.predecessors': t.after.filter((p) => selected.has(p)),
      },
    }, graphCtx);
    spanContexts.set(t.name, span.spanContext());
    const meter = startTaskMeter(span, t.name, now);
    const log = taskLogger(t.name);
    return context.with(trace.setSpan(graphCtx, span), async () => {
      log.log('DEBUG', 'started');
      let tries = 0;
      for (;;) {
        tries++;
        const r = await tryOnce(t, log);
        const end = (o2: Omit<TaskOutcome, 'name' | 'startedAt' | 'completedAt' | 'durationMs' | 'tries'>): TaskOutcome => {
          const completedAt = new Date();
          span.setAttribute('retail.task.tries', tries);
          const points = meter.finish(o2.state, o2.result);
          span.end(now());
          const sc = span.spanContext();
          const ids = trace.isSpanContextValid(sc) ? { traceId: sc.traceId, spanId: sc.spanId } : {};
          events.emit({ type: 'metrics', run, task: t.name, points, ...ids, startedAt, at: completedAt });
          return { name: t.name, startedAt, completedAt, durationMs: completedAt.getTime() - startedAt.getTime(), tries, ...o2 };
        };
        if (r.ok) {
          const { result } = r;
          span.setAttributes({ 'snow.input.rows': result.rowsIn, 'snow.output.rows': result.rowsOut, 'retail.rejected.rows': result.rejected, 'snow.task.return_value': redact(result.returnValue) });
          span.setStatus({ code: SpanStatusCode.OK });
          events.emit({ type: 'rows', run, task: t.name, rowsIn: result.rowsIn, rowsOut: result.rowsOut, rejected: result.rejected, tables: result.tables, at: new Date() });
          log.log('DEBUG', `rows read ${result.rowsIn}, written ${result.rowsOut}, rejected ${result.rejected}`, { 'snow.input.rows': result.rowsIn, 'snow.output.rows': result.rowsOut, 'retail.rejected.rows': result.rejected });
          log.log('INFO', `SUCCEEDED: ${result.returnValue}`);
          return end({ state: 'SUCCEEDED', result });
        }
        const error: TaskError = { code: r.kind === 'cancelled' ? 'CANCELLED' : errorCode(r.error), message: errorMessage(r.error) };
        recordFailure(span, r.error);
        span.setAttribute('exception.code', error.code);
        if (r.kind === 'cancelled') {
          log.log('WARN', `CANCELLED: ${error.message}`);
          return end({ state: 'CANCELLED', error });
        }
        if (tries <= retries && r.stopped && !runSignal?.aborted) {
          const delayMs = o.retryDelayMs ?? 1000;
          span.addEvent('retry', { 'retail.failed_try': tries, 'retail.retry_delay_ms': delayMs, 'exception.message': error.message });
          events.emit({ type: 'task-retrying', run, task: t.name, failedTry: tries, error, delayMs, at: new Date() });
          log.log('WARN', `try ${tries} failed (${error.message}); retrying in ${delayMs} ms`);
          await sleep(delayMs, runSignal);
          if (!runSignal?.aborted) continue;
        }
        log.log('ERROR', `FAILED: ${error.message}`);
        return end({ state: 'FAILED', error });
      }
    });
  };

  const pump = () => {
    for (const t of [...pending]) {
      const preds = t.after.filter((a) => selected.has(a));
      const bad = preds.find((a) => { const s = outcomes.get(a)?.state; return s !== undefined && s !== 'SUCCEEDED'; });
      const take = () => pending.splice(pending.indexOf(t), 1);
      if (runSignal?.aborted) {
        take();
        skip(t, { code: 'CANCELLED', message: 'graph run cancelled before this task started' });
      } else if (bad) {
        take();
        skip(t, { code: 'UPSTREAM_FAILED', message: `skipped because predecessor ${bad} ${outcomes.get(bad)!.state}` });
      } else if (running < limit && preds.every((a) => outcomes.get(a)?.state === 'SUCCEEDED')) {
        take();
        running++;
        void runTask(t).then((outcome) => {
          running--;
          finish(outcome);
          pump();
        });
      }
    }
    if (pending.length === 0 && running === 0) resolveDone();
  };

  const onAbort = () => pump();
  runSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    pump();
    await done;
  } finally {
    runSignal?.removeEventListener('abort', onAbort);
  }

  const list = order.map((t) => outcomes.get(t.name)!);
  const state: GraphState = runSignal?.aborted && list.some((x) => x.state !== 'SUCCEEDED')
    ? 'CANCELLED'
    : list.every((x) => x.state === 'SUCCEEDED') ? 'SUCCEEDED' : 'FAILED';
  const firstError = list.filter((x) => x.state === 'FAILED' || x.state === 'CANCELLED')
    .sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0))[0];
  graphSpan.setAttributes({
    'retail.graph.state': state,
    'retail.tasks.succeeded': list.filter((x) => x.state === 'SUCCEEDED').length,
    'retail.tasks.failed': list.filter((x) => x.state === 'FAILED').length,
    'retail.tasks.skipped': list.filter((x) => x.state === 'SKIPPED').length,
    'retail.tasks.cancelled': list.filter((x) => x.state === 'CANCELLED').length,
  });
  if (state === 'SUCCEEDED') graphSpan.setStatus({ code: SpanStatusCode.OK });
  else graphSpan.setStatus({ code: SpanStatusCode.ERROR, message: firstError ? `${firstError.name}: ${firstError.error?.message}` : state });
  graphSpan.end(now());
  events.emit({ type: 'graph-finished', run, state, outcomes: list, at: new Date() });
  return { run, state, outcomes: list, traceId };
}
