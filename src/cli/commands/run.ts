import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { downstreamOf, task, TASKS, topologicalOrder, type TaskDef } from '../../core/manifest';
import type { PipelineContext, StepResult } from '../../core/pipeline/context';
import { executeStep } from '../../core/pipeline/steps';
import { registerSecret } from '../../core/secrets/redact';
import { LocalWarehouse } from '../../core/targets/local/warehouse';
import { intOption, parse, UsageError } from '../args';
import type { CommandContext } from '../main';

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
  if (values.only) return topologicalOrder(String(values.only).split(',').map((n) => task(n.trim())));
  if (values.from) return topologicalOrder(downstreamOf(String(values.from)).map(task));
  return topologicalOrder(TASKS);
}

export const runCommand = {
  name: 'run',
  summary: 'run [--data DIR] [--only T1,T2 | --from T] [--mysql-url URL] [--json]  run the pipeline on the local target',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, {
      data: { type: 'string' }, only: { type: 'string' }, from: { type: 'string' },
      'mysql-url': { type: 'string' }, 'mysql-partitions': { type: 'string' }, json: { type: 'boolean' },
    });
    const workspace = ctx.workspace(values);
    const dataDir = resolve(workspace, (values.data as string | undefined) ?? 'sample_data');
    if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} does not exist: expected the layout of sample_data/ (--data DIR)`);
    const tasks = selectTasks(values);
    const wh = await LocalWarehouse.open(workspace);
    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('cancelled by the user (Ctrl-C)'));
    process.once('SIGINT', onSigint);
    const pctx: PipelineContext = {
      workspace, wh, dataDir, mysqlUrl: mysqlUrlFrom(values),
      mysqlPartitions: intOption(values, 'mysql-partitions', 4, 1), log: ctx.logger, signal: controller.signal,
    };
    const results: Record<string, { state: string; result?: StepResult; error?: string; ms: number }> = {};
    try {
      // Tasks start as soon as their selected predecessors succeeded; independent ones run together.
      const selected = new Set(tasks.map((t) => t.name));
      const done = new Map<string, Promise<boolean>>();
      const start = (t: TaskDef): Promise<boolean> => {
        let p = done.get(t.name);
        if (p) return p;
        p = (async () => {
          const preds = await Promise.all(t.after.filter((a) => selected.has(a)).map((a) => start(task(a))));
          if (!preds.every(Boolean)) { results[t.name] = { state: 'SKIPPED', ms: 0 }; return false; }
          const t0 = Date.now();
          ctx.logger.log('INFO', `${t.name}: started`);
          try {
            const result = await executeStep(t, pctx);
            results[t.name] = { state: 'SUCCEEDED', result, ms: Date.now() - t0 };
            ctx.logger.log('INFO', `${t.name}: ${result.returnValue} (${Date.now() - t0} ms)`);
            return true;
          } catch (e) {
            results[t.name] = { state: 'FAILED', error: (e as Error).message, ms: Date.now() - t0 };
            ctx.logger.log('ERROR', `${t.name}: FAILED: ${(e as Error).message}`);
            return false;
          }
        })();
        done.set(t.name, p);
        return p;
      };
      const ok = (await Promise.all(tasks.map(start))).every(Boolean);
      if (values.json) ctx.out(JSON.stringify({ state: ok ? 'SUCCEEDED' : 'FAILED', tasks: results }) + '\n');
      return ok ? 0 : 1;
    } finally {
      process.off('SIGINT', onSigint);
      wh.close();
    }
  },
};
