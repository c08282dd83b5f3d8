// The local target behind the Target interface: the workspace's DuckDB warehouse, runs executed
// in this process by the core's recorded runner, history and traces read from the warehouse.
// Drivers come through `driver()` on first use (local-driver.ts), so holding a LocalTarget loads
// no DuckDB; what a run needs from its host (data folder, MySQL source, limits) is asked at the
// start of each run, so the extension reads its settings and secret storage then.
import { downstreamOf, task, TASKS, topologicalOrder, type TaskDef } from '../../manifest';
import type { Logger } from '../../log';
import type { RunEvent } from '../../runner/events';
import type { GraphRunResult } from '../../runner/executor';
import type { PipelineRunOptions } from '../../runner/pipeline-run';
import { CAPABILITIES } from '../capabilities';
import { validationSummary, type SuiteView } from '../quality-view';
import {
  TargetNotReadyError, type NothingToRetry, type RetryOptions, type RunOptions, type RunOutcome, type RunProgress, type RunSelection,
  type SuiteRef, type SuiteVerdict, type Target, type TaskCallOutcome, type ValidateOptions, type ValidationOutcome,
} from '../target';
import type { LocalDriver } from './local-driver';
import type { LocalWarehouse } from './warehouse';
import { WarehouseAccess } from './warehouse-access';

/** What each run takes from its host, asked when the run starts. */
export type LocalExecution = Pick<PipelineRunOptions,
  'dataDir' | 'mysqlUrl' | 'mysqlPartitions' | 'concurrency' | 'timeoutMs' | 'retries' | 'retryDelayMs' | 'graceMs' | 'logLevel' | 'sentiment' | 'lock'>;

export interface LocalTargetOptions {
  readonly workspace: string;
  /** The state folder (default <workspace>/.retail): warehouse, stages, Iceberg tables, run lock. */
  readonly stateDir?: string;
  readonly log: Logger;
  readonly execution: () => LocalExecution | Promise<LocalExecution>;
  /** Folder of the expectation suites (default: the workspace's sql/quality/, else the shipped ones). */
  readonly suitesDir?: string;
}

/** "No graph runs …", "… still executing", "… SUCCEEDED: nothing to retry": retryPlan's refusals
 *  that mean there is nothing to do, not that something broke. */
const NOTHING_TO_RETRY = /nothing to retry|still executing|no failed or skipped tasks/i;

const NO_WAREHOUSE = 'No warehouse yet: run the pipeline first (Run Pipeline, or `retail-pipeline run`).';

export function selectedTasks(selection: RunSelection = { kind: 'graph' }): TaskDef[] {
  switch (selection.kind) {
    case 'graph': return topologicalOrder(TASKS);
    case 'only': return topologicalOrder(selection.tasks.map(task));
    case 'from': return topologicalOrder(downstreamOf(selection.task).map(task));
  }
}

/** The executor's events as the interface's progress. */
function progressOf(report: ((p: RunProgress) => void) | undefined): ((e: RunEvent) => void) | undefined {
  if (!report) return undefined;
  return (e) => {
    if (e.type === 'graph-started') report({ type: 'started', graphRunGroupId: e.run.graphRunGroupId, attemptNumber: e.run.attemptNumber, tasks: e.tasks });
    else if (e.type === 'task-started') report({ type: 'task', task: e.task, state: 'EXECUTING' });
    else if (e.type === 'task-finished') report({ type: 'task', task: e.outcome.name, state: e.outcome.state, error: e.outcome.error?.message });
  };
}

/** The Target's onEnded (a report on the outcome) as the runner's (on its result). */
const endedHook = (f?: (o: RunOutcome) => Promise<void>) => f && ((r: GraphRunResult) => f(runOutcome(r)));

