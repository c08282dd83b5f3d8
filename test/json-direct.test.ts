// The direct reviews load (DuckDB's read_json, load/json-direct.ts) against the splitter path it
// replaces (sources/json-reviews.ts through the bronze writer), on real DuckDB files: for every
// JSON file of both bad-input folders, for hand-made files whose elements DuckDB accepts but
// JavaScript must judge, for sample_data and for generated data, the two must leave the same
// bronze rows and the same rejects (file, record and line, raw text, reason) and counts, or the
// direct load must decline (undefined) and leave the tables untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../src/core/manifest';
import { writeBronze } from '../src/core/load/bronze-writer';
import { loadReviewsDirect } from '../src/core/load/json-direct';
import { scanJsonArray } from '../src/core/load/json-scan';
import { generateData } from '../src/core/generate/generate';
import { readReviewsJson, REVIEW_KEYS } from '../src/core/sources/json-reviews';
import { bothWays as loadBothWays, checkCancel, type BothWays } from './helpers/both-ways';

const BAD = [join(__dirname, 'fixtures', 'bad'), join(__dirname, 'fixtures', 'bad-corpus')];
const REVIEWS = table('BRONZE_PRODUCT_REVIEWS');
const tmp = mkdtempSync(join(tmpdir(), 'rp-json-direct-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Loads `file` both ways (the splitter through the bronze writer, and read_json). */
function bothWays(file: string): Promise<BothWays> {
  return loadBothWays(tmp, REVIEWS, (wh) => writeBronze(wh, REVIEWS.name, [readReviewsJson(file, REVIEWS)]), (wh) => loadReviewsDirect(wh, file, REVIEWS));
}

function expectSame(r: BothWays, label: string): void {
  if (!r.direct) return;
  assert.ok(r.js, `${label}: the direct load succeeded where the splitter failed: ${r.jsError}`);
  assert.deepEqual(r.direct, r.js, label);
}

test('every JSON file of the bad-input folders: the direct load gives what the splitter gives, or declines', async () => {
  const used: string[] = [];
  const declined: string[] = [];
  for (const folder of BAD) {
    for (const f of readdirSync(folder).filter((x) => x.endsWith('.json'))) {
      const r = await bothWays(join(folder, f));
      (r.direct ? used : declined).push(f);
      expectSame(r, f);
    }
  }
  // Files DuckDB reads go the direct way (their odd elements through JavaScript); files it
  // refuses or that the splitter would cut with problems of its own decline.
  for (const f of ['json-bom.json', 'json-empty-array.json', 'json-nan-infinity.json']) assert.ok(used.includes(f), `${f} direct (used: ${used.join(', ')})`);
  for (const f of ['json-wrong-types.json', 'json-null-elements.json', 'json-unicode-escapes.json', 'json-truncated.json', 'json-missing-comma.json', 'json-invalid-utf8.json', 'json-not-array.json', 'json-empty.json', 'json-trailing-content.json', 'json-top-level-string.json', 'json-duplicate-keys.json']) assert.ok(declined.includes(f), `${f} declined (declined: ${declined.join(', ')})`);
});

/** A file of review objects (JSON texts), one per line. */
function file(name: string, elements: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, `[\n${elements.join(',\n')}\n]\n`);
  return path;
}

const GOOD = '"product_id": "P1", "customer_id": "C1", "rating": 4.5, "title": "Fine", "content": "Works.", "date": "2024-01-14", "verified_purchase": true, "helpful_votes": 3, "aspects": [{"name": "Quality", "rating": 4}]';

test('elements DuckDB reads but only JavaScript may judge: the same rows and rejects as the splitter', async () => {
  const cases: Record<string, string> = {
    plain: `{"review_id": "R01", ${GOOD}}`,
    numbers: '{"review_id": "R02", "rating": 4.25, "helpful_votes": 2.0, "aspects": [{"name": "Q", "rating": 4.0}, {"name": "V", "rating": 1e-7}, {"name": "B", "rating": 4.50}]}',
    bigNumbers: '{"review_id": "R03", "rating": 1e999, "helpful_votes": 3000000000}',
    nan: '{"review_id": "R04", "rating": NaN, "helpful_votes": -Infinity}',
    negative: '{"review_id": "R05", "rating": -0.0, "helpful_votes": -3, "aspects": [{"name": "Q", "rating": -1.5}]}',
    wrongTypes: '{"review_id": 5, "title": 7, "verified_purchase": "yes", "aspects": {"name": "Q"}}',
    blankKey: '{"review_id": "  ", "title": "x"}',
    noKey: '{"title": "no id"}',
    emptyStrings: '{"review_id": "R06", "product_id": "", "title": "", "date": "", "content": null}',
    dates: '{"review_id": "R07", "date": "2024-01-14 10:11:12"}',
    reviewDate: '{"review_id": "R08", "review_date": "2024-02-29"}',
    bothDates: '{"review_id": "R09", "date": null, "review_date": "2023-02-29"}',
    dateType: '{"review_id": "R10", "date": "2024-01-01", "review_date": 5}',
    unknownKey: '{"review_id": "R11", "extra": {"a": 1, "a": 2}}',
    unknownScalar: '{"review_id": "R12", "note": "kept out"}',
    upperKey: '{"REVIEW_ID": "R13", "RATING": 2}',
    escapedKey: '{"review_id": "R14", "r\\u0061ting": 2}',
    nullElement: 'null',
    emptyObject: '{}',
    aspectOrder: '{"review_id": "R15", "aspects": [{"rating": 3, "name": "Q"}, {"name": "Only"}, {"name": "Null", "rating": null}]}',
    aspectExtra: '{"review_id": "R16", "aspects": [{"name": "Q", "rating": 3, "weight": 2}]}',
    aspectDup: '{"review_id": "R17", "aspects": [{"name": "Q", "rating": 3, "rating": 4}]}',
    aspectNames: '{"review_id": "R18", "aspects": [{"name": "Ünï \\"q\\" \\\\ /", "rating": 3}, {"name": 5}]}',
    aspectsEmpty: '{"review_id": "R19", "aspects": []}',
    aspectsWrong: '{"review_id": "R20", "aspects": [1, null]}',
    escapes: '{"review_id": "R21", "title": "tab\\t \\"q\\" \\u00e9 \\ud83d\\ude00", "content": "line\\nbreak\\r\\n"}',
    unicode: '{"review_id": "R22", "title": "Ünïcødé 日本", "content": "é"}',
    nulChar: '{"review_id": "R23", "title": "a\\u0000b"}',
    booleans: '{"review_id": "R24", "verified_purchase": false, "helpful_votes": 0}',
    pretty: `{\n  "review_id": "R25",\n  "rating": 5\n}`,
  };
  const declined: string[] = [];
  for (const [name, text] of Object.entries(cases)) {
    // Each case alone (with a plain element around it) and all of them in one file.
    const r = await bothWays(file(`${name}.json`, [`{"review_id": "A0", ${GOOD}}`, text, `{"review_id": "Z9", ${GOOD}}`]));
    if (!r.direct) declined.push(name);
    expectSame(r, name);
  }
  // DuckDB refuses a duplicate key it reads as a column ("r\u0061ting" next to no "rating" is none).
  assert.deepEqual(declined, ['nulChar'], 'declined');
  const all = await bothWays(file('all.json', Object.values(cases).filter((t) => !t.includes('\\u0000'))));
  assert.ok(all.direct, 'the file of every case loads directly');
  assert.ok(all.direct.stats[2] >= 10, `rejects: ${all.direct.firstRejects.join('; ')}`);
  expectSame(all, 'all cases');
});

test('a trailing comma inside an element (DuckDB takes it, JSON.parse does not): declined, the splitter rejects it', async () => {
  const path = file('trailing.json', [`{"review_id": "A0", ${GOOD}}`, '{"review_id": "R1", "rating": 2,}', '{"review_id": "R2", "aspects": [{"name": "Q"},]}']);
  const r = await bothWays(path);
  assert.equal(r.direct, undefined);
  assert.deepEqual(r.js?.stats, [3, 1, 2]);
  const scan = scanJsonArray(path, REVIEW_KEYS);
  assert.ok(!scan.simple && /trailing comma/.test(scan.why));
});

test('the sample and generated product_reviews.json load directly, identical to the splitter', async () => {
  const sample = join(__dirname, '..', 'sample_data', 'product_reviews.json');
  const data = join(tmp, 'gen');
  await generateData({ out: data, scale: 20, seed: 11 });
  for (const path of [sample, join(data, 'product_reviews.json')].filter(existsSync)) {
    const r = await bothWays(path);
    assert.ok(r.direct, `${path} loaded directly`);
    assert.ok(r.direct.stats[1] > 0 && r.direct.stats[2] === 0, `${path}: ${r.direct.stats}`);
    expectSame(r, path);
  }
});

test('the scan gives each element its line and bytes, and flags the elements for JavaScript', () => {
  const path = join(tmp, 'scan.json');
  const text = '\ufeff [\r\n {"review_id": "a\\"]}", "aspects": [{"name": "x"}]} ,\n\n null,{"review_id": "b", "review_id": "c"}, {"Extra": 1},\n{"title": "}"}]\n';
  writeFileSync(path, text);
  const scan = scanJsonArray(path, REVIEW_KEYS);
  assert.ok(scan.simple);
  assert.equal(scan.elements, 5);
  assert.deepEqual(scan.lines, [2, 4, 4, 4, 5]);
  const bytes = Buffer.from(text);
  assert.equal(bytes.subarray(scan.starts[0], scan.ends[0]).toString(), '{"review_id": "a\\"]}", "aspects": [{"name": "x"}]} ');
  assert.equal(bytes.subarray(scan.starts[4], scan.ends[4]).toString(), '{"title": "}"}');
  assert.deepEqual([...scan.needsJs].sort(), [1, 2, 3]);
  for (const [bad, why] of [['[{"a": 1} {"b": 2}]', /missing comma/], ['[{"a": 1},,{"b": 2}]', /empty element/], ['[{"a": 1},]', /trailing comma/], ['[{"a": 1}] x', /after the array/], ['[{"a": "1', /truncated/], ['{"a": 1}', /not a JSON array/]] as const) {
    writeFileSync(path, bad);
    const r = scanJsonArray(path, REVIEW_KEYS);
    assert.ok(!r.simple && why.test(r.why), `${bad}: ${JSON.stringify(r)}`);
  }
});

test('a cancelled direct load fails with the reason and leaves the previous table', async () => {
  const data = join(tmp, 'cancel');
  await generateData({ out: data, scale: 20, seed: 3 });
  const path = join(data, 'product_reviews.json');
  await checkCancel(tmp, REVIEWS, 4400, (wh, signal) => loadReviewsDirect(wh, path, REVIEWS, { signal }));
});
