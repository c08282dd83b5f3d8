// Framework overhead: the four transform tasks through the runner (orchestration, run history,
// spans, Iceberg commits for gold) against the very same SELECTs run as one plain DuckDB script
// (CREATE OR REPLACE TABLE … AS, one connection, no orchestration, no spans, no Iceberg). Both
// replace the AI functions by the same constants; AI is measured in ai.bench.ts. Same bronze
// input: the warehouse is loaded once and copied for the baseline. Goal: ratio <= 1.3.
// Both sides are timed from opening the database file to closing it, because the runner's time
// includes its open and the checkpoint DuckDB writes at close (0.9 s of JS-thread time at scale
// 100 in a profile), which a script run (`duckdb file < script.sql`) pays as well. CPU seconds
// (process.cpuUsage: this process and DuckDB's threads) are reported beside wall time because
// the machine may be shared.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { silentLogger } from '../src/core/log';
import { LOAD_TASKS, ROOT_TASK, task, TASKS } from '../src/core/manifest';
import { executeStep } from '../src/core/pipeline/steps';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { quoteIdent } from '../src/core/sql/identifiers';
import { loadStepSql, renderStatement } from '../src/core/transform/step-sql';
import { registerConstantAiFunctions } from '../src/core/transform/run-local';
import { stateDir } from '../src/core/targets/local/warehouse';
import { dataSet, peakRssMb, report, scaleArg, tempWorkspace, timed } from './lib';

const TRANSFORMS = ['bronze_silver_task', 'silver_gold_task', 'order_analytics_task', 'customer_analytics_task'];

const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };

async function measured(fn: () => Promise<void>): Promise<{ ms: number; cpu: number }> {
  const c0 = cpuMs();
  const { ms } = await timed(fn);
  return { ms, cpu: cpuMs() - c0 };
}

function baseline(file: string): Promise<{ ms: number; cpu: number }> {
  const script = TRANSFORMS.flatMap((t) => loadStepSql(t)).map((s) =>
    `CREATE OR REPLACE TABLE ${quoteIdent(s.table.name)} AS ${renderStatement(s, { dialect: 'duckdb', sentiment: { positive: 0.05, negative: -0.05 } })};`);
  return measured(async () => {
    const db = await DuckDBInstance.create(file);
    const conn = await db.connect();
    try {
      await registerConstantAiFunctions(conn);
      for (const sql of script) await conn.run(sql);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
}

async function main(): Promise<void> {
  const scale = scaleArg();
  const data = await dataSet(scale);
  const ws = tempWorkspace('overhead');
  try {
    const load = await runPipeline({ workspace: ws, dataDir: data, log: silentLogger, tasks: [task(ROOT_TASK), ...LOAD_TASKS] });
    if (load.state !== 'SUCCEEDED') throw new Error(`loading bronze failed: ${JSON.stringify(load.outcomes.filter((o) => o.state !== 'SUCCEEDED'))}`);
    const warehouse = join(stateDir(ws), 'warehouse.duckdb');
    const bronze = join(ws, 'bronze.duckdb');
    copyFileSync(warehouse, bronze);
    const copy = join(ws, 'baseline.duckdb');
    const projectRuns: { ms: number; cpu: number }[] = [];
    const baselineRuns: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < 2; i++) {
      rmSync(copy, { force: true });
      copyFileSync(bronze, copy);
      baselineRuns.push(await baseline(copy));
      let state = '';
      projectRuns.push(await measured(async () => {
        const value = await runPipeline({
          workspace: ws, dataDir: data, log: silentLogger, tasks: TASKS.filter((t) => TRANSFORMS.includes(t.name)),
          step: (t, ctx) => executeStep(t, { ...ctx, ai: 'constant' }),
        });
        state = value.state;
        if (value.state !== 'SUCCEEDED') throw new Error(`transform run failed: ${JSON.stringify(value.outcomes.filter((o) => o.state !== 'SUCCEEDED'))}`);
      }));
      process.stderr.write(`run ${i + 1}: baseline ${(baselineRuns[i].ms / 1000).toFixed(2)} s (cpu ${(baselineRuns[i].cpu / 1000).toFixed(2)} s), project ${state} ${(projectRuns[i].ms / 1000).toFixed(2)} s (cpu ${(projectRuns[i].cpu / 1000).toFixed(2)} s)\n`);
    }
    const p = Math.min(...projectRuns.map((r) => r.ms)) / 1000;
    const b = Math.min(...baselineRuns.map((r) => r.ms)) / 1000;
    const pc = Math.min(...projectRuns.map((r) => r.cpu)) / 1000;
    const bc = Math.min(...baselineRuns.map((r) => r.cpu)) / 1000;
    const ratio = p / b;
    report([
      { measure: 'transforms s (runner vs plain SQL script, open to close)', project: p, baseline: b, ratio, goal: '<= 1.3', met: ratio <= 1.3, peak_rss_mb: peakRssMb() },
      { measure: 'transforms CPU s (same runs)', project: pc, baseline: bc, ratio: pc / bc, goal: '<= 1.3', met: pc / bc <= 1.3 },
    ], { pipeline_overhead_ratio: ratio }, ratio <= 1.3 ? {} : { pipeline_overhead_ratio: `wall ${ratio.toFixed(2)}, CPU ${(pc / bc).toFixed(2)} (project ${pc.toFixed(1)} s vs baseline ${bc.toFixed(1)} s CPU)` });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
