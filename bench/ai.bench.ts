// Local AI throughput on the generated data: reviews/s through ai_sentiment and addresses/s
// through ai_us_state, as SQL over the bronze tables (the way the silver step calls them), with
// the distinct-input cache cold. Baseline: the same queries with constant functions, i.e. what
// DuckDB itself costs.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { registerLocalAiFunctions } from '../src/core/ai';
import { registerConstantAiFunctions } from '../src/core/transform/run-local';
import { dataSet, peakRssMb, report, scaleArg, timed } from './lib';

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

  registerLocalAiFunctions(conn);
  const ps = await timed(() => conn.run(sentimentSql));
  const pa = await timed(() => conn.run(stateSql));
  const reviewsPerS = reviews / (ps.ms / 1000);
  const addressesPerS = addresses / (pa.ms / 1000);
  report([
    { measure: `reviews/s (${reviews} reviews, model vs constant)`, project: Math.round(reviewsPerS), baseline: Math.round(reviews / (bs.ms / 1000)), ratio: ps.ms / bs.ms, peak_rss_mb: peakRssMb() },
    { measure: `addresses/s (${addresses} addresses, gazetteer vs constant)`, project: Math.round(addressesPerS), baseline: Math.round(addresses / (ba.ms / 1000)), ratio: pa.ms / ba.ms, peak_rss_mb: peakRssMb() },
  ], { reviews_per_s: reviewsPerS, addresses_per_s: addressesPerS });
  base.closeSync();
  conn.closeSync();
  db.closeSync();
}

main().catch((e) => { console.error(e); process.exit(1); });
