// The whole local pipeline on the committed sample data, checked against numbers recomputed
// in plain TypeScript straight from the sample CSV and JSON files (no SQL involved), plus
// contract conformance, Iceberg snapshots and run-to-run determinism.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { icebergTableDir, listSnapshots } from '../src/core/iceberg';
import { TABLES } from '../src/core/manifest';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { cli, REPO } from './helpers/cli';

const DATA = join(REPO, 'sample_data');
let ws: string;
let wh: LocalWarehouse;

type Rec = Record<string, string>;
const csv = (f: string): Rec[] => parse(readFileSync(join(DATA, 'mysql', f)), { columns: true, bom: true, skip_empty_lines: true });
const money = (x: number) => Math.round(x * 100) / 100;

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return wh.query(sql) as Promise<T[]>;
}

before(() => {
  ws = mkdtempSync(join(tmpdir(), 'rp-pipeline-'));
  const r = cli(['run', '--data', DATA, '--workspace', ws]);
  assert.equal(r.code, 0, `run failed:\n${r.stderr}`);
});

after(() => {
  try { wh?.close(); } catch { /* already closed */ }
  rmSync(ws, { recursive: true, force: true });
});

test('every table of the catalog exists with its columns and rows', async () => {
  wh = await LocalWarehouse.open(ws);
  const cols = await rows<{ t: string; c: string }>('select upper(table_name) as t, lower(column_name) as c from information_schema.columns');
  const have = new Map<string, Set<string>>();
  for (const { t, c } of cols) (have.get(t) ?? have.set(t, new Set()).get(t)!).add(c);
  for (const t of TABLES) {
    const got = have.get(t.name);
    assert.ok(got, `missing table ${t.name}`);
    for (const c of t.columns) assert.ok(got.has(c.name), `${t.name} misses column ${c.name}`);
    const n = await wh.rowCount(t.name);
    assert.ok(n > 0, `${t.name} has no rows`);
  }
  // The contract shared with the product owner, when it is beside the repo.
  const contractFile = join(REPO, '..', 'shared', 'contract.json');
  if (existsSync(contractFile)) {
    const contract = JSON.parse(readFileSync(contractFile, 'utf8')) as Record<string, string[]>;
    for (const [t, cs] of Object.entries(contract)) {
      for (const c of cs) assert.ok(have.get(t)?.has(c), `contract: ${t}.${c} missing`);
    }
  }
});

/** An order date as DuckDB prints a TIMESTAMP: a date-only value is midnight. */
const asTimestamp = (d: string) => (d.length === 10 ? `${d} 00:00:00` : d);

test('gold customer insights equal totals recomputed from the CSV files; no orders = 0 orders, NULL totals', async () => {
  const orders = csv('order_data.csv');
  const byCustomer = new Map<string, { n: number; spent: number; last: string }>();
  for (const o of orders) {
    const a = byCustomer.get(o.customer_id) ?? { n: 0, spent: 0, last: '' };
    const when = asTimestamp(o.order_date);
    a.n++; a.spent += Number(o.total_amount); a.last = when > a.last ? when : a.last;
    byCustomer.set(o.customer_id, a);
  }
  const gold = await rows<{ customer_id: string; total_orders: number; total_spent: number | null; avg_order_value: number | null; last_order_date: string | null }>(
    'select customer_id, total_orders, total_spent, avg_order_value, cast(last_order_date as varchar) as last_order_date from GOLD_CUSTOMER_INSIGHTS');
  assert.equal(gold.length, csv('customer_data.csv').length);
  for (const g of gold) {
    const e = byCustomer.get(g.customer_id);
    if (!e) {
      assert.deepEqual([g.total_orders, g.total_spent, g.avg_order_value, g.last_order_date], [0, null, null, null], g.customer_id);
      continue;
    }
    assert.equal(g.total_orders, e.n, g.customer_id);
    assert.equal(money(g.total_spent!), money(e.spent), g.customer_id);
    assert.equal(g.last_order_date, e.last, g.customer_id);
  }
});

