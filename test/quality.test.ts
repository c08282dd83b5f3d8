// Data quality: GE-format suites executed as SQL on a real DuckDB warehouse in a temp folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import {
  defaultSuitesDir, loadSuites, parseSuite, renderExpectation, runValidation, SuiteFileError, SUPPORTED_TYPES, UnknownSuiteError,
  type ValidationResult,
} from '../src/core/quality';
import { findTable } from '../src/core/manifest/tables';
import { validateCommand } from '../src/cli/commands/validate';

const REPO_SUITES = join(__dirname, '..', 'sql', 'quality');

let ws: string;
let wh: LocalWarehouse;
let suitesDir: string;

/** Writes one suite file into the temp suites folder. */
function suite(name: string, table: string, expectations: unknown[], extra: Record<string, unknown> = {}): void {
  writeFileSync(join(suitesDir, `${name}.json`), JSON.stringify({ expectation_suite_name: name, data_asset: table, expectations, ...extra }));
}

const exp = (expectation_type: string, kwargs: Record<string, unknown>) => ({ expectation_type, kwargs });

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'retail-quality-'));
  suitesDir = join(ws, 'suites');
  mkdirSync(suitesDir);
  wh = await LocalWarehouse.open(ws);
  // Shaped like the silver tables, with known good and bad values.
  await wh.run(`CREATE TABLE SILVER_CUSTOMERS (customer_id VARCHAR, email VARCHAR, state VARCHAR)`);
  await wh.run(`INSERT INTO SILVER_CUSTOMERS VALUES
    ('CUST0001', 'ann@example.com', 'AZ'), ('CUST0002', 'not-an-email', 'CA'),
    ('CUST0003', NULL, NULL), ('CUST0004', 'x y@example.com', 'Arizona')`);
  await wh.run(`CREATE TABLE SILVER_ORDERS (order_id VARCHAR, customer_id VARCHAR, order_date DATE, total_amount DECIMAL(10,2), status VARCHAR)`);
  await wh.run(`INSERT INTO SILVER_ORDERS VALUES
    ('ORD0001', 'CUST0001', '2024-01-01', 10.00, 'Shipped'),
    ('ORD0002', 'CUST0002', '2024-01-02', 20.50, 'shipped'),
    ('ORD0003', 'CUST0009', '2024-01-03', -5.00, 'Lost'),
    ('ORD0003', 'CUST0001', NULL, 100.00, 'Delivered'),
    (NULL, NULL, '2024-02-01', NULL, NULL)`);
});

after(() => {
  wh?.close();
  rmSync(ws, { recursive: true, force: true });
});

/** Runs a one-expectation suite on SILVER_ORDERS (or `table`) and returns its single result. */
async function one(type: string, kwargs: Record<string, unknown>, table = 'SILVER_ORDERS') {
  const name = `t_${Math.random().toString(36).slice(2, 10)}`;
  suite(name, table, [exp(type, kwargs)]);
  const run = await runValidation(wh, { suitesDir, suites: [name] });
  rmSync(join(suitesDir, `${name}.json`));
  assert.equal(run.suites.length, 1);
  const r = run.suites[0].validation.results[0];
  assert.equal(r.exception_info.raised_exception, false, `unexpected exception: ${r.exception_info.exception_message}`);
  return r;
}

test('not_be_null counts NULL rows; mostly lets a fraction fail', async () => {
  const r = await one('expect_column_values_to_not_be_null', { column: 'order_id' });
  assert.equal(r.success, false);
  assert.equal(r.result.element_count, 5);
  assert.equal(r.result.unexpected_count, 1);
  assert.equal(r.result.unexpected_percent, 20);
  assert.deepEqual(r.result.partial_unexpected_list, [null]);
  assert.equal((await one('expect_column_values_to_not_be_null', { column: 'order_id', mostly: 0.8 })).success, true);
  assert.equal((await one('expect_column_values_to_not_be_null', { column: 'order_id', mostly: 0.81 })).success, false);
  assert.equal((await one('expect_column_values_to_not_be_null', { column: 'order_date' })).result.unexpected_count, 1);
});

