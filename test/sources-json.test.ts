// The streaming product_reviews.json source on real files into a real DuckDB warehouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '../src/core/manifest';
import { writeBronze, type LoadStats } from '../src/core/load/bronze-writer';
import type { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { duplicateKey, readReviewsJson } from '../src/core/sources/json-reviews';
import { JsonArraySplitter, type JsonElement } from '../src/core/sources/json-splitter';
import { withTempWarehouse } from './helpers/temp-warehouse';

const REVIEWS = 'BRONZE_PRODUCT_REVIEWS';

interface Env { dir: string; wh: LocalWarehouse }

const withWarehouse = (fn: (env: Env) => Promise<void>) => withTempWarehouse('rp-src-json-', (wh, dir) => fn({ dir, wh }));

async function load(env: Env, name: string, content: string | Buffer): Promise<LoadStats> {
  const path = join(env.dir, name);
  writeFileSync(path, content);
  return writeBronze(env.wh, REVIEWS, [readReviewsJson(path, table(REVIEWS))]);
}

function review(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    review_id: `REV${String(n).padStart(4, '0')}`, product_id: 'PROD0001', customer_id: 'CUST0001', rating: 3.5,
    title: 'Fine', content: 'Does the job.', date: '2024-01-14', verified_purchase: true, helpful_votes: 12,
    aspects: [{ name: 'Quality', rating: 4 }, { name: 'Battery Life', rating: 2.5 }], ...extra,
  };
}

test('reviews load into typed bronze columns: DECIMAL rating, DATE, BOOLEAN, INTEGER, aspects as JSON', async () => {
  await withWarehouse(async (env) => {
    const stats = await load(env, 'product_reviews.json', JSON.stringify([
      review(1),
      review(2, { rating: 5, verified_purchase: false, helpful_votes: 0, aspects: [], title: 'Ünïcødé "quoted" [x], {y}' }),
      review(3, { rating: null, title: null, aspects: null }),
    ], null, 2));
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 3, 0]);
    const rows = await env.wh.query<Record<string, unknown>>(
      `select review_id, rating::varchar as rating, typeof(rating) as rt, review_date::varchar as d, typeof(review_date) as dt,
              verified_purchase, helpful_votes, title, json_extract_string(aspects, '$[1].name') as a1, json_array_length(aspects)::int as na
         from bronze_product_reviews order by review_id`);
    assert.deepEqual(rows, [
      { review_id: 'REV0001', rating: '3.5', rt: 'DECIMAL(3,1)', d: '2024-01-14', dt: 'DATE', verified_purchase: true, helpful_votes: 12, title: 'Fine', a1: 'Battery Life', na: 2 },
      { review_id: 'REV0002', rating: '5.0', rt: 'DECIMAL(3,1)', d: '2024-01-14', dt: 'DATE', verified_purchase: false, helpful_votes: 0, title: 'Ünïcødé "quoted" [x], {y}', a1: null, na: 0 },
      { review_id: 'REV0003', rating: null, rt: 'DECIMAL(3,1)', d: '2024-01-14', dt: 'DATE', verified_purchase: true, helpful_votes: 12, title: null, a1: null, na: null },
    ]);
  });
});

test('BOM, CRLF and pretty-printed records: rejects name the record number and its first line', async () => {
  await withWarehouse(async (env) => {
    const text = '\uFEFF[\r\n' + [
      JSON.stringify(review(1), null, 2),
      '{"review_id": "REV0002",\r\n "rating": NaN}',
      JSON.stringify(review(3), null, 2),
    ].join(',\r\n').replace(/(?<!\r)\n/g, '\r\n') + '\r\n]\r\n';
    const stats = await load(env, 'crlf.json', text);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 2, 1]);
    const line = text.slice(0, text.indexOf('"REV0002"')).split('\n').length;
    assert.equal(stats.rejects[0].record, `record 2 (line ${line})`);
    assert.match(stats.rejects[0].reason, /^not valid JSON/);
  });
});

test('a file that is not one JSON array fails with the file, line and what was expected', async () => {
  await withWarehouse(async (env) => {
    await load(env, 'good.json', JSON.stringify([review(1)]));
    const fails = (re: RegExp) => (e: Error) => { assert.match(e.message, re); return true; };
    await assert.rejects(load(env, 'object.json', '\n\n' + JSON.stringify(review(2))),
      fails(/^object\.json line 3: expected a JSON array '\[' of review objects, got an object '\{'/));
    await assert.rejects(load(env, 'ndjson.txt', 'REV0001,PROD0001\n'), fails(/^ndjson\.txt line 1: expected a JSON array '\[' of review objects, got "REV0001,PROD0001/));
    // The failed loads left the previous table alone.
    assert.equal(await env.wh.rowCount(REVIEWS), 1);
  });
});

test('a truncated file: the complete records load, the incomplete tail is one reject naming its line', async () => {
  await withWarehouse(async (env) => {
    const full = JSON.stringify([review(1), review(2), review(3)], null, 2);
    const cut = full.slice(0, full.indexOf('"REV0003"') + 30);
    const stats = await load(env, 'truncated.json', cut);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 2, 1]);
    const line = cut.slice(0, cut.lastIndexOf('{')).split('\n').length;
    assert.equal(stats.rejects[0].record, `record 3 (line ${line})`);
    assert.match(stats.rejects[0].reason, /^truncated: expected a closing '"' of a string before end of file|^truncated: expected '\}' before end of file/);
    // Cut right after a complete record: it loads, and the missing ']' is reported.
    const s2 = await load(env, 'truncated2.json', `[\n${JSON.stringify(review(1))},\n${JSON.stringify(review(2))}\n`);
    assert.deepEqual([s2.loaded, s2.rejected], [2, 1]);
    assert.equal(s2.rejects[0].reason, "truncated: expected ']' closing the array before end of file");
  });
});