test('gold product review analytics equal aggregates recomputed from the JSON file', async () => {
  const reviews = JSON.parse(readFileSync(join(DATA, 'product_reviews.json'), 'utf8')) as {
    product_id: string; rating: number; verified_purchase: boolean; aspects?: { name: string; rating: number }[];
  }[];
  const agg = new Map<string, { n: number; sum: number; verified: number; aspects: Record<string, number[]> }>();
  for (const r of reviews) {
    const a = agg.get(r.product_id) ?? { n: 0, sum: 0, verified: 0, aspects: {} };
    a.n++; a.sum += r.rating; if (r.verified_purchase) a.verified++;
    // As the original's pivot: an aspect named twice in one review counts once, with its best rating.
    const best = new Map<string, number>();
    for (const x of r.aspects ?? []) best.set(x.name, Math.max(best.get(x.name) ?? -Infinity, x.rating));
    for (const [name, rating] of best) (a.aspects[name] ??= []).push(rating);
    agg.set(r.product_id, a);
  }
  const avg = (xs?: number[]) => (xs?.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : null);
  const gold = await rows<Record<string, number | string | null>>('select * from GOLD_PRODUCT_REVIEWS_ANALYTICS');
  assert.equal(gold.length, agg.size);
  for (const g of gold) {
    const e = agg.get(g.product_id as string)!;
    assert.equal(g.total_reviews, e.n);
    assert.equal(g.verified_reviews, e.verified);
    assert.equal(g.avg_rating, Math.round((e.sum / e.n) * 100) / 100);
    assert.equal(g.avg_battery_rating, avg(e.aspects['Battery Life']));
    assert.equal(g.avg_quality_rating, avg(e.aspects['Quality']));
    assert.equal(g.avg_value_rating, avg(e.aspects['Value for Money']));
    assert.ok((g.positive_reviews as number) + (g.negative_reviews as number) <= e.n);
  }
});

test('top-selling products and categories and monthly revenue equal lists recomputed from the CSV files', async () => {
  const products = new Map(csv('product_data.csv').map((p) => [p.product_id, p]));
  const sales = new Map<string, { orders: Set<string>; qty: number; rev: number }>();
  for (const i of csv('order_items.csv')) {
    const s = sales.get(i.product_id) ?? { orders: new Set(), qty: 0, rev: 0 };
    s.orders.add(i.order_id); s.qty += Number(i.quantity); s.rev += Number(i.quantity) * Number(i.unit_price);
    sales.set(i.product_id, s);
  }
  // Unknown product ids are ranked too, with NULL name and category (the original's left join).
  const all = [...sales.entries()].map(([id, s]) => ({ id, ...s, rev: money(s.rev), name: products.get(id)?.product_name ?? null }));
  const byQty = [...all].sort((a, b) => b.qty - a.qty || (a.id < b.id ? -1 : 1)).slice(0, 10);
  const byRev = [...all].sort((a, b) => b.rev - a.rev || (a.id < b.id ? -1 : 1)).slice(0, 10);
  const q = await rows<{ product_id: string; total_quantity_sold: number; total_revenue: number; total_orders: number; product_name: string | null; metric: string }>('select * from ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY order by total_quantity_sold desc, product_id');
  assert.deepEqual(q.map((r) => [r.product_id, r.total_quantity_sold, r.total_orders, r.product_name, r.metric]), byQty.map((e) => [e.id, e.qty, e.orders.size, e.name, 'quantity_sold']));
  const r = await rows<{ product_id: string; total_revenue: number; metric: string }>('select * from ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE order by total_revenue desc, product_id');
  assert.deepEqual(r.map((x) => [x.product_id, money(x.total_revenue), x.metric]), byRev.map((e) => [e.id, e.rev, 'revenue']));

  // Categories: sums over their products (NULL for unknown products); orders = sum of the
  // products' distinct order counts; average = revenue / orders.
  const cats = new Map<string | null, { orders: number; qty: number; rev: number }>();
  for (const e of all) {
    const k = products.get(e.id)?.category || null;
    const c = cats.get(k) ?? { orders: 0, qty: 0, rev: 0 };
    c.orders += e.orders.size; c.qty += e.qty; c.rev += e.rev;
    cats.set(k, c);
  }
  const byKey = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const catRows = [...cats.entries()].map(([category, c]) => ({ category, ...c, rev: money(c.rev) }));
  const expect = (metric: 'qty' | 'rev') => [...catRows].sort((a, b) => b[metric] - a[metric] || byKey(a.category, b.category)).slice(0, 5)
    .map((c) => [c.category, c.orders, c.qty, c.rev, money(c.rev / c.orders)]);
  for (const [table, metric, label] of [['ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY', 'qty', 'quantity_sold'], ['ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE', 'rev', 'revenue']] as const) {
    const got = await rows<{ category: string | null; total_orders: number; total_quantity_sold: number; total_revenue: number; avg_order_value: number; metric: string }>(
      `select * from ${table} order by ${metric === 'qty' ? 'total_quantity_sold' : 'total_revenue'} desc, category nulls last`);
    assert.deepEqual(got.map((x) => [x.category, x.total_orders, x.total_quantity_sold, money(x.total_revenue), money(x.avg_order_value)]), expect(metric), table);
    assert.ok(got.every((x) => x.metric === label), table);
  }

  const monthly = new Map<string, number>();
  for (const o of csv('order_data.csv')) monthly.set(o.order_date.slice(0, 7), (monthly.get(o.order_date.slice(0, 7)) ?? 0) + Number(o.total_amount));
  const m = await rows<{ order_month: string; monthly_revenue: number }>('select * from ANALYTICS_MONTHLY_REVENUE order by order_month');
  assert.deepEqual(m.map((x) => [x.order_month, money(x.monthly_revenue)]), [...monthly.entries()].sort().map(([k, v]) => [k, money(v)]));
});

