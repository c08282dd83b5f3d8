// The Snowflake target behind the Target interface: the pipeline deployed on an account as
// procedures and a task graph. Runs are EXECUTE TASK (followed in graph history until they end),
// a single task is a CALL of its procedure, reads come from TASK_HISTORY, the event table,
// INFORMATION_SCHEMA and GE_VALIDATION_RESULTS. One client, opened on first use (a failed login
// is not kept) and destroyed by close(). Drivers come through `driver()` on first use
// (snowflake-driver.ts), so holding a SnowflakeTarget loads neither snowflake-sdk nor the core's
// Snowflake modules.
import type { Logger } from '../../log';
import { findTable } from '../../manifest';
import type { SnowflakeClient } from '../../snowflake/client';
import type { SnowflakeDeployConfig } from '../../snowflake/deploy-config';
import type { GraphRunRow } from '../../snowflake/history';
import type { PlanStatement } from '../../snowflake/plan';
import { CAPABILITIES } from '../capabilities';
import type { SuiteView } from '../quality-view';
import {
  TargetUnsupportedError, type DeployOptions, type DeployOutcome, type NothingToRetry, type RetryOptions, type RunOptions, type RunOutcome,
  type RunProgress, type SnowflakeAccount, type SuiteRef, type Target, type TaskCallOutcome, type ValidateOptions, type ValidationOutcome,
} from '../target';
import type { SnowflakeDriver } from './snowflake-driver';

export interface SnowflakeTargetOptions {
  /** undefined: the default connection of connections.toml. */
  readonly connectionName?: string;
  readonly config: SnowflakeDeployConfig;
  /** Opens a client (the host resolves the connection and its secrets); a subclass may
   *  override openClient() instead. */
  readonly connect?: () => Promise<SnowflakeClient>;
  readonly logger: Logger;
  /** After a login succeeded (views that never log in themselves can read now). */
  readonly onConnected?: () => void;
  /** How often a followed graph run is polled (default 10 s) and for how long (default 1 h). */
  readonly pollIntervalMs?: number;
  readonly runTimeoutMs?: number;
}

/** Whether the account's validation procedure runs a suite: by its table's layer (a name alone: asked for, so read). */
const validatedOnAccount = (s: SuiteRef, layers: readonly string[]) => typeof s === 'string' || layers.includes(findTable(s.table)?.layer ?? '');
const suiteName = (s: SuiteRef) => (typeof s === 'string' ? s : s.name);

export class SnowflakeTarget implements Target {
  readonly kind = 'snowflake' as const;
  readonly capabilities = CAPABILITIES.snowflake;
  readonly account: SnowflakeAccount;
  readonly warehouse = undefined;
  private connecting?: Promise<SnowflakeClient>;
  private closed = false;

  constructor(private readonly o: SnowflakeTargetOptions, private readonly driver: () => SnowflakeDriver) {
    const self = this;
    this.account = {
      config: o.config,
      client: () => self.client(),
      suspendGraph: async () => driver().suspendGraph(await self.client(), o.config),
      resumeGraph: async () => driver().resumeGraph(await self.client(), o.config),
      graphRuns: async (limit = 20) => driver().listGraphRuns(await self.client(), o.config, limit),
    };
  }

  get label(): string {
    return `snowflake (${this.o.connectionName ?? 'default connection'})`;
  }

  get connectionName(): string | undefined {
    return this.o.connectionName;
  }

  /** True once a client was asked for (the account may have been contacted). */
  get connected(): boolean {
    return this.connecting !== undefined;
  }

  client(): Promise<SnowflakeClient> {
    if (this.closed) return Promise.reject(new Error('the Snowflake session was closed (target switched)'));
    if (!this.connecting) {
      this.connecting = this.openClient().then((client) => {
        if (!this.closed) this.o.onConnected?.();
        return client;
      });
      this.connecting.catch(() => { this.connecting = undefined; });
    }
    return this.connecting;
  }

  /** A new client: the options' connect(). */
  protected openClient(): Promise<SnowflakeClient> {
    if (!this.o.connect) return Promise.reject(new Error('no way to connect was given'));
    return this.o.connect();
  }

  async connect(): Promise<void> {
    await this.client();
  }

  async snapshot() {
    return this.driver().readSnowflakeSnapshot(await this.client(), this.o.config);
  }

  async runHistory(limit = 500) {
    return this.driver().loadRunHistorySnowflake(await this.client(), this.o.config, limit);
  }

  async traces() {
    return this.driver().listTracesSnowflake(await this.client(), this.o.config);
  }

  async trace(traceId: string) {
    return this.driver().loadTraceSnowflake(await this.client(), this.o.config, traceId);
  }

  async tracesOfRun(graphRunGroupId: string): Promise<string[]> {
    return (await this.traces()).filter((t) => t.graphRunGroupId === graphRunGroupId).sort((a, b) => a.startMs - b.startMs).map((t) => t.traceId);
  }

  /** The account's validation procedure runs the bronze and silver suites only: the others are
   *  not listed. */
  async quality(suites: readonly SuiteRef[]): Promise<SuiteView[]> {
    const d = this.driver();
    const names = suites.filter((s) => validatedOnAccount(s, d.VALIDATED_LAYERS)).map(suiteName);
    return d.readSnowflakeQualitySnapshot(await this.client(), this.o.config, names);
  }