test('be_unique counts every row of a duplicated value, ignores NULLs', async () => {
  const r = await one('expect_column_values_to_be_unique', { column: 'order_id' });
  assert.equal(r.success, false);
  assert.equal(r.result.unexpected_count, 2);
  assert.equal(r.result.missing_count, 1);
  assert.equal(r.result.unexpected_percent, 50); // of the 4 non-null values
  assert.deepEqual(r.result.partial_unexpected_list, ['ORD0003', 'ORD0003']);
  assert.equal((await one('expect_column_values_to_be_unique', { column: 'customer_id', mostly: 0.5 })).success, true);
  assert.equal((await one('expect_column_values_to_be_unique', { column: 'customer_id', mostly: 0.51 })).success, false);
  assert.equal((await one('expect_column_values_to_be_unique', { column: 'customer_id' }, 'SILVER_CUSTOMERS')).success, true);
});

test('be_in_set compares text case-insensitively unless case_sensitive; numbers as numbers', async () => {
  const r = await one('expect_column_values_to_be_in_set', { column: 'status', value_set: ['SHIPPED', 'Delivered'] });
  assert.equal(r.success, false);
  assert.equal(r.result.unexpected_count, 1);
  assert.deepEqual(r.result.partial_unexpected_list, ['Lost']);
  const cs = await one('expect_column_values_to_be_in_set', { column: 'status', value_set: ['Shipped', 'Delivered'], case_sensitive: true });
  assert.equal(cs.result.unexpected_count, 2);
  assert.deepEqual([...(cs.result.partial_unexpected_list as string[])].sort(), ['Lost', 'shipped']);
  const ok = await one('expect_column_values_to_be_in_set', { column: 'status', value_set: ['shipped', 'delivered', 'lost'] });
  assert.equal(ok.success, true);
  assert.equal(ok.result.unexpected_count, 0);
  // 10.00 is in [10] as a number; 20.50 matches 20.5.
  const n = await one('expect_column_values_to_be_in_set', { column: 'total_amount', value_set: [10, 20.5, 100] });
  assert.equal(n.result.unexpected_count, 1);
});

test('be_between honours open ends, strict bounds and dates; NULLs are skipped', async () => {
  const r = await one('expect_column_values_to_be_between', { column: 'total_amount', min_value: 0, max_value: 100 });
  assert.equal(r.success, false);
  assert.equal(r.result.unexpected_count, 1);
  assert.equal(r.result.missing_count, 1);
  assert.equal((await one('expect_column_values_to_be_between', { column: 'total_amount', min_value: 0, max_value: 100, strict_max: true })).result.unexpected_count, 2);
  assert.equal((await one('expect_column_values_to_be_between', { column: 'total_amount', max_value: 100 })).success, true);
  assert.equal((await one('expect_column_values_to_be_between', { column: 'total_amount', min_value: -5, strict_min: true })).result.unexpected_count, 1);
  const d = await one('expect_column_values_to_be_between', { column: 'order_date', min_value: '2024-01-01', max_value: '2024-01-31' });
  assert.equal(d.result.unexpected_count, 1);
  assert.deepEqual(d.result.partial_unexpected_list, ['2024-02-01']);
});

test('match_regex uses search semantics; an anchored email regex finds the two bad emails', async () => {
  const r = await one('expect_column_values_to_match_regex', { column: 'email', regex: '^[^@ ]+@[^@ ]+\\.[A-Za-z]{2,}$' }, 'SILVER_CUSTOMERS');
  assert.equal(r.success, false);
  assert.equal(r.result.unexpected_count, 2);
  assert.equal(r.result.missing_count, 1);
  assert.deepEqual([...(r.result.partial_unexpected_list as string[])].sort(), ['not-an-email', 'x y@example.com']);
  // Unanchored: '@' anywhere is enough (GE's re.search), so only 'not-an-email' fails.
  assert.equal((await one('expect_column_values_to_match_regex', { column: 'email', regex: '@' }, 'SILVER_CUSTOMERS')).result.unexpected_count, 1);
  assert.equal((await one('expect_column_values_to_match_regex', { column: 'state', regex: '^[A-Z]{2}$', mostly: 0.6 }, 'SILVER_CUSTOMERS')).success, true);
});

test('be_in_related_table finds orders whose customer does not exist', async () => {
  const r = await one('expect_column_values_to_be_in_related_table', { column: 'customer_id', related_table: 'SILVER_CUSTOMERS', related_column: 'customer_id' });
  assert.equal(r.success, false);
  assert.equal(r.result.unexpected_count, 1);
  assert.deepEqual(r.result.partial_unexpected_list, ['CUST0009']);
  assert.equal(r.result.missing_count, 1);
});

