// `retail-pipeline run`: one recorded graph run on the local target (EXECUTE TASK). The DAG
// executor, lock, run history and event table live in src/core/runner; this file turns flags
// into options and results into text or JSON. retry and schedule reuse its helpers.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSeverity, type Severity } from '../../core/log';
import { downstreamOf, task, TASKS, topologicalOrder, type TaskDef } from '../../core/manifest';
import type { RunEventListener } from '../../core/runner/events';
import { DEFAULT_CONCURRENCY, DEFAULT_TASK_TIMEOUT_MS, type GraphRunResult } from '../../core/runner/executor';
import { runPipeline, type PipelineRunOptions } from '../../core/runner/pipeline-run';
import { registerSecret } from '../../core/secrets/redact';
import { intOption, parse, taskArg, UsageError, type Options } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import { SENTIMENT_OPTIONS, SENTIMENT_USAGE, sentimentOption } from '../sentiment-options';

export function mysqlUrlFrom(values: Record<string, unknown>): string | undefined {
  const url = (values['mysql-url'] as string | undefined) ?? process.env.RETAIL_MYSQL_URL ?? undefined;
  if (!url) return undefined;
  try {
    registerSecret(decodeURIComponent(new URL(url).password));
  } catch {
    throw new UsageError('--mysql-url / RETAIL_MYSQL_URL expects a URL like mysql://user:password@127.0.0.1:3306/retail_db');
  }
  return url;
}

/** The tasks a run selects: all, --only T1,T2, or --from T (T and everything downstream). */
export function selectTasks(values: Record<string, unknown>): TaskDef[] {
  if (values.only && values.from) throw new UsageError('use either --only or --from, not both');
  if (values.only) return topologicalOrder(String(values.only).split(',').map((n) => taskArg(n, '--only')));
  if (values.from) return topologicalOrder(downstreamOf(taskArg(String(values.from), '--from').name).map(task));
  return topologicalOrder(TASKS);
}

/** Flags every command that executes tasks accepts. */
export const EXECUTION_OPTIONS: Options = {
  data: { type: 'string' }, 'mysql-url': { type: 'string' }, 'mysql-partitions': { type: 'string' }, json: { type: 'boolean' },
  concurrency: { type: 'string' }, timeout: { type: 'string' }, retries: { type: 'string' }, wait: { type: 'boolean' },
  'log-level': { type: 'string' }, ...SENTIMENT_OPTIONS,
};
export const EXECUTION_USAGE = `[--data DIR] [--mysql-url URL] [--mysql-partitions N] [--concurrency N] [--timeout SECONDS] [--retries N] [--log-level LEVEL] ${SENTIMENT_USAGE} [--wait] [--json]`;

/** --log-level: the lowest severity kept as LOG records in EVENTS (default DEBUG). */
function logLevelOption(values: Record<string, unknown>): Severity {
  if (values['log-level'] === undefined) return 'DEBUG';
  const level = parseSeverity(String(values['log-level']));
  if (!level) throw new UsageError(`--log-level ${JSON.stringify(values['log-level'])}: expected DEBUG, INFO, WARN or ERROR`);
  return level;
}

/** Options shared by run, retry and schedule. */
export function executionOptions(values: Record<string, unknown>, ctx: CommandContext): Omit<PipelineRunOptions, 'tasks'> {
  const workspace = ctx.workspace(values);
  // --data is relative to where the user is; the default is the workspace's sample_data/.
  const dataDir = values.data ? resolve(String(values.data)) : resolve(workspace, 'sample_data');
  if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} does not exist: expected the layout of sample_data/ (--data DIR)`);
  return {
    workspace, dataDir, mysqlUrl: mysqlUrlFrom(values), mysqlPartitions: intOption(values, 'mysql-partitions', 4, 1), log: ctx.logger,
    concurrency: intOption(values, 'concurrency', DEFAULT_CONCURRENCY, 1),
    timeoutMs: intOption(values, 'timeout', DEFAULT_TASK_TIMEOUT_MS / 1000, 1) * 1000,
    retries: intOption(values, 'retries', 0, 0),
    logLevel: logLevelOption(values),
    sentiment: sentimentOption(values),
    lock: { wait: Boolean(values.wait) },
    onEvent: values.json ? undefined : progress(ctx),
  };
}

/** One line per task start and skip (the executor logs successes and failures itself). */
function progress(ctx: CommandContext): RunEventListener {
  return (e) => {
    if (e.type === 'graph-started') ctx.logger.log('INFO', `graph run ${e.run.graphRunGroupId} attempt ${e.run.attemptNumber} (${e.run.scheduledFrom}): ${e.tasks.length} task(s)`);
    if (e.type === 'task-started') ctx.logger.log('INFO', `${e.task}: started`);
    if (e.type === 'task-finished' && e.outcome.state === 'SKIPPED') ctx.logger.log('INFO', `${e.outcome.name}: SKIPPED (${e.outcome.error?.message})`);
  };
}

/** Ctrl-C cancels the graph run cleanly (running tasks CANCELLED, history written); a second
 * Ctrl-C quits at once. */
export async function withCtrlC<T>(ctx: CommandContext, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    ctx.logger.log('WARN', 'cancelling: running tasks are being stopped (Ctrl-C again to quit at once)');
    controller.abort(new Error('cancelled by the user (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function exitCode(r: GraphRunResult): number {
  return r.state === 'SUCCEEDED' ? 0 : r.state === 'CANCELLED' ? 130 : 1;
}

export function printResult(r: GraphRunResult, json: boolean, ctx: CommandContext): void {
  if (json) {
    const tasks = Object.fromEntries(r.outcomes.map((o) => [o.name, {
      state: o.state, ms: o.durationMs, tries: o.tries, ...(o.result ? { result: o.result } : {}), ...(o.error ? { error: o.error.message, errorCode: o.error.code } : {}),
    }]));
    ctx.out(JSON.stringify({
      graphRunGroupId: r.run.graphRunGroupId, attemptNumber: r.run.attemptNumber, scheduledFrom: r.run.scheduledFrom,
      state: r.state, traceId: r.traceId, tasks,
    }) + '\n');
    return;
  }
  ctx.out(formatRows(r.outcomes.map((o) => ({
    task: o.name, state: o.state, ms: o.durationMs, rows_in: o.result?.rowsIn ?? '', rows_out: o.result?.rowsOut ?? '',
    message: o.result?.returnValue ?? o.error?.message ?? '',
  })), 'table'));
  ctx.out(`graph run ${r.run.graphRunGroupId} attempt ${r.run.attemptNumber}: ${r.state}\n`);
}

export const runCommand = {
  name: 'run',
  summary: `run [--only T1,T2 | --from T] ${EXECUTION_USAGE}  run the pipeline on the local target`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { ...EXECUTION_OPTIONS, only: { type: 'string' }, from: { type: 'string' } });
    const tasks = selectTasks(values);
    const base = executionOptions(values, ctx);
    const result = await withCtrlC(ctx, (signal) => runPipeline({ ...base, tasks, signal }));
    printResult(result, Boolean(values.json), ctx);
    return exitCode(result);
  },
};
