// The local AI functions on worker threads (src/core/ai/text-pool.ts): the pool's results are
// the model's own, whichever thread computed them, and through DuckDB the UDFs give the same
// answers with workers as without, computing each distinct text once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { scoreSentiment } from '../src/core/ai/sentiment';
import { extractState } from '../src/core/ai/us-state';
import { packState, unpackState } from '../src/core/ai/ai-worker-protocol';
import { TextPool, aiWorkerCount } from '../src/core/ai/text-pool';
import { pools, registerLocalAiFunctions } from '../src/core/ai/duckdb-functions';

const REVIEWS = ['Great value, works like a charm!', 'Not good. It broke on day one.', 'It is okay, nothing special.', 'Flimsy and overpriced; stopped working after a week.', 'Five stars, would buy again'];
const ADDRESSES = ['5165 Pine St, Phoenix', '1 Main St, Austin, TX 78701', '77 Elm Ave, Springfield', 'Rue de Rivoli, Paris, France', '12 Ocean Dr, Miami, Florida', '9 Hill Rd, 10001'];

test('the pool computes what the model computes, on this thread and two workers', (t) => {
  const texts = Array.from({ length: 3000 }, (_, i) => `${REVIEWS[i % REVIEWS.length]} (#${i})`);
  const pool = new TextPool('sentiment', scoreSentiment, 2);
  t.after(() => pool.close());
  const got = pool.computeSync(texts);
  assert.deepEqual([...got], texts.map(scoreSentiment));
  assert.equal(pool.computed.here, 1000);
  assert.equal(pool.computed.workers, 2000);
  const states = new TextPool('state', (a) => packState(extractState(a)), 1);
  t.after(() => states.close());
  const addrs = Array.from({ length: 600 }, (_, i) => ADDRESSES[i % ADDRESSES.length]);
  assert.deepEqual([...states.computeSync(addrs)].map(unpackState), addrs.map(extractState));
  assert.equal(states.computed.workers, 300);
});

test('small chunks stay on this thread; RETAIL_AI_WORKERS is checked', (t) => {
  const pool = new TextPool('sentiment', scoreSentiment, 2);
  t.after(() => pool.close());
  assert.deepEqual([...pool.computeSync(REVIEWS)], REVIEWS.map(scoreSentiment));
  assert.deepEqual(pool.computed, { here: REVIEWS.length, workers: 0 });
  assert.equal(aiWorkerCount(8), 7);
  assert.equal(aiWorkerCount(1), 0);
  t.after(() => { delete process.env.RETAIL_AI_WORKERS; });
  process.env.RETAIL_AI_WORKERS = 'all';
  assert.throws(() => aiWorkerCount(), /RETAIL_AI_WORKERS="all": expected a whole number of worker threads/);
});

test('through DuckDB: ai_sentiment and ai_us_state per distinct text, same answers as the model', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    registerLocalAiFunctions(conn);
    const before = { ...pools().sentiment.computed };
    // 20 000 rows, 4 000 distinct texts, NULLs among them.
    await conn.run(`create table r as select case when i % 97 = 0 then null else 'review ' || (i % 4000) || ': ' || ([${REVIEWS.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}])[1 + i % 5] end as t from range(20000) x(i)`);
    const rows = (await conn.runAndReadAll('select t, ai_sentiment(t) as s from r')).getRows() as [string | null, number | null][];
    assert.equal(rows.length, 20000);
    for (const [text, s] of rows) assert.equal(s, text === null ? null : scoreSentiment(text));
    const after = pools().sentiment.computed;
    const distinct = new Set(rows.map((r) => r[0]).filter((x) => x !== null)).size;
    assert.equal(after.here + after.workers - before.here - before.workers, distinct, 'each distinct text computed once');
    if (aiWorkerCount() > 0) assert.ok(after.workers > before.workers, 'the workers took a share');
    const states = (await conn.runAndReadAll(`select a, ai_us_state(a) from (select unnest([${ADDRESSES.map((x) => `'${x}'`).join(', ')}]) as a)`)).getRows() as [string, string | null][];
    for (const [a, s] of states) assert.equal(s, extractState(a), a);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
