// `retail-pipeline run`: one graph run on the target the options name (target-factory.ts): a
// recorded run in this process on the local warehouse (src/core/runner: DAG executor, lock, run
// history, event table), or EXECUTE TASK on the Snowflake deployment. This file turns flags into
// the Target's run options and its outcome into text or JSON; retry and schedule reuse its helpers.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSeverity, type Severity } from '../../core/log';
import { downstreamOf, task, TASKS, topologicalOrder, type TaskDef } from '../../core/manifest';
import type { RunEventListener } from '../../core/runner/events';
import { DEFAULT_CONCURRENCY, DEFAULT_TASK_TIMEOUT_MS, type GraphRunResult } from '../../core/runner/executor';
import type { PipelineRunOptions } from '../../core/runner/pipeline-run';
import type { LocalExecution } from '../../core/targets/local/local-target';
import type { RunOutcome, RunProgress, RunSelection } from '../../core/targets/target';
import { registerSecret } from '../../core/secrets/redact';
import { intOption, parse, taskArg, UsageError, type Options } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import type { RecordRow, RunRecords } from '../run-records';
import { SENTIMENT_OPTIONS, SENTIMENT_USAGE, sentimentOption } from '../sentiment-options';
import { FOLLOW_USAGE, TARGET_OPTIONS, TARGET_USAGE, withTarget } from '../target-factory';

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