test('silver enrichment: preferences arrays, states and sentiment labels', async () => {
  const [c] = await rows<{ n: number; with_state: number; with_prefs: number }>(
    'select count(*) as n, count(state) as with_state, count(preferences) as with_prefs from SILVER_CUSTOMERS');
  assert.equal(c.n, csv('customer_data.csv').length);
  assert.ok(c.with_state / c.n > 0.8, `only ${c.with_state} of ${c.n} customers got a state`);
  const [p] = await rows<{ t: string }>("select cast(preferences[1] as varchar) as t from SILVER_CUSTOMERS where preferences is not null limit 1");
  assert.match(p.t, /^\{'TYPE': .*, 'VALUE': .*\}$/);
  const labels = await rows<{ sentiment_score: string; n: number }>('select sentiment_score, count(*) as n from SILVER_PRODUCT_REVIEWS group by 1 order by 1');
  assert.deepEqual(labels.map((l) => l.sentiment_score).sort(), ['Negative', 'Neutral', 'Positive']);
  wh.close();
});

test('a second run gives identical gold and analytics tables and a second Iceberg snapshot', async () => {
  const snapshot = async () => {
    const w = await LocalWarehouse.open(ws);
    try {
      const out: Record<string, string> = {};
      for (const t of TABLES.filter((x) => x.layer === 'GOLD' || x.layer === 'ANALYTICS')) {
        const cols = t.columns.filter((c) => c.name !== 'last_updated').map((c) => `"${c.name}"`).join(', ');
        const r = await w.query(`select ${cols} from "${t.name}" order by all`);
        out[t.name] = JSON.stringify(r);
      }
      return out;
    } finally {
      w.close();
    }
  };
  const first = await snapshot();
  const r = cli(['run', '--data', DATA, '--workspace', ws]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await snapshot(), first);
  for (const t of ['GOLD_CUSTOMER_INSIGHTS', 'GOLD_PRODUCT_REVIEWS_ANALYTICS']) {
    const snaps = await listSnapshots(icebergTableDir(ws, t));
    assert.equal(snaps.length, 2, `${t} should have two snapshots after two runs`);
  }
});
