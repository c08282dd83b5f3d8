// The local warehouse's DuckDB resource settings: a memory limit and threads from the machine
// (or the RETAIL_DUCKDB_* overrides), a spill folder beside the warehouse, and a query larger
// than the limit finishing by spilling instead of failing or growing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSettings } from '../src/core/targets/local/engine-settings';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';

test('defaults: a quarter of the RAM within 512 MB..1.25 GB, one thread per core', () => {
  assert.deepEqual(engineSettings('/spill', { memoryBytes: 24 * 2 ** 30, cores: 2 }), { memory_limit: '1280MB', threads: '2', temp_directory: '/spill' });
  assert.equal(engineSettings('x', { memoryBytes: 4 * 2 ** 30, cores: 8 }).memory_limit, '1024MB');
  assert.equal(engineSettings('x', { memoryBytes: 2 ** 30, cores: 1 }).memory_limit, '512MB');
});

test('overrides from the environment, and a clear error for a bad one', (t) => {
  t.after(() => { delete process.env.RETAIL_DUCKDB_MEMORY_LIMIT; delete process.env.RETAIL_DUCKDB_THREADS; });
  process.env.RETAIL_DUCKDB_MEMORY_LIMIT = '3GB';
  process.env.RETAIL_DUCKDB_THREADS = '5';
  assert.deepEqual(engineSettings('x', { memoryBytes: 2 ** 30, cores: 1 }), { memory_limit: '3GB', threads: '5', temp_directory: 'x' });
  process.env.RETAIL_DUCKDB_MEMORY_LIMIT = 'lots';
  assert.throws(() => engineSettings('x'), /RETAIL_DUCKDB_MEMORY_LIMIT="lots": expected a size such as 2GB or 512MB/);
  delete process.env.RETAIL_DUCKDB_MEMORY_LIMIT;
  process.env.RETAIL_DUCKDB_THREADS = '0';
  assert.throws(() => engineSettings('x'), /RETAIL_DUCKDB_THREADS="0": expected a whole number of threads >= 1/);
});

test('the warehouse runs with them, and a query beyond the limit spills and finishes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-engine-'));
  t.after(() => { delete process.env.RETAIL_DUCKDB_MEMORY_LIMIT; rmSync(dir, { recursive: true, force: true }); });
  const wh = await LocalWarehouse.open(join(dir, 'ws'));
  try {
    const [s] = await wh.query<{ threads: number; temp: string }>("select current_setting('threads')::int as threads, current_setting('temp_directory') as temp");
    assert.equal(s.threads, availableParallelism());
    assert.equal(s.temp, join(dir, 'ws', '.retail', 'duckdb-spill'));
  } finally {
    wh.close();
  }
  process.env.RETAIL_DUCKDB_MEMORY_LIMIT = '100MB';
  const small = await LocalWarehouse.open(join(dir, 'ws'));
  try {
    const [m] = await small.query<{ limit: string }>("select current_setting('memory_limit') as limit");
    assert.match(m.limit, /^(95\.3 MiB|100\.0 MB|100 MB)$/);
    // Four million distinct 32-character keys: a hash table of several hundred MB.
    const [r] = await small.query<{ n: number }>('select count(*)::int as n from (select md5(i::varchar) as h, count(*) from range(4000000) t(i) group by h)');
    assert.equal(r.n, 4_000_000);
  } finally {
    small.close();
  }
});