test('min / max / mean / row count report observed_value and judge it in SQL', async () => {
  const min = await one('expect_column_min_to_be_between', { column: 'total_amount', min_value: 0, max_value: 50 });
  assert.equal(min.success, false);
  assert.equal(min.result.observed_value, -5);
  const max = await one('expect_column_max_to_be_between', { column: 'total_amount', min_value: 50, max_value: 200 });
  assert.equal(max.success, true);
  assert.equal(max.result.observed_value, 100);
  const maxDate = await one('expect_column_max_to_be_between', { column: 'order_date', max_value: '2024-01-31' });
  assert.equal(maxDate.success, false);
  assert.equal(maxDate.result.observed_value, '2024-02-01');
  const mean = await one('expect_column_mean_to_be_between', { column: 'total_amount', min_value: 30, max_value: 32 });
  assert.equal(mean.success, true);
  assert.equal(mean.result.observed_value, 31.375); // (10 + 20.5 - 5 + 100) / 4
  assert.equal((await one('expect_column_mean_to_be_between', { column: 'total_amount', min_value: 0, max_value: 30 })).success, false);
  const rows = await one('expect_table_row_count_to_be_between', { min_value: 1, max_value: 5 });
  assert.equal(rows.success, true);
  assert.equal(rows.result.observed_value, 5);
  assert.equal((await one('expect_table_row_count_to_be_between', { min_value: 6 })).success, false);
});

test('a failing query fails that expectation only, with GE exception_info', async () => {
  suite('broken_refs', 'SILVER_ORDERS', [
    exp('expect_column_values_to_be_in_related_table', { column: 'customer_id', related_table: 'NO_SUCH_TABLE', related_column: 'customer_id' }),
    exp('expect_column_values_to_not_be_null', { column: 'no_such_column' }),
    exp('expect_column_values_to_not_be_null', { column: 'customer_id' }),
  ]);
  const run = await runValidation(wh, { suitesDir, suites: ['broken_refs'] });
  rmSync(join(suitesDir, 'broken_refs.json'));
  const [a, b, c] = run.suites[0].validation.results;
  assert.equal(a.success, false);
  assert.equal(a.exception_info.raised_exception, true);
  assert.match(a.exception_info.exception_message ?? '', /NO_SUCH_TABLE/i);
  assert.equal(b.exception_info.raised_exception, true);
  assert.match(b.exception_info.exception_message ?? '', /no_such_column/i);
  assert.equal(c.exception_info.raised_exception, false);
  assert.equal(c.result.unexpected_count, 1);
  assert.deepEqual([run.suites[0].evaluated, run.suites[0].failed], [3, 3]);
});

