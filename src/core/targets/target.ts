// One interface for both targets (issue 17): what the CLI verbs and the extension's commands and
// views ask of "the current target", whether that is the local DuckDB warehouse
// (local/local-target.ts) or the deployment on a Snowflake account
// (snowflake/snowflake-target.ts). Callers hold a Target and never ask which kind it is; what a
// kind cannot do at all is its `capabilities` (capabilities.ts), not a branch at the call.
// Progress and cancellation are plain callbacks and an AbortSignal, so the extension adapts them
// to withProgress/CancellationToken and the CLI to stderr lines and Ctrl-C. Types only: no
// driver is imported here, so any bundle may hold this file.
import type { PlanStatement } from '../snowflake/plan';
import type { DeployProgress } from '../snowflake/deploy-run';
import type { WarehouseSnapshot } from '../warehouse-snapshot';
import type { RunHistoryData, TraceDetail, TraceSummary } from '../../shared/webview-protocol';
import type { SnowflakeClient } from '../snowflake/client';
import type { SnowflakeDeployConfig } from '../snowflake/deploy-config';
import type { GraphRunRow } from '../snowflake/history';
import type { SuiteView } from './quality-view';
import type { TargetCapabilities, TargetKind } from './capabilities';
import type { WarehouseAccess } from './local/warehouse-access';

export type { TargetCapabilities, TargetKind } from './capabilities';
export type { SuiteView, ExpectationView } from './quality-view';

/** Which tasks a run executes (the CLI's default / --only / --from). */
export type RunSelection =
  | { readonly kind: 'graph' }
  /** These tasks (manifest names), in the graph's order. */
  | { readonly kind: 'only'; readonly tasks: readonly string[] }
  /** This task and everything downstream of it. */
  | { readonly kind: 'from'; readonly task: string };

/** What a run reports while it goes. */
export type RunProgress =
  /** The run started (locally: its id and tasks are known; on Snowflake: the run was submitted). */
  | { readonly type: 'started'; readonly graphRunGroupId?: string; readonly attemptNumber?: number; readonly tasks: readonly string[] }
  /** A task changed state (SCHEDULED, EXECUTING, SUCCEEDED, FAILED, CANCELLED, SKIPPED). */
  | { readonly type: 'task'; readonly task: string; readonly state: string; readonly error?: string }
  /** Anything else worth a line: "waiting for the graph run to start", "graph run EXECUTING". */
  | { readonly type: 'note'; readonly message: string };

export interface RunOptions {
  /** Default: the whole graph. */
  readonly selection?: RunSelection;
  /** Aborting cancels a local run (running tasks CANCELLED, history written); on Snowflake it
   *  stops following the run, which keeps running on the account. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
  /** Called with the outcome before the run lets the workspace go (local: still inside the run
   *  lock, so a report that reads the run's records does not race the next queued run for the
   *  warehouse file; Snowflake: once the run has ended). */
  readonly onEnded?: (outcome: RunOutcome) => Promise<void>;
}

export interface RetryOptions {
  /** The graph run (id or unique prefix) whose failed, skipped and cancelled tasks run again;
   *  default the last one. Snowflake retries its last failed run only (EXECUTE TASK … RETRY LAST). */
  readonly graphRunGroupId?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
  /** Called with the outcome before the run lets the workspace go (local: still inside the run
   *  lock, so a report that reads the run's records does not race the next queued run for the
   *  warehouse file; Snowflake: once the run has ended). */
  readonly onEnded?: (outcome: RunOutcome) => Promise<void>;
}

export interface TaskResult {
  readonly name: string;
  readonly state: string;
  readonly error?: string;
}

/** A finished (or, on Snowflake, followed until finished) graph run. */
export interface RunOutcome {
  /** SUCCEEDED, FAILED or CANCELLED (what the graph run ended as). */
  readonly state: string;
  readonly graphRunGroupId: string;
  readonly attemptNumber: number;
  /** Every task of the run with its final state (Snowflake: its TASK_HISTORY rows, maybe none). */
  readonly tasks: readonly TaskResult[];
  readonly durationMs?: number;
  /** The first task that failed or was cancelled, and why. */
  readonly firstError?: { readonly task: string; readonly message: string };
  readonly traceId?: string;
}

/** Retry found nothing to do: no run yet, the last run still executing, or nothing failed. */
export interface NothingToRetry {
  readonly nothingToRetry: string;
}

export const isNothingToRetry = (r: RunOutcome | NothingToRetry): r is NothingToRetry => 'nothingToRetry' in r;

export interface ValidateOptions {
  /** Suite names (sql/quality/*.json) to run; default all. Snowflake's validation procedure
   *  runs its own set (the bronze and silver suites). */
  readonly suites?: readonly string[];
  /** The validation run's name (GE's run_name; default a timestamped one). Locally only. */
  readonly runName?: string;
  readonly signal?: AbortSignal;
  /** As each suite finishes (suites run side by side, so in any order). */
  readonly onSuite?: (suite: SuiteVerdict, done: number, total: number) => void;
}

