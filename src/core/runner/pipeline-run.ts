// A recorded graph run on the local target: take the workspace lock, open the warehouse, wire
// the executor's events to run history and the event table, run, flush, release. `run`,
// `retry`, `schedule` and the extension all come through here.
import { createHash, randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SentimentThresholds } from '../sql/dialect';
import type { Logger, Severity } from '../log';
import { ROOT_TASK, task, TASKS, type TaskDef } from '../manifest';
import { closeInterruptedRuns, ensureHistorySchema } from '../history/schema';
import { HistoryRecorder } from '../history/recorder';
import { resolveGraphRunId, retryPlan, type RetryPlan } from '../history/queries';
import { LocalWarehouse } from '../targets/local/warehouse';
import { startTelemetry } from '../telemetry/session';
import { RunEvents, type GraphRun, type RunEventListener, type ScheduledFrom } from './events';
import { executeGraph, type GraphRunResult, type StepFn } from './executor';
import { acquireRunLock, type AcquireOptions } from './lock';

export const DATABASE_NAME = 'LOCAL';

export interface PipelineRunOptions {
  readonly workspace: string;
  readonly dataDir: string;
  readonly mysqlUrl?: string;
  readonly mysqlPartitions?: number;
  readonly log: Logger;
  /** Default: the whole graph. */
  readonly tasks?: readonly TaskDef[];
  /** Default: the real steps (executeStep). */
  readonly step?: StepFn;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly graceMs?: number;
  readonly signal?: AbortSignal;
  /** Whether to wait for a run that holds the workspace (default: refuse). */
  readonly lock?: Omit<AcquireOptions, 'signal'>;
  readonly scheduledFrom?: ScheduledFrom;
  readonly scheduledTime?: Date;
  readonly onEvent?: RunEventListener;
  /** An already open warehouse (the extension keeps one); otherwise opened and closed here. */
  readonly wh?: LocalWarehouse;
  /** A warehouse the host shares (the local Target's one instance), asked for only once the run
   * lock is held: opening it before would hold DuckDB's file lock while waiting for another
   * process's run, which then cannot open the file (a queued `run --wait` failed so). */
  readonly useWarehouse?: <T>(fn: (wh: LocalWarehouse) => Promise<T>) => Promise<T>;
  /** Called with the result while the run still holds the workspace (lock and warehouse), so a
   * report read of its records does not race the next queued run for the warehouse file. */
  readonly onEnded?: (result: GraphRunResult) => Promise<void>;
  /** The state folder (default `<workspace>/.retail`); an open `wh` brings its own. */
  readonly stateDir?: string;
  /** Sentiment label thresholds (default: the local model's, see ai/sentiment.ts). */
  readonly sentiment?: SentimentThresholds;
  /** Lowest severity recorded as LOG records in EVENTS (default DEBUG, as the original sets
   *  LOG_LEVEL = DEBUG); what the host prints is its logger's business. */
  readonly logLevel?: Severity;
}