/** What a local run takes from the flags (data folder, sources, limits), checked when it starts. */
export function localExecution(values: Record<string, unknown>, ctx: CommandContext): LocalExecution {
  const workspace = ctx.workspace(values);
  // --data is relative to where the user is; the default is the workspace's sample_data/.
  const dataDir = values.data ? resolve(String(values.data)) : resolve(workspace, 'sample_data');
  if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} does not exist: expected the layout of sample_data/ (--data DIR)`);
  return {
    dataDir, mysqlUrl: mysqlUrlFrom(values), mysqlPartitions: intOption(values, 'mysql-partitions', 4, 1),
    concurrency: intOption(values, 'concurrency', DEFAULT_CONCURRENCY, 1),
    timeoutMs: intOption(values, 'timeout', DEFAULT_TASK_TIMEOUT_MS / 1000, 1) * 1000,
    retries: intOption(values, 'retries', 0, 0),
    logLevel: logLevelOption(values),
    sentiment: sentimentOption(values),
    lock: { wait: Boolean(values.wait) },
  };
}

/** Options of a pipeline run in this process (schedule runs the core's runner itself). */
export function executionOptions(values: Record<string, unknown>, ctx: CommandContext): Omit<PipelineRunOptions, 'tasks'> {
  return { ...localExecution(values, ctx), workspace: ctx.workspace(values), log: ctx.logger, onEvent: values.json ? undefined : progress(ctx) };
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

/** Prints a finished run: one line per task (state, time, rows, what it returned or why it
 * failed) from the run's TASK_HISTORY rows, or as JSON the graph run's history row with the same
 * per-task report. One report for both targets; a column a target does not record stays empty. */
export async function printOutcome(o: RunOutcome, records: RunRecords, json: boolean, ctx: CommandContext): Promise<void> {
  const attemptOf = (r: RecordRow) => r.GRAPH_RUN_GROUP_ID === o.graphRunGroupId && Number(r.ATTEMPT_NUMBER) === o.attemptNumber;
  const record = (await records.graphRuns(20)).find(attemptOf) ?? {};
  const history = (await records.taskRuns(o.graphRunGroupId)).filter(attemptOf);
  const rows = o.tasks.map((t) => ({ t, h: history.find((r) => r.NAME === t.name) ?? {} as RecordRow }));
  const returned = (h: RecordRow) => (h.RETURN_VALUE ?? undefined) as string | undefined;
  if (json) {
    const tasks = Object.fromEntries(rows.map(({ t, h }) => [t.name, {
      state: t.state, ms: h.DURATION_MS ?? null, tries: h.TRIES ?? null,
      ...(returned(h) !== undefined || h.ROWS_IN != null ? { result: { rowsIn: h.ROWS_IN ?? null, rowsOut: h.ROWS_OUT ?? null, rejected: h.ROWS_REJECTED ?? null, returnValue: returned(h) ?? null } } : {}),
      ...(t.error ? { error: t.error, errorCode: h.ERROR_CODE ?? null } : {}),
    }]));
    // The history row's own columns first (what `history --json` prints), then the run's report.
    ctx.out(JSON.stringify({
      ...record, graphRunGroupId: o.graphRunGroupId, attemptNumber: o.attemptNumber, scheduledFrom: record.SCHEDULED_FROM ?? null,
      state: o.state, traceId: o.traceId ?? record.TRACE_ID ?? null, tasks,
    }) + '\n');
    return;
  }
  ctx.out(formatRows(rows.map(({ t, h }) => ({
    task: t.name, state: t.state, ms: h.DURATION_MS ?? '', rows_in: h.ROWS_IN ?? '', rows_out: h.ROWS_OUT ?? '', message: returned(h) ?? t.error ?? '',
  })), 'table'));
  ctx.out(`graph run ${o.graphRunGroupId} attempt ${o.attemptNumber}: ${o.state}\n`);
}

/** The run's progress on stderr: its start and each task start and skip (a local run's executor
 * logs successes and failures itself); a followed Snowflake run's polls. */
export function runProgress(ctx: CommandContext, json: boolean): (p: RunProgress) => void {
  return (p) => {
    if (p.type === 'note') ctx.logger.log('INFO', p.message);
    if (json) return;
    if (p.type === 'started') ctx.logger.log('INFO', `graph run ${p.graphRunGroupId} attempt ${p.attemptNumber}${p.tasks.length ? `: ${p.tasks.length} task(s)` : ' started'}`);
    if (p.type === 'task' && p.state === 'EXECUTING') ctx.logger.log('INFO', `${p.task}: started`);
    if (p.type === 'task' && p.state === 'SKIPPED') ctx.logger.log('INFO', `${p.task}: SKIPPED (${p.error})`);
  };
}

export const runExitCode = (state: string) => (state === 'SUCCEEDED' ? 0 : state === 'CANCELLED' ? 130 : 1);

/** What a procedure returned, as `snowflake call` has always printed it. */
export const valueText = (value: unknown) => `${value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`;

/** --only / --from as the interface's selection (names checked: an unknown task is a usage error). */
export function selectionFrom(values: Record<string, unknown>): RunSelection {
  if (values.only && values.from) throw new UsageError('use either --only or --from, not both');
  if (values.only) return { kind: 'only', tasks: selectTasks(values).map((t) => t.name) };
  if (values.from) return { kind: 'from', task: taskArg(String(values.from), '--from').name };
  return { kind: 'graph' };
}

export const RUN_USAGE = `run [--only T1,T2 | --from T] ${EXECUTION_USAGE} ${TARGET_USAGE} ${FOLLOW_USAGE}`;

/** `run`, and `snowflake run|execute` (choice.snowflake): the graph, or part of it, on the target. */
export async function runVerb(argv: string[], ctx: CommandContext, choice: { snowflake?: boolean } = {}): Promise<number> {
  const { values } = parse(argv, { ...EXECUTION_OPTIONS, ...TARGET_OPTIONS, only: { type: 'string' }, from: { type: 'string' } });
  const selection = selectionFrom(values);
  const json = Boolean(values.json);
  return withTarget(values, ctx, { ...choice, execution: () => localExecution(values, ctx) }, async ({ target, records, submit }) => {
    // Without a local warehouse a task runs on its own outside the graph: a CALL of its procedure,
    // whose return value is the report.
    if (selection.kind === 'only' && !target.capabilities.hasLocalWarehouse) {
      if (selection.tasks.length !== 1) throw new UsageError(`--only: ${target.label} runs one task at a time outside the graph (a CALL of its procedure)`);
      const r = await target.callTask(selection.tasks[0]);
      ctx.out(valueText(r.value));
      return runExitCode(r.state);
    }
    // A run the account keeps running without us: submitted, followed only with --wait.
    if (submit && !values.wait && selection.kind === 'graph') {
      await submit('execute');
      ctx.logger.log('INFO', 'graph run submitted (see: history --connection NAME, or run again with --wait)');
      return 0;
    }
    const outcome = await withCtrlC(ctx, (signal) => target.run({ selection, signal, onProgress: runProgress(ctx, json),
      // The report reads the run's records before the workspace is let go (a queued run waits).
      onEnded: (o) => printOutcome(o, records, json, ctx) }));
    return runExitCode(outcome.state);
  });
}

export const runCommand = {
  name: 'run',
  summary: `${RUN_USAGE}  run the pipeline (locally, or on the Snowflake deployment with --connection; --wait there follows the run)`,
  run: (argv: string[], ctx: CommandContext) => runVerb(argv, ctx),
};
