// product_reviews.json into BRONZE_PRODUCT_REVIEWS, three ways in one run on the same generated
// file, each into a fresh warehouse: the direct load (DuckDB's read_json, load/json-direct.ts,
// what a run uses), the streaming splitter it falls back to (sources/json-reviews.ts through the
// bronze writer), and the floor (read_json typed per the manifest straight into a table, with no
// checks or rejects at all). MB/s and CPU seconds of this process (DuckDB's threads included);
// key ratios: direct over splitter (goal >= 2) and floor over direct.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '../src/core/manifest';
import { writeBronze, type LoadStats } from '../src/core/load/bronze-writer';
import { loadReviewsDirect } from '../src/core/load/json-direct';
import { readReviewsJson } from '../src/core/sources/json-reviews';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { quoteLiteral } from '../src/core/sql/identifiers';
import { dataSet, peakRssMb, report, scaleArg, tempWorkspace } from './lib';

const def = table('BRONZE_PRODUCT_REVIEWS');

/** Wall and CPU seconds of `fn` on a fresh warehouse. */
async function measure(name: string, fn: (wh: LocalWarehouse) => Promise<number>): Promise<{ s: number; cpu: number; rows: number }> {
  const dir = tempWorkspace(`json-${name}`);
  const wh = await LocalWarehouse.open(join(dir, 'ws'));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rows = await fn(wh);
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { s, cpu: (c.user + c.system) / 1e6, rows };
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rowsOf = (st: LoadStats | undefined) => {
  if (!st) throw new Error('the direct load declined the generated file');
  return st.loaded;
};

async function main(): Promise<void> {
  const scale = scaleArg();
  const file = join(await dataSet(scale), 'product_reviews.json');
  const mb = statSync(file).size / 2 ** 20;
  const splitter = await measure('splitter', async (wh) => (await writeBronze(wh, def.name, [readReviewsJson(file, def)])).loaded);
  const direct = await measure('direct', async (wh) => rowsOf(await loadReviewsDirect(wh, file, def)));
  const floor = await measure('floor', async (wh) => {
    await wh.run(`CREATE TABLE r AS SELECT review_id, product_id, customer_id, rating::DECIMAL(3,1) AS rating, title, content, date::DATE AS review_date, verified_purchase, helpful_votes, aspects FROM read_json(${quoteLiteral(file)}, format = 'array', columns = {review_id: 'VARCHAR', product_id: 'VARCHAR', customer_id: 'VARCHAR', rating: 'DOUBLE', title: 'VARCHAR', content: 'VARCHAR', date: 'VARCHAR', verified_purchase: 'BOOLEAN', helpful_votes: 'INTEGER', aspects: 'JSON'})`);
    return wh.rowCount('r');
  });
  if (direct.rows !== splitter.rows || floor.rows !== splitter.rows) throw new Error(`row counts differ: direct ${direct.rows}, splitter ${splitter.rows}, floor ${floor.rows}`);
  const mbs = (m: { s: number }) => mb / m.s;
  const speedup = splitter.s / direct.s;
  report([
    { measure: `reviews JSON MB/s, direct vs splitter (${mb.toFixed(0)} MB, ${direct.rows} reviews, scale ${scale})`, project: mbs(direct), baseline: mbs(splitter), ratio: speedup, goal: '>= 2', met: speedup >= 2, peak_rss_mb: peakRssMb() },
    { measure: 'reviews JSON CPU s (this process + DuckDB threads), direct vs splitter', project: direct.cpu, baseline: splitter.cpu, ratio: splitter.cpu / direct.cpu },
    { measure: 'reviews JSON MB/s, direct vs bare read_json (no checks, no rejects)', project: mbs(direct), baseline: mbs(floor), ratio: floor.s / direct.s, goal: '<= 1.5 (floor time / ours: >= 0.67)', met: direct.s / floor.s <= 1.5 },
  ], { reviews_direct_mb_s: mbs(direct), reviews_splitter_mb_s: mbs(splitter), reviews_direct_speedup: speedup, reviews_direct_floor_ratio: direct.s / floor.s });
}

main().catch((e) => { console.error(e); process.exit(1); });
