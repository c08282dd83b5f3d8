// Local AI throughput on the generated data: reviews/s through ai_sentiment and addresses/s
// through ai_us_state, as SQL over the bronze tables (the way the silver step calls them), with
// the distinct-input cache cold. Baseline: the same queries with constant functions, i.e. what
// DuckDB itself costs.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { createPools, registerLocalAiFunctions } from '../src/core/ai/duckdb-functions';
import { aiWorkerCount } from '../src/core/ai/text-pool';
import { registerConstantAiFunctions } from '../src/core/transform/run-local';
import { dataSet, peakRssMb, report, scaleArg, timed } from './lib';

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

async function main(): Promise<void> {
  const scale = scaleArg();
  const data = await dataSet(scale);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`CREATE TABLE reviews AS SELECT title, content FROM read_json('${join(data, 'product_reviews.json').replace(/'/g, "''")}', format = 'array')`);
  await conn.run(`CREATE TABLE customers AS SELECT address FROM read_csv('${join(data, 'mysql', 'customer_data.csv').replace(/'/g, "''")}', header = true, all_varchar = true)`);
  const [{ n: reviews }] = (await conn.runAndReadAll('SELECT COUNT(*)::INT AS n FROM reviews')).getRowObjects() as { n: number }[];
  const [{ n: addresses }] = (await conn.runAndReadAll('SELECT COUNT(*)::INT AS n FROM customers')).getRowObjects() as { n: number }[];
  const sentimentSql = "SELECT SUM(ai_sentiment(COALESCE(title, '') || '. ' || COALESCE(content, ''))) FROM reviews";
  const stateSql = 'SELECT COUNT(ai_us_state(address)) FROM customers';

  const base = await db.connect();
  await registerConstantAiFunctions(base);
  const bs = await timed(() => base.run(sentimentSql));
  const ba = await timed(() => base.run(stateSql));

  // Before: the model on the JS thread alone (what the UDFs did until the worker pool).
  registerLocalAiFunctions(conn, createPools(0));
  const c1 = process.cpuUsage();
  const ps1 = await timed(() => conn.run(sentimentSql));
  const cpu1 = cpuSeconds(c1);
  // After: distinct texts of a chunk on all cores. The workers are started first, untimed: from
  // source they compile the model through tsx (~1 s of CPU each), which the bundled CLI does not.
  const pool = createPools();
  pool.sentiment.computeSync(Array.from({ length: 512 }, (_, i) => `warm-up text number ${i} is fine`));
  const warm = { ...pool.sentiment.computed };
  registerLocalAiFunctions(conn, pool);
  const c2 = process.cpuUsage();
  const ps = await timed(() => conn.run(sentimentSql));
  const cpu2 = cpuSeconds(c2);
  const pa = await timed(() => conn.run(stateSql));
  const reviewsPerS = reviews / (ps.ms / 1000);
  const addressesPerS = addresses / (pa.ms / 1000);
  const workers = pool.sentiment.computed.workers - warm.workers;
  const here = pool.sentiment.computed.here - warm.here;
  report([
    { measure: `reviews/s (${reviews} reviews), JS thread alone vs constant`, project: Math.round(reviews / (ps1.ms / 1000)), baseline: Math.round(reviews / (bs.ms / 1000)), ratio: ps1.ms / bs.ms },
    { measure: `reviews/s, ${aiWorkerCount()} worker thread(s) + JS thread (${workers} of ${workers + here} distinct texts on workers) vs JS thread alone`, project: Math.round(reviewsPerS), baseline: Math.round(reviews / (ps1.ms / 1000)), ratio: ps1.ms / ps.ms, peak_rss_mb: peakRssMb() },
    { measure: 'same, CPU s of this process (workers included) vs JS thread alone', project: cpu2, baseline: cpu1, ratio: cpu2 / cpu1 },
    { measure: `addresses/s (${addresses} addresses, gazetteer vs constant)`, project: Math.round(addressesPerS), baseline: Math.round(addresses / (ba.ms / 1000)), ratio: pa.ms / ba.ms, peak_rss_mb: peakRssMb() },
  ], { reviews_per_s: reviewsPerS, reviews_per_s_one_thread: reviews / (ps1.ms / 1000), addresses_per_s: addressesPerS });
  pool.sentiment.close();
  pool.state.close();
  base.closeSync();
  conn.closeSync();
  db.closeSync();
}

main().catch((e) => { console.error(e); process.exit(1); });
