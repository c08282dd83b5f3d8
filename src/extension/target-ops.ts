// The current target's operations, for the commands and the panels: the one place in the
// commands bundle that asks which kind of target is current. Each command or panel calls
// targetOps(ctx).<operation> and does not know whether it runs in this window on DuckDB or on
// the Snowflake account. (What a target cannot do at all is hidden by its capabilities' context
// keys, core/targets/capabilities.ts.)
import type { TaskDef } from '../core/manifest';
import type { RunHistoryData, TraceDetail, TraceSummary } from '../shared/webview-protocol';
import type { Ctx } from './ctx';
import { heavy } from './load-heavy';
import { retryFailed } from './panels/retry';
import { retryLastRun, validateLocal, validateOnSnowflake } from './quality-commands';
import { runGraph } from './run';
import { runGraphOnSnowflake, runTaskOnSnowflake } from './snowflake-commands';
import { withWarehouse } from './warehouse-read';

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

const latestFirst = (a: TraceSummary, b: TraceSummary) => a.startMs - b.startMs;

function localOps(ctx: Ctx): TargetOps {
  return {
    runGraph: () => runGraph(ctx, { title: 'Run Pipeline' }),
    runTask: (t) => runGraph(ctx, { title: `Run Task ${t.name}`, tasks: [t] }),
    retryLast: () => retryLastRun(ctx),
    retryRun: (id) => retryFailed(ctx, id),
    validate: () => validateLocal(ctx),
    connect: async () => undefined,
    runHistory: (limit) => withWarehouse(ctx, 'Run History', (wh) => heavy().loadRunHistory(wh, limit)),
    traces: () => withWarehouse(ctx, 'Traces', (wh) => heavy().listTraces(wh)),
    trace: (id) => withWarehouse(ctx, 'Traces', (wh) => heavy().loadTrace(wh, id)),
    latestTraceOf: async (id) => (await withWarehouse(ctx, 'Traces', (wh) => heavy().traceIdsOf(wh, id))).at(-1)?.traceId,
  };
}

function snowflakeOps(ctx: Ctx): TargetOps {
  const session = () => ctx.requireSnowflakeSession();
  return {
    runGraph: () => runGraphOnSnowflake(ctx),
    runTask: (t) => runTaskOnSnowflake(ctx, t),
    retryLast: async () => (await runGraphOnSnowflake(ctx, 'retry')) !== undefined,
    // EXECUTE TASK … RETRY LAST: Snowflake retries the last failed run only, whichever was picked.
    retryRun: () => runGraphOnSnowflake(ctx, 'retry'),
    validate: () => validateOnSnowflake(ctx),
    connect: async () => void (await session().client()),
    runHistory: (limit) => session().runHistory(limit),
    traces: () => session().traces(),
    trace: (id) => session().trace(id),
    latestTraceOf: async (id) => (await session().traces()).filter((t) => t.graphRunGroupId === id).sort(latestFirst).at(-1)?.traceId,
  };
}

/** The factory: the current target's operations. */
export function targetOps(ctx: Ctx): TargetOps {
  return ctx.target === 'snowflake' ? snowflakeOps(ctx) : localOps(ctx);
}