/** A stable id for the root task (Snowflake's ROOT_TASK_ID is the root task's UUID). */
export function rootTaskId(): string {
  const h = createHash('sha1').update(`retail-pipeline:${ROOT_TASK}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

async function withWorkspace<T>(o: PipelineRunOptions, command: string, fn: (wh: LocalWarehouse, conn: DuckDBConnection) => Promise<T>): Promise<T> {
  // The lock lives beside the warehouse it guards.
  const lock = await acquireRunLock(o.workspace, {
    command, ...o.lock, signal: o.signal, stateDir: o.wh?.stateDir ?? o.stateDir,
    onWait: (h) => { o.log.log('INFO', `waiting for the run holding the workspace${h ? ` (pid ${h.pid}, ${h.command})` : ''} to finish`); o.lock?.onWait?.(h); },
  });
  const inWarehouse = async (wh: LocalWarehouse): Promise<T> => {
    const conn = await wh.connect();
    try {
      await ensureHistorySchema(conn);
      const closed = await closeInterruptedRuns(conn);
      if (closed) o.log.log('WARN', `${closed} graph run(s) left EXECUTING by a process that ended were marked CANCELLED`);
      return await fn(wh, conn);
    } finally {
      conn.closeSync();
    }
  };
  try {
    if (o.useWarehouse) return await o.useWarehouse(inWarehouse);
    if (o.wh) return await inWarehouse(o.wh);
    const wh = await LocalWarehouse.open(o.workspace, { stateDir: o.stateDir });
    try {
      return await inWarehouse(wh);
    } finally {
      wh.close();
    }
  } finally {
    lock.release();
  }
}

async function executeRecorded(o: PipelineRunOptions, wh: LocalWarehouse, conn: DuckDBConnection, run: GraphRun, tasks: readonly TaskDef[]): Promise<GraphRunResult> {
  const events = new RunEvents();
  const recorder = new HistoryRecorder(conn, DATABASE_NAME);
  recorder.subscribe(events);
  const telemetry = await startTelemetry(wh, {
    'snow.database.name': DATABASE_NAME, 'snow.schema.name': 'main', 'snow.executable.type': 'TASK',
    'snow.executable.name': ROOT_TASK, 'snow.task.graph_run_group_id': run.graphRunGroupId,
    'snow.task.attempt_number': run.attemptNumber, 'process.pid': process.pid,
  });
  telemetry.subscribe(events);
  if (o.onEvent) events.on(o.onEvent);
  // Loaded on first use: the real steps pull in every source reader and transform.
  const step = o.step ?? (await import('../pipeline/steps.js')).executeStep;
  try {
    return await executeGraph({
      run, tasks, step, events, tracer: telemetry.tracer, signal: o.signal,
      concurrency: o.concurrency, timeoutMs: o.timeoutMs, logLevel: o.logLevel, retries: o.retries, retryDelayMs: o.retryDelayMs, graceMs: o.graceMs,
      context: { workspace: o.workspace, wh, dataDir: o.dataDir, mysqlUrl: o.mysqlUrl, mysqlPartitions: o.mysqlPartitions, sentiment: o.sentiment, log: o.log },
    });
  } finally {
    await recorder.flush();
    const telemetryErrors = await telemetry.shutdown();
    for (const e of [...recorder.errors, ...telemetryErrors, ...events.listenerErrors].slice(0, 5)) {
      o.log.log('WARN', `run history/telemetry write failed: ${e.message}`);
    }
  }
}

/** EXECUTE TASK (or a scheduled run): a new graph run group, attempt 1. */
export async function runPipeline(o: PipelineRunOptions): Promise<GraphRunResult> {
  return withWorkspace(o, 'run', async (wh, conn) => ended(o, await executeRecorded(o, wh, conn, {
    graphRunGroupId: randomUUID(), attemptNumber: 1, scheduledFrom: o.scheduledFrom ?? 'EXECUTE TASK',
    scheduledTime: o.scheduledTime ?? new Date(), rootTaskId: rootTaskId(),
  }, o.tasks ?? TASKS)));
}

/** EXECUTE TASK … RETRY LAST: only the failed, skipped and cancelled tasks of the last attempt,
 * same GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER + 1, SCHEDULED_FROM = 'MANUAL RETRY'. */
export async function retryPipeline(o: Omit<PipelineRunOptions, 'tasks' | 'scheduledFrom'> & { graphRunGroupId?: string }): Promise<GraphRunResult & { plan: RetryPlan }> {
  return withWorkspace(o, 'retry', async (wh, conn) => {
    const id = o.graphRunGroupId ? await resolveGraphRunId(wh, o.graphRunGroupId) : undefined;
    const plan = await retryPlan(wh, id);
    if (!plan.tasks.length) throw new Error(`Graph run ${plan.graphRunGroupId} attempt ${plan.attemptNumber} has no failed or skipped tasks to retry`);
    o.log.log('INFO', `retrying ${plan.tasks.map((t) => `${t.name} (${t.state})`).join(', ')} of graph run ${plan.graphRunGroupId} attempt ${plan.attemptNumber}`);
    const result = await executeRecorded({ ...o, scheduledFrom: 'MANUAL RETRY' }, wh, conn, {
      graphRunGroupId: plan.graphRunGroupId, attemptNumber: plan.attemptNumber + 1, scheduledFrom: 'MANUAL RETRY',
      scheduledTime: o.scheduledTime ?? new Date(), rootTaskId: plan.rootTaskId,
    }, plan.tasks.map((t) => task(t.name)));
    return ended(o, { ...result, plan });
  });
}

async function ended<R extends GraphRunResult>(o: Pick<PipelineRunOptions, 'onEnded'>, result: R): Promise<R> {
  await o.onEnded?.(result);
  return result;
}