export function runOutcome(r: GraphRunResult): RunOutcome {
  const started = r.outcomes.map((o) => o.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  const ended = r.outcomes.map((o) => o.completedAt?.getTime()).filter((t): t is number => t !== undefined);
  const first = r.outcomes.find((o) => o.state === 'FAILED' || o.state === 'CANCELLED');
  return {
    state: r.state, graphRunGroupId: r.run.graphRunGroupId, attemptNumber: r.run.attemptNumber,
    tasks: r.outcomes.map((o) => ({ name: o.name, state: o.state, ...(o.error ? { error: o.error.message } : {}) })),
    durationMs: started.length && ended.length ? Math.max(...ended) - Math.min(...started) : undefined,
    firstError: first ? { task: first.name, message: first.error?.message ?? first.state } : undefined,
    traceId: r.traceId,
  };
}

export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly label = 'local';
  readonly capabilities = CAPABILITIES.local;
  readonly connected = true;
  readonly warehouse: WarehouseAccess;
  readonly account = undefined;

  constructor(private readonly o: LocalTargetOptions, private readonly driver: () => LocalDriver) {
    this.warehouse = new WarehouseAccess(o.workspace, o.stateDir, (ws, dir) => driver().openWarehouse(ws, dir));
  }

  get workspace(): string {
    return this.o.workspace;
  }

  /** The one shared instance, for a run once it holds the workspace's run lock. */
  private readonly useWarehouse = <T>(fn: (wh: LocalWarehouse) => Promise<T>): Promise<T> => this.warehouse.use(fn);

  async connect(): Promise<void> {
    // Nothing to open ahead: the warehouse opens while a read or a run uses it.
  }

  /** The warehouse for a read that needs one to exist (it never creates the file). */
  private read<T>(fn: (wh: Parameters<Parameters<WarehouseAccess['use']>[0]>[0], d: LocalDriver) => Promise<T>): Promise<T> {
    if (!this.warehouse.exists()) return Promise.reject(new TargetNotReadyError(NO_WAREHOUSE));
    return this.warehouse.use((wh) => fn(wh, this.driver()));
  }

  async snapshot() {
    // No warehouse file yet: nothing to count, and opening would create one.
    if (!this.warehouse.exists()) return undefined;
    return this.warehouse.use((wh) => this.driver().readSnapshot(wh));
  }

  runHistory(limit = 500) {
    return this.read((wh, d) => d.loadRunHistory(wh, limit));
  }

  traces() {
    return this.read((wh, d) => d.listTraces(wh));
  }

  trace(traceId: string) {
    return this.read((wh, d) => d.loadTrace(wh, traceId));
  }

  async tracesOfRun(graphRunGroupId: string): Promise<string[]> {
    return (await this.read((wh, d) => d.traceIdsOf(wh, graphRunGroupId))).map((t) => t.traceId);
  }

  async quality(suites: readonly SuiteRef[]): Promise<SuiteView[]> {
    const names = suites.map((s) => (typeof s === 'string' ? s : s.name));
    // No warehouse yet: the suites without results, and no empty database file created.
    if (!this.warehouse.exists()) return names.sort().map((name) => ({ name }));
    return this.warehouse.use((wh) => this.driver().readQualitySnapshot(wh, names));
  }

  async run(o: RunOptions = {}): Promise<RunOutcome> {
    const tasks = selectedTasks(o.selection);
    const exec = await this.o.execution();
    // The warehouse opens once the run lock is held (runPipeline asks for it then).
    return runOutcome(await this.driver().runPipeline({
      ...exec, workspace: this.o.workspace, stateDir: this.o.stateDir, log: this.o.log, tasks, useWarehouse: this.useWarehouse, onEnded: endedHook(o.onEnded), signal: o.signal, onEvent: progressOf(o.onProgress),
    }));
  }

  async retry(o: RetryOptions = {}): Promise<RunOutcome | NothingToRetry> {
    if (!this.warehouse.exists()) return { nothingToRetry: 'No graph runs recorded in this workspace yet: nothing to retry' };
    const exec = await this.o.execution();
    try {
      return runOutcome(await this.driver().retryPipeline({
        ...exec, workspace: this.o.workspace, stateDir: this.o.stateDir, log: this.o.log, useWarehouse: this.useWarehouse, onEnded: endedHook(o.onEnded), graphRunGroupId: o.graphRunGroupId, signal: o.signal, onEvent: progressOf(o.onProgress),
      }));
    } catch (e) {
      if (NOTHING_TO_RETRY.test((e as Error).message)) return { nothingToRetry: (e as Error).message };
      throw e;
    }
  }

  async validate(o: ValidateOptions = {}): Promise<ValidationOutcome> {
    const run = await this.read((wh, d) => d.runValidation(wh, {
      workspace: this.o.workspace, suites: o.suites ? [...o.suites] : undefined, suitesDir: this.o.suitesDir, runName: o.runName, log: this.o.log, signal: o.signal,
      onSuite: o.onSuite && ((s, done, total) => o.onSuite?.(verdictOf(s, d), done, total)),
    }));
    const d = this.driver();
    const suites = run.suites.map((s) => verdictOf(s, d));
    const summary = validationSummary(suites);
    return { success: summary.allPassed, suites, summary: summary.text, runName: run.runId.run_name, rowsWritten: run.rowsWritten };
  }

  async callTask(name: string, o: { readonly signal?: AbortSignal } = {}): Promise<TaskCallOutcome> {
    const r = await this.run({ selection: { kind: 'only', tasks: [name] }, signal: o.signal });
    const t = r.tasks.find((x) => x.name === name);
    return { state: t?.state ?? r.state, ...(t?.error ? { error: t.error } : {}) };
  }

  async close(): Promise<void> {
    this.warehouse.dispose();
  }
}

type SuiteOutcomeOf<D extends LocalDriver> = Awaited<ReturnType<D['runValidation']>>['suites'][number];

function verdictOf(s: SuiteOutcomeOf<LocalDriver>, d: LocalDriver): SuiteVerdict {
  return { name: s.name, table: s.table, success: s.success, evaluated: s.evaluated, failed: s.failed, ...(s.error ? { error: s.error } : {}), report: d.describeOutcome(s) };
}

