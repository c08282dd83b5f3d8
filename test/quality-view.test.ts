// The Quality view's reader on a real DuckDB file after real validation runs: the last result
// per suite (an older passing run of the same suite is not shown), failed expectations with
// their observed values and unexpected counts, a suite whose table is missing, a suite never
// validated. The warehouse sits in a custom state folder, as retailPipeline.stateFolder allows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { streamLogger } from '../src/core/log';
import { describeOutcome, runValidation } from '../src/core/quality';
import { withClient } from '../src/core/snowflake/client';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import {
  expectationDetail, kwargLines, readQualitySnapshot, readSnowflakeQualitySnapshot, suiteDescription, suiteState, validationSummary, type SuiteView,
} from '../src/extension/quality-snapshot';
import { SnowflakeDouble } from './helpers/snowflake-double';

const root = mkdtempSync(join(tmpdir(), 'rp-quality-view-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeSuite(ws: string, name: string, table: string, expectations: unknown[]): void {
  const dir = join(ws, 'sql', 'quality');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ expectation_suite_name: name, data_asset: table, expectations }));
}

test('quality snapshot: last validation per suite, failed expectations with observed values, errors and never-run suites', async () => {
  const ws = join(root, 'ws');
  const state = join(root, 'elsewhere', 'state');
  const orders = (rule: unknown[]) => writeSuite(ws, 'orders', 'T_ORDERS', rule);
  orders([{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'order_id' } }]);
  writeSuite(ws, 'customers', 'T_CUSTOMERS', [
    { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'customer_id' } },
    { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: 'customer_id' } },
  ]);
  writeSuite(ws, 'missing_table', 'T_NOT_BUILT', [
    { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } },
  ]);

  const wh = await LocalWarehouse.open(ws, { stateDir: state });
  try {
    assert.equal(wh.path, join(state, 'warehouse.duckdb'));
    assert.ok(!existsSync(join(ws, '.retail')), 'nothing written to <workspace>/.retail');
    await wh.run(`create table T_ORDERS as select * from (values (1, 'shipped', 10.0), (2, 'lost', 2000.5), (3, null, 5.0), (4, 'bogus', 7.5)) t(order_id, status, amount)`);
    await wh.run(`create table T_CUSTOMERS as select * from (values (1), (2), (3)) t(customer_id)`);

    // Before any validation: every defined suite, never validated.
    const before = await readQualitySnapshot(wh, ['customers', 'missing_table', 'orders']);
    assert.deepEqual(before.map((s) => [s.name, suiteState(s), suiteDescription(s)]), [
      ['customers', 'never', 'never validated'], ['missing_table', 'never', 'never validated'], ['orders', 'never', 'never validated'],
    ]);

    // First run: orders passes (one expectation).
    const first = await runValidation(wh, { workspace: ws, suites: ['orders'] });
    assert.equal(first.suites[0].success, true);

    // Second run, a stricter orders suite: two of four fail, one observed aggregate, one regex error.
    orders([
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'order_id' } },
      { expectation_type: 'expect_column_values_to_be_in_set', kwargs: { column: 'status', value_set: ['shipped', 'pending'] } },
      { expectation_type: 'expect_column_max_to_be_between', kwargs: { column: 'amount', min_value: 0, max_value: 1000 } },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'no_such_column' } },
    ]);
    const done: string[] = [];
    const second = await runValidation(wh, { workspace: ws, onSuite: (o, n, total) => done.push(`${o.name} ${n}/${total}`) });
    assert.deepEqual(done.length, 3, 'one progress call per suite');
    assert.ok(done.some((d) => d.endsWith('3/3')));
    assert.equal(second.rowsWritten, 3);
    assert.match(describeOutcome(second.suites.find((s) => s.name === 'orders')!).join('\n'), /FAILED +orders on T_ORDERS: 1\/4 expectations met/);

    writeSuite(ws, 'never_run', 'T_ORDERS', []);
    const snap = await readQualitySnapshot(wh, ['customers', 'missing_table', 'never_run', 'orders']);
    const by = new Map<string, SuiteView>(snap.map((s) => [s.name, s]));
    assert.deepEqual(snap.map((s) => s.name), ['customers', 'missing_table', 'never_run', 'orders']);

    const customers = by.get('customers')!;
    assert.equal(suiteState(customers), 'passed');
    assert.match(suiteDescription(customers), /^2\/2 expectations passed · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.equal(customers.last?.table, 'T_CUSTOMERS');
    assert.equal(customers.last?.runName, second.runId.run_name);

    const ord = by.get('orders')!;
    assert.equal(suiteState(ord), 'failed', 'the last run of orders, not the passing first one');
    assert.equal(ord.last?.evaluated, 4);
    assert.equal(ord.last?.passed, 1);
    assert.equal(suiteDescription(ord).split(' · ')[0], '1/4 expectations passed');
    const [notNull, inSet, max, broken] = ord.last!.expectations;
    assert.equal(notNull.success, true);
    assert.deepEqual([inSet.type, inSet.column, inSet.success, inSet.unexpectedCount, inSet.elementCount], ['expect_column_values_to_be_in_set', 'status', false, 2, 4]);
    assert.deepEqual([...inSet.sample].sort(), ['bogus', 'lost']);
    assert.match(expectationDetail(inSet), /^2 of 4 unexpected, e\.g\. \["(bogus|lost)","(bogus|lost)"\]$/);
    assert.deepEqual(kwargLines(inSet), ['value_set: ["shipped","pending"]']);
    assert.deepEqual([max.type, max.success, max.observed], ['expect_column_max_to_be_between', false, 2000.5]);
    assert.equal(expectationDetail(max), 'observed 2000.5');
    assert.deepEqual(kwargLines(max), ['min_value: 0', 'max_value: 1000']);
    assert.equal(broken.success, false);
    assert.match(expectationDetail(broken), /^error: .*no_such_column/);

    const missing = by.get('missing_table')!;
    assert.equal(suiteState(missing), 'error');
    assert.match(suiteDescription(missing), /^could not run · /);
    assert.match(missing.last?.error ?? '', /T_NOT_BUILT does not exist/);

    assert.equal(suiteState(by.get('never_run')!), 'never');
  } finally {
    wh.close();
  }
});

