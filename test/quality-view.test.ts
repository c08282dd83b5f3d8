// The Quality view's reader on a real DuckDB file after real validation runs: the last result
// per suite (an older passing run of the same suite is not shown), failed expectations with
// their observed values and unexpected counts, a suite whose table is missing, a suite never
// validated. The warehouse sits in a custom state folder, as retailPipeline.stateFolder allows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { describeOutcome, runValidation } from '../src/core/quality';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import {
  expectationDetail, kwargLines, readQualitySnapshot, suiteDescription, suiteState, validationSummary, type SuiteView,
} from '../src/extension/quality-snapshot';

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