test('the original suite fails both expectations on the first 2000 rows and lands in GE_VALIDATION_RESULTS', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'retail-quality-orig-'));
  const w = await LocalWarehouse.open(fresh);
  try {
    await w.run(`CREATE TABLE SILVER_PRODUCT_REVIEWS (review_id VARCHAR, product_id VARCHAR, customer_id VARCHAR, rating DECIMAL(3,1), title VARCHAR,
      content VARCHAR, review_date DATE, verified_purchase BOOLEAN, helpful_votes INTEGER, aspects JSON, sentiment_score VARCHAR)`);
    // 2500 rows: every third review is a verified purchase, helpful_votes cycle 0..29.
    await w.run(`INSERT INTO SILVER_PRODUCT_REVIEWS SELECT 'REV' || lpad(CAST(i AS VARCHAR), 4, '0'), 'PROD0001', 'CUST0001', 4.0, 't', 'c',
      DATE '2024-01-01', i % 3 = 0, CAST(i % 30 AS INTEGER), NULL, 'Positive' FROM range(1, 2501) AS r(i)`);
    const run = await runValidation(w, { suitesDir: REPO_SUITES, suites: ['product_reviews_original'], runName: 'original-check' });
    assert.equal(run.rowsWritten, 1);
    const s = run.suites[0];
    assert.deepEqual({ name: s.name, success: s.success, evaluated: s.evaluated, failed: s.failed }, { name: 'product_reviews_original', success: false, evaluated: 2, failed: 2 });
    const [inSet, minVotes] = s.validation.results;
    assert.equal(inSet.expectation_config.expectation_type, 'expect_column_values_to_be_in_set');
    assert.equal(inSet.result.element_count, 2000); // the suite's row_limit
    assert.equal(inSet.result.unexpected_count, 666); // i in 1..2000 with i % 3 = 0
    assert.equal((inSet.result.partial_unexpected_list as unknown[]).length, 20);
    assert.ok((inSet.result.partial_unexpected_list as unknown[]).every((v) => v === true));
    assert.equal(minVotes.result.observed_value, 0);
    assert.equal(minVotes.success, false);

    const rows = await w.query(`SELECT run_status, CAST(run_id AS VARCHAR) AS run_id, CAST(run_validation AS VARCHAR) AS run_validation,
      suite_name, CAST(validated_at AS VARCHAR) AS validated_at, typeof(run_validation) AS vt FROM GE_VALIDATION_RESULTS`);
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.run_status, false);
    assert.equal(row.suite_name, 'product_reviews_original');
    assert.equal(row.vt, 'JSON');
    assert.match(String(row.validated_at), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    const runId = JSON.parse(String(row.run_id));
    assert.equal(runId.run_name, 'original-check');
    assert.ok(!Number.isNaN(Date.parse(runId.run_time)));
    const v = JSON.parse(String(row.run_validation)) as ValidationResult;
    assert.equal(v.success, false);
    assert.deepEqual(v.statistics, { evaluated_expectations: 2, successful_expectations: 0, unsuccessful_expectations: 2, success_percent: 0 });
    assert.deepEqual(v.results[0].expectation_config, { expectation_type: 'expect_column_values_to_be_in_set', kwargs: { column: 'VERIFIED_PURCHASE', value_set: ['FALSE'] } });
    for (const key of ['element_count', 'unexpected_count', 'unexpected_percent', 'partial_unexpected_list', 'observed_value']) {
      assert.ok(key in v.results[0].result && key in v.results[1].result, `result.${key}`);
    }
    assert.equal(v.results[0].result.unexpected_percent, 33.3);
    assert.equal(v.meta.expectation_suite_name, 'product_reviews_original');

    // Verified purchases only after row 2000 and votes >= 12: the same suite passes, which
    // also proves the first-2000-rows limit.
    await w.run(`UPDATE SILVER_PRODUCT_REVIEWS SET verified_purchase = (CAST(substr(review_id, 4) AS INTEGER) > 2000), helpful_votes = 12 + CAST(substr(review_id, 4) AS INTEGER) % 9`);
    const again = await runValidation(w, { suitesDir: REPO_SUITES, suites: ['product_reviews_original'] });
    assert.deepEqual([again.suites[0].success, again.suites[0].failed], [true, 0]);
    assert.equal((await w.query(`SELECT count(*)::INT AS n FROM GE_VALIDATION_RESULTS`))[0].n, 2);
  } finally {
    w.close();
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('a suite whose table does not exist is an error result, not a crash; unknown suites are errors', async () => {
  suite('not_built_yet', 'GOLD_CUSTOMER_INSIGHTS', [exp('expect_table_row_count_to_be_between', { min_value: 1 })]);
  suite('orders_ok', 'SILVER_ORDERS', [exp('expect_table_row_count_to_be_between', { min_value: 1 })]);
  try {
    const run = await runValidation(wh, { suitesDir, suites: ['not_built_yet', 'orders_ok'] });
    const missing = run.suites.find((s) => s.name === 'not_built_yet')!;
    assert.equal(missing.success, false);
    assert.match(missing.error ?? '', /GOLD_CUSTOMER_INSIGHTS does not exist/);
    assert.equal(run.suites.find((s) => s.name === 'orders_ok')!.success, true);
    assert.equal(run.rowsWritten, 2);
    await assert.rejects(runValidation(wh, { suitesDir, suites: ['nope'] }), (e: Error) => e instanceof UnknownSuiteError && /"nope".*orders_ok/.test(e.message));
  } finally {
    rmSync(join(suitesDir, 'not_built_yet.json'));
    rmSync(join(suitesDir, 'orders_ok.json'));
  }
});

test('validation commits on its own connection, beside a transaction open on the main one', async () => {
  suite('beside', 'SILVER_ORDERS', [exp('expect_table_row_count_to_be_between', { min_value: 1 })]);
  const before = (await wh.query(`SELECT count(*) AS n FROM GE_VALIDATION_RESULTS`))[0].n;
  await wh.run('BEGIN TRANSACTION');
  try {
    const run = await runValidation(wh, { suitesDir, suites: ['beside'] });
    assert.equal(run.rowsWritten, 1);
  } finally {
    await wh.run('ROLLBACK');
    rmSync(join(suitesDir, 'beside.json'));
  }
  // The rollback of the main connection's transaction did not take the result row with it.
  assert.equal(Number((await wh.query(`SELECT count(*) AS n FROM GE_VALIDATION_RESULTS`))[0].n), Number(before) + 1);
});

test('bad suite files fail with the file, the suite and the expectation index', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseSuite(text, 'sql/quality/bad.json'), (e: Error) => e instanceof SuiteFileError && e.message.startsWith('sql/quality/bad.json: ') && re.test(e.message));
  bad('{ "expectation_suite_name": ', /not valid JSON/);
  bad(JSON.stringify({ expectation_suite_name: 's', expectations: [] }), /suite "s".*data_asset/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', expectations: [exp('expect_column_values_to_not_be_null', { column: 'a' }), exp('expect_column_to_be_lovely', { column: 'a' })] }),
    /suite "s", expectation #1 \(expect_column_to_be_lovely\): unknown expectation_type.*supported are expect_column_values_to_not_be_null/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', expectations: [exp('expect_column_values_to_not_be_null', { column: 'a"; DROP TABLE x; --' })] }), /expectation #0.*Invalid column name/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T; DROP', expectations: [] }), /Invalid table name/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', expectations: [exp('expect_column_values_to_be_between', { column: 'a' })] }), /min_value and kwargs.max_value cannot both be missing/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', expectations: [exp('expect_column_values_to_be_in_set', { column: 'a', value_set: [] })] }), /value_set must be a non-empty array/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', expectations: [exp('expect_column_values_to_not_be_null', { column: 'a', mostly: 2 })] }), /mostly must be a number in \(0, 1\]/);
  bad(JSON.stringify({ expectation_suite_name: 's', data_asset: 'T', row_limit: 0, expectations: [] }), /row_limit must be a whole number >= 1/);

  // loadSuites names the bad file in a folder.
  const dir = mkdtempSync(join(tmpdir(), 'retail-quality-bad-'));
  try {
    writeFileSync(join(dir, 'a_good.json'), JSON.stringify({ expectation_suite_name: 'good', data_asset: 'T', expectations: [] }));
    writeFileSync(join(dir, 'b_bad.json'), '{"expectation_suite_name": "bad", "data_asset": "T", "expectations": [ {"expectation_type": "nope"} ]}');
    assert.throws(() => loadSuites(dir), (e: Error) => e.message.includes(join(dir, 'b_bad.json')) && /suite "bad", expectation #0 \(nope\)/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shipped suites load, cover every layer, and name real catalog tables and columns', () => {
  const suites = loadSuites(REPO_SUITES);
  const original = suites.find((s) => s.name === 'product_reviews_original');
  assert.ok(original);
  assert.equal(original.table, 'SILVER_PRODUCT_REVIEWS');
  assert.equal(original.rowLimit, 2000);
  assert.deepEqual(original.expectations.map((e) => [e.expectation_type, e.kwargs]), [
    ['expect_column_values_to_be_in_set', { column: 'VERIFIED_PURCHASE', value_set: ['FALSE'] }],
    ['expect_column_min_to_be_between', { column: 'HELPFUL_VOTES', min_value: 12, max_value: 20 }],
  ]);
  const layers = new Set<string>();
  const typesUsed = new Set<string>();
  for (const s of suites) {
    const t = findTable(s.table);
    assert.ok(t, `${s.file}: ${s.table} is not in the catalog`);
    layers.add(t.layer);
    for (const [i, e] of s.expectations.entries()) {
      typesUsed.add(e.expectation_type);
      for (const [colKey, tableName] of [['column', s.table], ['related_column', e.kwargs.related_table]] as const) {
        const c = e.kwargs[colKey];
        if (typeof c !== 'string') continue;
        const def = findTable(String(tableName));
        assert.ok(def, `${s.file} #${i}: table ${tableName} not in the catalog`);
        assert.ok(def.columns.some((col) => col.name.toLowerCase() === c.toLowerCase()), `${s.file} #${i}: ${tableName}.${c} not in the catalog`);
      }
    }
  }
  assert.deepEqual([...layers].sort(), ['ANALYTICS', 'BRONZE', 'GOLD', 'SILVER']);
  assert.deepEqual([...typesUsed].filter((t) => !SUPPORTED_TYPES.includes(t)), []);
});

test('suites come from the workspace sql/quality when it has one, else the shipped folder', () => {
  assert.equal(defaultSuitesDir(ws), REPO_SUITES);
  const own = join(ws, 'sql', 'quality');
  mkdirSync(own, { recursive: true });
  try {
    assert.equal(defaultSuitesDir(ws), own);
  } finally {
    rmSync(join(ws, 'sql'), { recursive: true, force: true });
  }
});

test('each expectation type renders for DuckDB and Snowflake', () => {
  const src = { table: 'SILVER_REVIEWS', rowLimit: 2000 };
  const head = (c: string) => `WITH batch AS (SELECT * FROM "SILVER_REVIEWS" LIMIT 2000), scored AS (SELECT "${c}" AS v FROM batch)`;
  const mapSql = (c: string, unexpected: string) =>
    `${head(c)} SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, COALESCE(SUM(CASE WHEN ${unexpected} THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored`;
  const aggSql = (observed: string, c: string | null, success: string) =>
    `WITH batch AS (SELECT * FROM "SILVER_REVIEWS" LIMIT 2000), agg AS (SELECT ${observed} AS observed_value, COUNT(*) AS element_count, ${c ? `COALESCE(SUM(CASE WHEN "${c}" IS NULL THEN 1 ELSE 0 END), 0)` : '0'} AS missing_count FROM batch) SELECT observed_value, element_count, missing_count, CASE WHEN ${success} THEN TRUE ELSE FALSE END AS success FROM agg`;
  const bad = (p: string) => `v IS NOT NULL AND NOT COALESCE(${p}, FALSE)`;
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['expect_column_values_to_not_be_null', { column: 'review_id' }, mapSql('review_id', 'v IS NULL'), mapSql('REVIEW_ID', 'v IS NULL')],
    ['expect_column_values_to_be_unique', { column: 'review_id' },
      mapSql('review_id', bad('dup_count = 1')).replace('"review_id" AS v', '"review_id" AS v, COUNT(*) OVER (PARTITION BY "review_id") AS dup_count'),
      mapSql('REVIEW_ID', bad('dup_count = 1')).replace('"REVIEW_ID" AS v', '"REVIEW_ID" AS v, COUNT(*) OVER (PARTITION BY "REVIEW_ID") AS dup_count')],
    ['expect_column_values_to_be_in_set', { column: 'verified_purchase', value_set: ['FALSE', true] },
      mapSql('verified_purchase', bad(`UPPER(CAST(v AS VARCHAR)) IN ('FALSE', 'TRUE')`)), mapSql('VERIFIED_PURCHASE', bad(`UPPER(CAST(v AS VARCHAR)) IN ('FALSE', 'TRUE')`))],
    ['expect_column_values_to_be_between', { column: 'rating', min_value: 1, max_value: 5, strict_max: true },
      mapSql('rating', bad('v >= 1 AND v < 5')), mapSql('RATING', bad('v >= 1 AND v < 5'))],
    // DuckDB reads a backslash in '…' as itself; Snowflake reads it as an escape, so it is doubled there.
    ['expect_column_values_to_match_regex', { column: 'title', regex: "^it's\\." },
      mapSql('title', bad(`regexp_matches(CAST(v AS VARCHAR), '^it''s\\.')`)), mapSql('TITLE', bad(`REGEXP_INSTR(CAST(v AS VARCHAR), '^it''s\\\\.') > 0`))],
    ['expect_column_values_to_be_in_related_table', { column: 'product_id', related_table: 'silver_products', related_column: 'product_id' },
      // A LEFT JOIN to the distinct keys (Snowflake allows a correlated EXISTS only in WHERE).
      mapSql('product_id', bad('in_related')).replace('SELECT "product_id" AS v FROM batch', 'SELECT batch."product_id" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "product_id" AS related_key FROM "silver_products") AS rel ON rel.related_key = batch."product_id"'),
      mapSql('PRODUCT_ID', bad('in_related')).replace('SELECT "PRODUCT_ID" AS v FROM batch', 'SELECT batch."PRODUCT_ID" AS v, rel.related_key IS NOT NULL AS in_related FROM batch LEFT JOIN (SELECT DISTINCT "PRODUCT_ID" AS related_key FROM "SILVER_PRODUCTS") AS rel ON rel.related_key = batch."PRODUCT_ID"')],
    ['expect_column_min_to_be_between', { column: 'helpful_votes', min_value: 12, max_value: 20 },
      aggSql('MIN("helpful_votes")', 'helpful_votes', 'observed_value >= 12 AND observed_value <= 20'), aggSql('MIN("HELPFUL_VOTES")', 'HELPFUL_VOTES', 'observed_value >= 12 AND observed_value <= 20')],
    ['expect_column_max_to_be_between', { column: 'review_date', max_value: '2025-12-31' },
      aggSql('MAX("review_date")', 'review_date', `observed_value <= '2025-12-31'`), aggSql('MAX("REVIEW_DATE")', 'REVIEW_DATE', `observed_value <= '2025-12-31'`)],
    ['expect_column_mean_to_be_between', { column: 'rating', min_value: 1, max_value: 5, strict_min: true },
      aggSql('AVG(CAST("rating" AS DOUBLE))', 'rating', 'observed_value > 1 AND observed_value <= 5'), aggSql('AVG(CAST("RATING" AS DOUBLE))', 'RATING', 'observed_value > 1 AND observed_value <= 5')],
    ['expect_table_row_count_to_be_between', { min_value: 1 }, aggSql('COUNT(*)', null, 'observed_value >= 1'), aggSql('COUNT(*)', null, 'observed_value >= 1')],
  ];
  assert.deepEqual(cases.map((c) => c[0]).sort(), [...SUPPORTED_TYPES].sort());
  for (const [type, kwargs, duck, snow] of cases) {
    assert.equal(renderExpectation(type, kwargs, src, 'duckdb').metrics, duck, `${type} duckdb`);
    assert.equal(renderExpectation(type, kwargs, src, 'snowflake').metrics, snow, `${type} snowflake`);
  }
  const sample = renderExpectation('expect_column_values_to_be_in_set', { column: 'status', value_set: ['x'] }, { table: 'T' }, 'snowflake').sample;
  assert.equal(sample, `WITH batch AS (SELECT * FROM "T"), scored AS (SELECT "STATUS" AS v FROM batch) SELECT v AS unexpected_value FROM scored WHERE ${bad(`UPPER(CAST(v AS VARCHAR)) IN ('X')`)} LIMIT 20`);
});

test('CLI validate: report on stdout, exit 0 when expectations fail, error on an unknown suite', async () => {
  suite('cli_orders', 'SILVER_ORDERS', [exp('expect_column_values_to_be_unique', { column: 'order_id' })]);
  wh.close(); // the command opens the warehouse file itself
  let out = '';
  const ctx = { out: (t: string) => { out += t; }, logger: { log: () => undefined }, workspace: () => ws };
  try {
    assert.equal(await validateCommand.run(['--suites-dir', suitesDir, '--suite', 'cli_orders', '--json'], ctx), 0);
    const j = JSON.parse(out);
    assert.deepEqual(j.suites, [{ name: 'cli_orders', table: 'SILVER_ORDERS', success: false, evaluated: 1, failed: 1 }]);
    assert.equal(j.rowsWritten, 1);
    out = '';
    assert.equal(await validateCommand.run(['--suites-dir', suitesDir, '--suite', 'cli_orders'], ctx), 0);
    assert.match(out, /FAILED  cli_orders on SILVER_ORDERS: 0\/1 expectations met/);
    assert.match(out, /expect_column_values_to_be_unique\(order_id\): 2 of 5 unexpected, e.g. \["ORD0003","ORD0003"\]/);
    await assert.rejects(validateCommand.run(['--suites-dir', suitesDir, '--suite', 'nope'], ctx), /Unknown expectation suite "nope"/);
  } finally {
    rmSync(join(suitesDir, 'cli_orders.json'));
    wh = await LocalWarehouse.open(ws);
  }
});