export interface SuiteVerdict {
  readonly name: string;
  readonly table?: string;
  readonly success: boolean;
  readonly evaluated: number;
  readonly failed: number;
  /** The suite could not run at all (its table does not exist yet, say). */
  readonly error?: string;
  /** The suite's report, one line per expectation (core/quality describeOutcome), when known. */
  readonly report?: readonly string[];
}

export interface ValidationOutcome {
  readonly success: boolean;
  readonly suites: readonly SuiteVerdict[];
  /** One line for the user: "3/3 suites passed", or the procedure's return value on Snowflake. */
  readonly summary: string;
  /** Locally: the validation run's name and the rows appended to GE_VALIDATION_RESULTS. */
  readonly runName?: string;
  readonly rowsWritten?: number;
}

/** A single task run now: locally a recorded run of that task alone, on Snowflake a CALL of its
 *  procedure. */
export interface TaskCallOutcome {
  readonly state: string;
  /** The procedure's (or step's) return value, when it has one. */
  readonly value?: unknown;
  readonly error?: string;
}

export interface DeployOptions {
  /** Values for the plan's secret placeholders (requiredSecrets(plan)). */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DeployProgress) => void;
}

export interface DeployOutcome {
  readonly executed: number;
  readonly ms: number;
}

/** What only a Snowflake deployment has: the account's task graph to operate, and the
 *  connection and deploy config for what builds its own statements (the deploy plan). */
export interface SnowflakeAccount {
  readonly config: SnowflakeDeployConfig;
  /** The session's client, connecting on first use. */
  client(): Promise<SnowflakeClient>;
  suspendGraph(): Promise<void>;
  resumeGraph(): Promise<void>;
  graphRuns(limit?: number): Promise<GraphRunRow[]>;
}

/** A suite by name, or with the table it checks (sql/quality/<name>.json). */
export type SuiteRef = string | { readonly name: string; readonly table: string };

export interface Target {
  readonly kind: TargetKind;
  /** "local" or "snowflake (<connection>)": what logs, the status bar and the CLI show. */
  readonly label: string;
  readonly capabilities: TargetCapabilities;
  /** True when reads will not start a login (local: always; Snowflake: once connected), so a
   *  view can read without popping up a browser sign-in. */
  readonly connected: boolean;
  /** Makes the target ready to act (Snowflake: opens the connection; local: nothing). */
  connect(): Promise<void>;

  // ---- Reads (the views, the panels, `history` / `traces`).
  /** Row counts and last task runs; undefined when there is nothing to read yet (no warehouse). */
  snapshot(): Promise<WarehouseSnapshot | undefined>;
  /** The newest `limit` graph runs and their task runs. */
  runHistory(limit?: number): Promise<RunHistoryData>;
  traces(): Promise<TraceSummary[]>;
  trace(traceId: string): Promise<TraceDetail>;
  /** The trace ids of one graph run's attempts, oldest first. */
  tracesOfRun(graphRunGroupId: string): Promise<string[]>;
  /** The last validation of each named suite (a suite never validated has no `last`). A suite
   *  given with its table may be left out where the target does not validate that layer. */
  quality(suites: readonly SuiteRef[]): Promise<SuiteView[]>;

  // ---- Actions.
  run(o?: RunOptions): Promise<RunOutcome>;
  retry(o?: RetryOptions): Promise<RunOutcome | NothingToRetry>;
  validate(o?: ValidateOptions): Promise<ValidationOutcome>;
  callTask(task: string, o?: { readonly signal?: AbortSignal }): Promise<TaskCallOutcome>;
  /** Present when capabilities.canDeploy: runs a deploy plan (core/snowflake/plan.ts) in order. */
  readonly deploy?: (plan: readonly PlanStatement[], o?: DeployOptions) => Promise<DeployOutcome>;

  // ---- What one kind has and the other does not (present as its capabilities say).
  /** capabilities.hasLocalWarehouse: the workspace's warehouse, opened only while used. */
  readonly warehouse?: WarehouseAccess;
  /** capabilities.canOperateTaskGraph: the account the pipeline is deployed on. */
  readonly account?: SnowflakeAccount;

  /** Closes the warehouse handle or the connection; later calls fail. */
  close(): Promise<void>;
}

/** Thrown for what a kind of target cannot do (a selection Snowflake cannot run, say); by code,
 *  not instanceof, since every bundle has its own copy of the class. */
export const TARGET_UNSUPPORTED = 'RETAIL_TARGET_UNSUPPORTED';

export class TargetUnsupportedError extends Error {
  override readonly name = 'TargetUnsupportedError';
  readonly code = TARGET_UNSUPPORTED;
}

/** Thrown by a read or an action that needs something the target does not have yet: no local
 *  warehouse before the first run, say. The message says what to do. */
export const TARGET_NOT_READY = 'RETAIL_TARGET_NOT_READY';

export class TargetNotReadyError extends Error {
  override readonly name = 'TargetNotReadyError';
  readonly code = TARGET_NOT_READY;
}