  run(o: RunOptions = {}): Promise<RunOutcome> {
    if (o.selection && o.selection.kind !== 'graph') {
      return Promise.reject(new TargetUnsupportedError('On Snowflake the task graph runs as a whole (EXECUTE TASK); run one task with Run Task (a CALL of its procedure).'));
    }
    return this.ended(this.follow('execute', o), o);
  }

  async retry(o: RetryOptions = {}): Promise<RunOutcome | NothingToRetry> {
    // EXECUTE TASK … RETRY LAST: Snowflake retries the last failed run only, whichever was named.
    const [last] = await this.driver().listGraphRuns(await this.client(), this.o.config, 1);
    if (!last) return { nothingToRetry: 'No graph runs on the account yet: nothing to retry' };
    if (last.STATE === 'EXECUTING' || last.STATE === 'SCHEDULED') return { nothingToRetry: `Graph run ${last.GRAPH_RUN_GROUP_ID} attempt ${last.ATTEMPT_NUMBER} is still executing` };
    if (last.STATE === 'SUCCEEDED') return { nothingToRetry: `Graph run ${last.GRAPH_RUN_GROUP_ID} attempt ${last.ATTEMPT_NUMBER} SUCCEEDED: nothing to retry` };
    return this.ended(this.follow('retry', o), o);
  }

  private async ended(run: Promise<RunOutcome>, o: { onEnded?: (outcome: RunOutcome) => Promise<void> }): Promise<RunOutcome> {
    const outcome = await run;
    await o.onEnded?.(outcome);
    return outcome;
  }

  private async follow(mode: 'execute' | 'retry', o: { signal?: AbortSignal; onProgress?: (p: RunProgress) => void }): Promise<RunOutcome> {
    const d = this.driver();
    const client = await this.client();
    let started = false;
    const run = await d.startGraphRun(client, this.o.config, mode, {
      signal: o.signal, intervalMs: this.o.pollIntervalMs ?? 10_000, timeoutMs: this.o.runTimeoutMs,
      onPoll: (r) => {
        if (r && !started) {
          started = true;
          o.onProgress?.({ type: 'started', graphRunGroupId: r.GRAPH_RUN_GROUP_ID, attemptNumber: r.ATTEMPT_NUMBER, tasks: [] });
        }
        o.onProgress?.({ type: 'note', message: r ? `graph run ${r.STATE}` : 'waiting for the graph run to start' });
      },
    });
    if (!run) throw new Error('the graph run was submitted but not found in graph history');
    return this.outcomeOf(run);
  }

  private async outcomeOf(run: GraphRunRow): Promise<RunOutcome> {
    let tasks: RunOutcome['tasks'] = [];
    try {
      const rows = await this.driver().taskHistory(await this.client(), this.o.config, run.GRAPH_RUN_GROUP_ID);
      tasks = rows.filter((t) => t.ATTEMPT_NUMBER === run.ATTEMPT_NUMBER)
        .map((t) => ({ name: t.NAME, state: t.STATE, ...(t.ERROR_MESSAGE ? { error: t.ERROR_MESSAGE } : {}) }));
    } catch (e) {
      this.o.logger.log('WARN', `reading the task runs of graph run ${run.GRAPH_RUN_GROUP_ID}: ${(e as Error).message}`);
    }
    return {
      state: run.STATE, graphRunGroupId: run.GRAPH_RUN_GROUP_ID, attemptNumber: run.ATTEMPT_NUMBER, tasks,
      durationMs: run.DURATION_MS ?? undefined,
      firstError: run.FIRST_ERROR_TASK_NAME ? { task: run.FIRST_ERROR_TASK_NAME, message: run.FIRST_ERROR_MESSAGE ?? '' } : undefined,
      traceId: run.TRACE_ID ?? undefined,
    };
  }

  /** CALL the data validation task's procedure, then read back what it wrote per suite. */
  async validate(o: ValidateOptions = {}): Promise<ValidationOutcome> {
    o.signal?.throwIfAborted();
    const value = await this.driver().callStep(await this.client(), this.o.config, 'data_validation_task');
    const views = await this.quality(o.suites ?? []);
    // The results table holds every suite ever validated there: keep the ones asked for.
    const suites = views.filter((v) => v.last && (!o.suites || o.suites.includes(v.name))).map((v) => ({
      name: v.name, table: v.last!.table, success: v.last!.success, evaluated: v.last!.evaluated, failed: v.last!.evaluated - v.last!.passed,
      ...(v.last!.error ? { error: v.last!.error } : {}),
    }));
    suites.forEach((s, i) => o.onSuite?.(s, i + 1, suites.length));
    const text = value === undefined || value === null ? 'done' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return { success: suites.every((s) => s.success), suites, summary: text };
  }

  async callTask(task: string, o: { readonly signal?: AbortSignal } = {}): Promise<TaskCallOutcome> {
    o.signal?.throwIfAborted();
    const value = await this.driver().callStep(await this.client(), this.o.config, task);
    return { state: 'SUCCEEDED', value };
  }

  readonly deploy = async (plan: readonly PlanStatement[], o: DeployOptions = {}): Promise<DeployOutcome> =>
    this.driver().runDeployPlan(await this.client(), plan, { secrets: o.secrets, logger: this.o.logger, signal: o.signal, onProgress: o.onProgress });

  /** Destroys the connection (a logout at Snowflake); later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    if (!pending) return;
    try {
      await (await pending).destroy();
    } catch {
      // It never connected: nothing to close.
    }
  }
}
