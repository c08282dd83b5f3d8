// The current target's operations, for the commands and the panels (commands bundle). Each
// command or panel calls targetOps(ctx).<operation> and does not know whether it runs in this
// window on DuckDB or on the Snowflake account. The reads go straight to the current Target
// (core/targets/target.ts); the runs keep each target's own way of showing them (live task
// states of a run in this window, polls of a graph run on the account), chosen by a table on
// the target's kind — the factory (target-factory.ts) made the target, this only adapts its UI.
// (What a target cannot do at all is hidden by its capabilities' context keys.)
import type { TaskDef } from '../core/manifest';
import type { TargetKind } from '../core/targets/capabilities';
import type { RunHistoryData, TraceDetail, TraceSummary } from '../shared/webview-protocol';
import type { Ctx } from './ctx';
import { retryFailed } from './panels/retry';
import { retryLastRun, validateLocal, validateOnSnowflake } from './quality-commands';
import { runGraph } from './run';
import { runGraphOnSnowflake, runTaskOnSnowflake } from './snowflake-commands';

export interface TargetOps {
  /** Run Pipeline: the whole graph. */
  runGraph(): Promise<string | undefined>;
  /** Run Task: one task now. */
  runTask(t: TaskDef): Promise<unknown>;
  /** Retry Failed Tasks: the failed, skipped and cancelled tasks of the last graph run. */
  retryLast(): Promise<boolean>;
  /** The Run History panel's Retry: one graph run (Snowflake retries its last failed run). */
  retryRun(graphRunGroupId: string): Promise<unknown>;
  /** Validate Data: the expectation suites. */
  validate(): Promise<string | undefined>;
  /** Refresh: makes what the views read current (on Snowflake, opens the connection). */
  connect(): Promise<void>;
  runHistory(limit: number): Promise<RunHistoryData>;
  traces(): Promise<TraceSummary[]>;
  trace(traceId: string): Promise<TraceDetail>;
  /** The newest trace of a graph run (the Run History panel's "Open Traces"). */
  latestTraceOf(graphRunGroupId: string): Promise<string | undefined>;
}

type RunUi = Pick<TargetOps, 'runGraph' | 'runTask' | 'retryLast' | 'retryRun' | 'validate'>;

/** How each kind of target's runs are shown (run.ts in this window; the account's polls). */
const RUN_UI: Readonly<Record<TargetKind, (ctx: Ctx) => RunUi>> = {
  local: (ctx) => ({
    runGraph: () => runGraph(ctx, { title: 'Run Pipeline' }),
    runTask: (t) => runGraph(ctx, { title: `Run Task ${t.name}`, tasks: [t] }),
    retryLast: () => retryLastRun(ctx),
    retryRun: (id) => retryFailed(ctx, id),
    validate: () => validateLocal(ctx),
  }),
  snowflake: (ctx) => ({
    runGraph: () => runGraphOnSnowflake(ctx),
    runTask: (t) => runTaskOnSnowflake(ctx, t),
    retryLast: async () => (await runGraphOnSnowflake(ctx, 'retry')) !== undefined,
    // EXECUTE TASK … RETRY LAST: Snowflake retries the last failed run only, whichever was picked.
    retryRun: () => runGraphOnSnowflake(ctx, 'retry'),
    validate: () => validateOnSnowflake(ctx),
  }),
};

/** The current target's operations. */
export function targetOps(ctx: Ctx): TargetOps {
  const target = () => ctx.currentTarget();
  return {
    ...RUN_UI[ctx.target](ctx),
    connect: () => target().connect(),
    runHistory: (limit) => target().runHistory(limit),
    traces: () => target().traces(),
    trace: (id) => target().trace(id),
    latestTraceOf: async (id) => (await target().tracesOfRun(id)).at(-1),
  };
}
