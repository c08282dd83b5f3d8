// MySQL -> bronze. (1) The project's load of the five retail_db tables (streamed, parallel
// tables and key-range partitions, canonical checks, atomic swap, run history) against the
// plain-tools floor: `mariadb --batch --quick -e "SELECT * FROM t" > t.tsv` and DuckDB
// read_csv into a table, the five tables side by side as well. Ratio = project rows/s over
// baseline rows/s, goal >= 1.0. (2) The same load with tables and partitions in parallel
// against one table and one partition at a time: ratio of times, goal <= 0.35.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { silentLogger } from '../src/core/log';
import { LOAD_TASKS, ROOT_TASK, task } from '../src/core/manifest';
import { seedMysql } from '../src/core/mysql/seed';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { dataSet, peakRssMb, report, scaleArg, tempWorkspace, timed } from './lib';

const HOST = process.env.RETAIL_BENCH_MYSQL_HOST ?? '127.0.0.1';
const MYSQL_TASKS = LOAD_TASKS.filter((t) => t.source?.kind === 'mysql');

function dump(db: string, table: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('mariadb', ['--batch', '--quick', `-h${HOST}`, '-uroot', db, '-e', `SELECT * FROM \`${table}\``], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.pipe(createWriteStream(out));
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mariadb exited ${code}: ${err}`))));
  });
}

async function baseline(db: string, dir: string): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, 'baseline.duckdb'));
  try {
    const { ms } = await timed(() => Promise.all(MYSQL_TASKS.map(async (t) => {
      const table = (t.source as { table: string }).table;
      const tsv = join(dir, `${table}.tsv`);
      await dump(db, table, tsv);
      const conn = await instance.connect();
      try {
        await conn.run(`CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_csv('${tsv.replace(/'/g, "''")}', delim = '\t', header = true, quote = '', escape = '', nullstr = 'NULL')`);
      } finally {
        conn.closeSync();
      }
    })));
    return ms;
  } finally {
    instance.closeSync();
  }
}

async function main(): Promise<void> {
  const scale = scaleArg();
  const data = await dataSet(scale);
  const db = `retail_bench_s${scale}`;
  const url = `mysql://root@${HOST}:3306/${db}`;
  const seeded = await seedMysql(url, data, { log: silentLogger });
  const rows = seeded.reduce((a, r) => a + r.inserted, 0);
  process.stderr.write(`seeded ${db}: ${rows} rows\n`);
  const ws = tempWorkspace('ingest');
  const scratch = join(ws, 'baseline');
  mkdirSync(scratch, { recursive: true });
  try {
    const load = (concurrency: number, partitions: number) => timed(async () => {
      const r = await runPipeline({ workspace: ws, dataDir: data, mysqlUrl: url, mysqlPartitions: partitions, concurrency, log: silentLogger, tasks: [task(ROOT_TASK), ...MYSQL_TASKS] });
      if (r.state !== 'SUCCEEDED') throw new Error(`load failed: ${JSON.stringify(r.outcomes.filter((o) => o.state !== 'SUCCEEDED'))}`);
    });
    const parallel: number[] = [];
    const sequential: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 2; i++) {
      base.push(await baseline(db, scratch));
      parallel.push((await load(MYSQL_TASKS.length + 1, 4)).ms);
      sequential.push((await load(1, 1)).ms);
    }
    const p = Math.min(...parallel) / 1000;
    const s = Math.min(...sequential) / 1000;
    const b = Math.min(...base) / 1000;
    const ingest = (rows / p) / (rows / b);
    report([
      { measure: `MySQL->bronze rows/s (${rows} rows, project vs mariadb CLI + DuckDB read_csv)`, project: Math.round(rows / p), baseline: Math.round(rows / b), ratio: ingest, goal: '>= 1.0', met: ingest >= 1, peak_rss_mb: peakRssMb() },
      { measure: 'five tables: parallel vs sequential s', project: p, baseline: s, ratio: p / s, goal: '<= 0.35', met: p / s <= 0.35, peak_rss_mb: peakRssMb() },
    ], { ingest_ratio: ingest, parallel_ratio: p / s });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