test('validation stops at a cancelled signal and appends nothing', async () => {
  const ws = join(root, 'cancel');
  writeSuite(ws, 'a', 'T', [{ expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } }]);
  const wh = await LocalWarehouse.open(ws);
  try {
    await wh.run('create table T as select 1 as x');
    const ac = new AbortController();
    ac.abort(new Error('cancelled in the test'));
    await assert.rejects(runValidation(wh, { workspace: ws, signal: ac.signal }), /cancelled in the test/);
    assert.deepEqual(await readQualitySnapshot(wh, ['a']), [{ name: 'a' }]);
  } finally {
    wh.close();
  }
});

test('Validate Data summary: "n/m suites passed", then the failed and the ones that could not run', () => {
  assert.deepEqual(validationSummary([{ name: 'a', success: true }, { name: 'b', success: true }]), { passed: 2, total: 2, allPassed: true, text: '2/2 suites passed' });
  const s = validationSummary([
    { name: 'a', success: true }, { name: 'b', success: false }, { name: 'c', success: false, error: 'no table' },
    { name: 'd', success: false }, { name: 'e', success: false }, { name: 'f', success: false },
  ]);
  assert.equal(s.allPassed, false);
  assert.equal(s.text, '1/6 suites passed; failed: b, d, e and 1 more; could not run: c');
});