test('duplicate keys are rejected (JSON.parse would silently keep the last one)', async () => {
  await withWarehouse(async (env) => {
    const stats = await load(env, 'dups.json', `[
${JSON.stringify(review(1))},
{"review_id": "REV0002", "rating": 1, "rating": 5},
{"review_id": "REV0003", "aspects": [{"name": "Quality", "name": "Design", "rating": 1}]},
{"review_id": "REV0004", "\\u0072ating": 1, "rating": 2}
]`);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [4, 1, 3]);
    assert.deepEqual(stats.rejects.map((r) => [r.record, r.reason]), [
      ['record 2 (line 3)', 'duplicate key "rating": expected each key once in an object'],
      ['record 3 (line 4)', 'duplicate key "name": expected each key once in an object'],
      ['record 4 (line 5)', 'duplicate key "rating": expected each key once in an object'],
    ]);
  });
});

test('duplicateKey: same keys in sibling objects or inside strings are not duplicates', () => {
  assert.equal(duplicateKey('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}],"d":"\\"a\\":1,\\"a\\""}'), undefined);
  assert.equal(duplicateKey('{"a":{"x":1,"y":{"z":1}},"b":2,"a":3}'), 'a');
  assert.equal(duplicateKey('[{"k":1},{"k":2,"k":3}]'), 'k');
});

test('a 10 MB string inside one record (escapes and a multi-byte char at its end) loads intact', async () => {
  await withWarehouse(async (env) => {
    const big = 'x'.repeat(10 * 1024 * 1024 - 3) + 'é"\\'; // escapes and a multi-byte char at the chunk edges
    const stats = await load(env, 'big.json', JSON.stringify([review(1), review(2, { content: big }), review(3)]));
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 3, 0]);
    const [r] = await env.wh.query<{ n: number; tail: string }>(`select length(content)::int as n, right(content, 3) as tail from bronze_product_reviews where review_id = 'REV0002'`);
    assert.equal(r.n, big.length);
    assert.equal(r.tail, 'é"\\');
  });
});

test('the sample product_reviews.json loads without rejects', async (t) => {
  const path = join(__dirname, '..', 'sample_data', 'product_reviews.json');
  let expected: number;
  try {
    expected = (JSON.parse(readFileSync(path, 'utf8')) as unknown[]).length;
  } catch {
    t.skip('no sample_data in this checkout');
    return;
  }
  await withWarehouse(async (env) => {
    const stats = await writeBronze(env.wh, REVIEWS, [readReviewsJson(path, table(REVIEWS))]);
    assert.deepEqual([stats.loaded, stats.rejected], [expected, 0]);
    const [a] = await env.wh.query<{ n: number }>(
      `select count(*)::int as n from bronze_product_reviews, unnest(from_json(aspects, '[{"name":"VARCHAR","rating":"DOUBLE"}]')) as u(a) where a.name = 'Quality'`);
    assert.ok(a.n > 0);
  });
});

test('a record that never ends (a missing quote) stops at the size limit with the record and its line', () => {
  const s = new JsonArraySplitter('f.json', 1000);
  const text = Buffer.from(`[\n{"review_id": "REV0001"},\n{"review_id": "REV0002, "title": "x"},\n` + '{"review_id": "REV0003"},\n'.repeat(100) + ']');
  const seen: JsonElement[] = [];
  assert.throws(() => {
    for (let i = 0; i < text.length; i += 100) seen.push(...s.push(text.subarray(i, i + 100)));
  }, /^SourceFileError: f\.json line 3: record 2 is larger than 1000 bytes: expected records of a sensible size/);
  assert.equal(seen.length, 1);
});

// The reader uses 1 MB chunks, so small files never cross a chunk boundary; feed the splitter
// every chunk size from 1 byte up and check it cuts exactly the same elements.
test('the splitter cuts the same elements whatever the chunk boundaries', () => {
  const text = Buffer.from('\uFEFF [\n {"a": "x,]}\\"\\\\", "b": [1, {"c": "é"}]},\n\n  "str", 12 , [1,[2]],\n {"open": [1} , {"d": 2}, , null\n]  \n', 'utf8');
  const split = (size: number): JsonElement[] => {
    const s = new JsonArraySplitter('f.json');
    const out: JsonElement[] = [];
    for (let i = 0; i < text.length; i += size) out.push(...s.push(text.subarray(i, i + size)));
    out.push(...s.end());
    return out;
  };
  const show = (els: JsonElement[]) => els.map((e) => [e.index, e.line, e.bytes.toString('utf8').trim(), e.problem ?? 'ok']);
  const whole = show(split(text.length));
  assert.deepEqual(whole, [
    [1, 2, '{"a": "x,]}\\"\\\\", "b": [1, {"c": "é"}]}', 'ok'],
    [2, 4, '"str"', 'ok'],
    [3, 4, '12', 'ok'],
    [4, 4, '[1,[2]]', 'ok'],
    [5, 5, '{"open": [1}', 'ok'],
    [6, 5, '{"d": 2}', 'ok'],
    [7, 5, '', 'an empty element between commas: expected a review object'],
    [8, 5, 'null', 'ok'],
  ]);
  for (let size = 1; size <= 30; size++) assert.deepEqual(show(split(size)), whole, `chunk size ${size}`);
});
