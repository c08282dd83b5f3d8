// The oracle test (issue 14 §2): every gold (3) and analytics (13) table the real local pipeline
// writes is recomputed from the input files by test/oracle/ — plain TypeScript written from the
// issue's rules and the original pipeline's code, no SQL, no DuckDB — and compared value for
// value, on a copy of sample_data/ and on a generated scale-3 set. A difference is reported as
// table, row key, column, the oracle's value and the warehouse's.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TABLES } from '../src/core/manifest';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { cli, REPO } from './helpers/cli';
import { analyticsTables } from './oracle/analytics';
import { compareTable, selectList } from './oracle/compare';
import { goldCustomerInsights, goldProductPerformance, goldProductReviewsAnalytics } from './oracle/gold';
import { readInputs } from './oracle/inputs';
import type { OracleTable } from './oracle/table';

const temps: string[] = [];
const tempDir = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), `rp-oracle-${label}-`));
  temps.push(d);
  return d;
};
after(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

const oracle = (dir: string): OracleTable[] => {
  const d = readInputs(dir);
  return [goldCustomerInsights(d), goldProductReviewsAnalytics(d), goldProductPerformance(d), ...analyticsTables(d)];
};

test('the oracle covers every gold and analytics table of the catalog, with every column', () => {
  const tables = oracle(join(REPO, 'sample_data'));
  const catalog = TABLES.filter((t) => t.layer === 'GOLD' || t.layer === 'ANALYTICS');
  assert.deepEqual(tables.map((t) => t.name).sort(), catalog.map((t) => t.name).sort());
  for (const t of catalog) {
    const o = tables.find((x) => x.name === t.name)!;
    assert.deepEqual(Object.keys(o.columns).sort(), t.columns.map((c) => c.name).sort(), `${t.name} columns`);
  }
});

const DATA_SETS: { label: string; prepare: () => string }[] = [
  {
    label: 'sample_data/',
    prepare: () => {
      const dir = tempDir('sample');
      cpSync(join(REPO, 'sample_data'), dir, { recursive: true });
      return dir;
    },
  },
  {
    label: 'a generated scale-3 set',
    prepare: () => {
      const dir = tempDir('scale3');
      const g = cli(['generate-data', '--out', dir, '--scale', '3', '--seed', '42']);
      assert.equal(g.code, 0, g.stderr);
      return dir;
    },
  },
];

for (const set of DATA_SETS) {
  describe(`oracle = pipeline on ${set.label}`, () => {
    let tables: OracleTable[] = [];
    let wh: LocalWarehouse | undefined;
    before(async () => {
      const data = set.prepare();
      const ws = tempDir('ws');
      const r = cli(['run', '--data', data, '--workspace', ws]);
      assert.equal(r.code, 0, `run failed:\n${r.stderr}`);
      tables = oracle(data);
      wh = await LocalWarehouse.open(ws);
    });
    after(() => wh?.close());

    for (const name of TABLES.filter((t) => t.layer === 'GOLD' || t.layer === 'ANALYTICS').map((t) => t.name)) {
      test(name, async () => {
        const o = tables.find((t) => t.name === name)!;
        assert.ok(o.rows.length > 0, `the oracle has no rows for ${name}: the data set does not exercise it`);
        const got = await wh!.query(`SELECT ${selectList(o)} FROM "${name}"`);
        const diffs = compareTable(o, got);
        assert.deepEqual(diffs.slice(0, 25), [], `${diffs.length} difference(s), the first ${Math.min(25, diffs.length)} shown`);
      });
    }

    // The comparison itself can fail: each kind of difference in the real warehouse rows is seen.
    test('a cent more, 0 for NULL, a missing or extra row and another top-10 product are each reported', async () => {
      const gold = tables.find((t) => t.name === 'GOLD_CUSTOMER_INSIGHTS')!;
      const rows = await wh!.query(`SELECT ${selectList(gold)} FROM "GOLD_CUSTOMER_INSIGHTS"`);
      const spent = rows.findIndex((r) => r.total_spent !== null), none = rows.findIndex((r) => r.total_spent === null);
      assert.ok(spent >= 0 && none >= 0, 'customers with and without orders');
      const change = (i: number, patch: Record<string, unknown>) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
      const variants: Record<string, Record<string, unknown>[]> = {
        'a cent more': change(spent, { total_spent: (Number(rows[spent].total_spent) + 0.01).toFixed(2) }),
        '0 for NULL': change(none, { total_spent: '0.00' }),
        'another last order time': change(spent, { last_order_date: String(rows[spent].last_order_date).slice(0, 10) }),
        'a missing row': rows.slice(1),
        'an extra row': [...rows, { ...rows[0], customer_id: 'CUST9999' }],
      };
      for (const [what, v] of Object.entries(variants)) assert.equal(compareTable(gold, v).length, 1, what);

      const top = tables.find((t) => t.name === 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY')!;
      const topRows = await wh!.query(`SELECT ${selectList(top)} FROM "${top.name}"`);
      const outside = top.rows.find((r) => !topRows.some((g) => g.product_id === r.product_id))!;
      const swapped = [...topRows.slice(0, -1), { ...topRows.at(-1), product_id: outside.product_id }];
      assert.ok(compareTable(top, swapped).some((d) => d.includes(`product_id=${JSON.stringify(outside.product_id)}`)));
    });
  });
}