test('Snowflake: the last validation per suite read from the account (real driver, wire double); no results table yet: the defined suites', async () => {
  const logger = streamLogger(() => undefined);
  const loc = { database: 'retail_db', schema: 'retail_schema' };
  // What usp_generateValidationResults writes (validation-procedure.ts): GE's shape.
  const validation = {
    success: false,
    statistics: { evaluated_expectations: 2, successful_expectations: 1, unsuccessful_expectations: 1, success_percent: 50 },
    results: [
      { success: true, expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'review_id' } },
        result: { element_count: 2000, missing_count: 0, unexpected_count: 0, partial_unexpected_list: [] }, exception_info: { raised_exception: false } },
      { success: false, expectation_config: { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'rating', min_value: 1, max_value: 5 } },
        result: { element_count: 2000, missing_count: 0, unexpected_count: 3, partial_unexpected_list: [0, 7, 9] }, exception_info: { raised_exception: false } },
    ],
    meta: { batch_spec: { table_name: 'SILVER_PRODUCT_REVIEWS', row_limit: 2000 }, engine: 'snowflake' },
  };
  const d = await SnowflakeDouble.start();
  try {
    d.answer(/GE_VALIDATION_RESULTS/, {
      columns: [{ name: 'suite', type: 'text' }, { name: 'status', type: 'boolean' }, { name: 'run_id', type: 'text' }, { name: 'validation', type: 'text' }, { name: 'at', type: 'text' }],
      rows: [['silver_product_reviews', '0', JSON.stringify({ run_name: '20261126T010203.000000Z', run_time: '2026-11-26T01:02:03.000-08:00' }), JSON.stringify(validation), '2026-11-26 01:02:03']],
    });
    const views = await withClient(d.connectionOptions(), logger, (c) => readSnowflakeQualitySnapshot(c, loc, ['bronze_orders', 'silver_product_reviews']));
    const sql = d.statements.find((st) => /GE_VALIDATION_RESULTS/.test(st.sqlText))?.sqlText ?? '';
    assert.match(sql, /FROM "RETAIL_DB"\."RETAIL_SCHEMA"\."GE_VALIDATION_RESULTS"/);
    assert.match(sql, /QUALIFY ROW_NUMBER\(\) OVER \(PARTITION BY SUITE_NAME ORDER BY VALIDATED_AT DESC\) = 1/);
    assert.deepEqual(views.map((v) => [v.name, suiteState(v), suiteDescription(v)]), [
      ['bronze_orders', 'never', 'never validated'],
      ['silver_product_reviews', 'failed', '1/2 expectations passed · 2026-11-26 01:02:03'],
    ]);
    const failed = views[1].last!.expectations.find((e) => !e.success)!;
    assert.equal(views[1].last!.table, 'SILVER_PRODUCT_REVIEWS');
    assert.equal(views[1].last!.runName, '20261126T010203.000000Z');
    assert.equal(expectationDetail(failed), '3 of 2,000 unexpected, e.g. [0,7,9]');
    assert.deepEqual(kwargLines(failed), ['min_value: 1', 'max_value: 5']);
  } finally {
    await d.stop();
  }
  const empty = await SnowflakeDouble.start();
  try {
    empty.failOn(/GE_VALIDATION_RESULTS/, { code: '002003', message: "SQL compilation error:\nObject 'RETAIL_DB.RETAIL_SCHEMA.GE_VALIDATION_RESULTS' does not exist or not authorized.", sqlState: '42S02' });
    const views = await withClient(empty.connectionOptions(), logger, (c) => readSnowflakeQualitySnapshot(c, loc, ['silver_orders']));
    assert.deepEqual(views, [{ name: 'silver_orders' }]);
    // Any other error reaches the view (it shows "validation results unavailable" with it).
    empty.failOn(/GE_VALIDATION_RESULTS/, { code: '390100', message: 'Incorrect username or password was specified.' });
    await assert.rejects(withClient(empty.connectionOptions(), logger, (c) => readSnowflakeQualitySnapshot(c, loc, ['silver_orders'])), /390100/);
  } finally {
    await empty.stop();
  }
});
