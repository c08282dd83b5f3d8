// The original dashboard's sections (customers, products, specifications) on a real DuckDB:
// on a pipeline run of sample_data, checked against the tables' rows recomputed here, and on a
// hand-made warehouse with NULL names and categories and values the sample data lacks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboard } from '../src/core/dashboard/data';
import { exportFileNameProblem, validateExportFileName } from '../src/core/dashboard/export-name';
import { firstNumber, parseSpecifications } from '../src/core/dashboard/product-queries';
import { CHART_QUERIES, runSection } from '../src/core/dashboard/queries';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import type { DashboardData } from '../src/shared/webview-protocol';
import { cli, REPO } from './helpers/cli';
import { dashboardFixture, HOSTILE_NAME, HOSTILE_SPEC } from './helpers/dashboard-fixture';

let ws: string;
let wh: LocalWarehouse;
let d: DashboardData;
const section = (id: string) => CHART_QUERIES.find((q) => q.id === id)!;
const values = (id: string) => ((d.charts.find((c) => c.id === id)!.spec.data as { values: Record<string, unknown>[] }).values);
/** The label a product gets: its name, else "(unknown product)"; the id added when two share one. */
function expectedLabels(rows: Record<string, unknown>[]): string[] {
  const names = rows.map((r) => (r.product_name as string | null) ?? '(unknown product)');
  return names.map((n, i) => (names.filter((x) => x === n).length > 1 ? `${n} (${String(rows[i].product_id)})` : n));
}
const byDesc = (k: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => Number(b[k]) - Number(a[k]);

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'retail-dashboard-sections-'));
  const r = cli(['run', '--data', join(REPO, 'sample_data'), '--workspace', ws]);
  assert.equal(r.code, 0, `pipeline run failed:\n${r.stderr}`);
  wh = await LocalWarehouse.open(ws);
  d = await loadDashboard(wh);
});

after(() => {
  wh?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

test('sales: top categories by revenue are the rows of ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE, highest first', async () => {
  const rows = (await wh.query('select category, total_revenue from ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE')).sort(byDesc('total_revenue'));
  // The original's table keeps sales of products without a category as a NULL category.
  assert.deepEqual(values('top-categories').map((v) => [v.category, v.total_revenue]), rows.slice(0, 10).map((r) => [r.category ?? '(no category)', Number(r.total_revenue)]));
});

test('customers: the spending scatter has the 100 biggest spenders, one point each with orders and spend', async () => {
  const all = (await wh.query('select customer_id, total_spend, order_count from ANALYTICS_CUSTOMER_STATS'))
    .filter((r) => r.total_spend !== null) // never ordered: no point to plot
    .sort((a, b) => Number(b.total_spend) - Number(a.total_spend) || String(a.customer_id).localeCompare(String(b.customer_id)));
  const points = values('customer-spending');
  assert.equal(points.length, Math.min(100, all.length));
  assert.deepEqual(points.map((p) => [p.customer_id, p.total_spend, p.order_count]), all.slice(0, 100).map((r) => [r.customer_id, Number(r.total_spend), Number(r.order_count)]));
});

test('customers: the treemap holds the top 20 (state, category) revenues with both named, under one node per state', async () => {
  const rows = (await wh.query('select state, category, total_revenue from ANALYTICS_STATE_CATEGORY_ANALYSIS'))
    .filter((r) => r.state !== null && r.category !== null && Number(r.total_revenue) > 0).sort(byDesc('total_revenue')).slice(0, 20);
  const spec = d.charts.find((c) => c.id === 'state-category-treemap')!.spec as { data: { values?: { id: string; parent: string | null; state: string; category: string | null; revenue: number | null }[] }[] };
  const nodes = spec.data[0].values!;
  const leaves = nodes.filter((n) => n.id.startsWith('leaf:'));
  assert.equal(leaves.length, rows.length);
  assert.deepEqual(new Set(leaves.map((l) => `${l.state}/${l.category}/${l.revenue}`)), new Set(rows.map((r) => `${r.state}/${r.category}/${Number(r.total_revenue)}`)));
  const states = nodes.filter((n) => n.parent === 'root');
  assert.deepEqual(new Set(states.map((s) => s.state)), new Set(rows.map((r) => r.state)));
  for (const l of leaves) assert.equal(l.parent, `state:${l.state}`);
});

test('products: top-selling table and the ten most reviewed products with their names and SILVER_PRODUCTS specifications', async () => {
  const top = (await wh.query('select product_id, product_name, total_revenue from ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE')).sort(byDesc('total_revenue')).slice(0, 10);
  const labels = expectedLabels(top);
  assert.deepEqual(d.topProducts!.map((p) => [p.productId, p.product, p.totalRevenue]), top.map((r, i) => [r.product_id, labels[i], Number(r.total_revenue)]));
  const reviews = (await wh.query('select product_id, total_reviews, positive_reviews, negative_reviews from GOLD_PRODUCT_REVIEWS_ANALYTICS'))
    .sort((a, b) => Number(b.total_reviews) - Number(a.total_reviews) || String(a.product_id).localeCompare(String(b.product_id))).slice(0, 10);
  const products = new Map((await wh.query('select product_id, product_name, specifications from SILVER_PRODUCTS')).map((p) => [p.product_id, p]));
  assert.deepEqual(d.productReviews!.map((p) => [p.productId, p.positiveReviews, p.negativeReviews]), reviews.map((r) => [r.product_id, Number(r.positive_reviews), Number(r.negative_reviews)]));
  const reviewLabels = expectedLabels(reviews.map((r) => ({ product_id: r.product_id, product_name: products.get(r.product_id)?.product_name ?? null })));
  d.productReviews!.forEach((p, i) => {
    assert.equal(p.product, reviewLabels[i]);
    const specs = (products.get(p.productId)?.specifications ?? []) as { NAME: string; VALUE: string }[];
    assert.deepEqual(p.specifications, specs.map((s) => ({ name: s.NAME, value: s.VALUE })));
  });
  assert.ok(d.productReviews!.some((p) => p.specifications.length > 0));
  // The chart: a positive and a negative bar per product, in the table's order.
  assert.deepEqual(values('product-reviews').map((v) => [v.kind, v.reviews]), d.productReviews!.flatMap((p) => [['Positive', p.positiveReviews], ['Negative', p.negativeReviews]]));
});

/** Per product, the first number of its spec called `name` (any case), highest first. */
async function firstNumbers(name: string): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const p of await wh.query('select product_id, specifications from SILVER_PRODUCTS')) {
    const spec = (p.specifications as { NAME: string; VALUE: string }[]).find((s) => s.NAME.toLowerCase() === name);
    const m = spec && /\d+(\.\d+)?/.exec(spec.VALUE);
    if (m) out.push([String(p.product_id), Number(m[0])]);
  }
  return out.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

test('specifications: battery life and storage per product are the first number of the spec value, highest first', async () => {
  const battery = await firstNumbers('battery life');
  assert.ok(battery.length > 5, 'the sample data has battery specifications');
  assert.deepEqual(values('battery-life').map((v) => [v.product_id, v.battery_life_hours]), battery);
  const storage = await firstNumbers('storage');
  assert.ok(storage.length > 0, 'the sample data has storage specifications');
  assert.deepEqual(values('storage').map((v) => [v.product_id, v.storage_gb]), storage);
});

test('NULL categories and product names get labels, products without a row get "(unknown product)", numbers keep decimals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retail-dashboard-fixture-'));
  const w = await dashboardFixture(dir);
  try {
    const f = await loadDashboard(w);
    const chart = (id: string) => ((f.charts.find((c) => c.id === id)!.spec.data as { values: Record<string, unknown>[] }).values);
    assert.deepEqual(chart('top-categories').map((v) => v.category), ['Electronics', '(no category)', HOSTILE_NAME]);
    assert.deepEqual(f.kpis, { totalRevenue: 12537.32, totalOrders: 21, averageOrderValue: Math.round(((775.15 + 225.03 + 5) / 3) * 100) / 100, totalProducts: 3 });
    assert.deepEqual(f.topProducts!.map((p) => [p.product, p.category]), [[HOSTILE_NAME, 'Home'], ['(unknown product)', null]]);
    assert.deepEqual(f.productReviews!.map((p) => [p.productId, p.product]), [['P1', HOSTILE_NAME], ['P3', 'Phone'], ['P9', '(unknown product)'], ['P4', 'Book']]);
    assert.deepEqual(f.productReviews![0].specifications, [{ name: 'Battery Life', value: '7.5 hours' }, { name: 'Color', value: HOSTILE_SPEC }]);
    assert.deepEqual(f.productReviews![2].specifications, [], 'no product row: no specifications');
    assert.deepEqual(chart('battery-life').map((v) => [v.product, v.battery_life_hours]), [['Phone', 20], [HOSTILE_NAME, 7.5]]);
    assert.deepEqual(chart('storage').map((v) => [v.product, v.storage_gb]), [['(unknown product)', 512], ['Phone', 128]]);
    assert.deepEqual(chart('top-preferences'), [{ preference: `Color - ${HOSTILE_SPEC}`, count: 2 }, { preference: 'Size - M', count: 1 }], 'NULL type or value is not a preference');
    const treemap = await runSection(w, section('state-category-treemap'));
    assert.deepEqual(treemap.map((r) => [r.state, r.category]), [['AZ', HOSTILE_NAME], ['CA', 'Books'], ['AZ', 'Books']], 'NULL state or category and zero revenue left out');
  } finally {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spec values and names: first numbers, both spellings of the specifications array, the file-name rules', () => {
  assert.equal(firstNumber('10 hours'), 10);
  assert.equal(firstNumber('Up to 7.5 hours'), 7.5);
  assert.equal(firstNumber('None'), null);
  assert.equal(firstNumber(null), null);
  assert.deepEqual(parseSpecifications('[{"NAME":"Storage","VALUE":"64 GB"}]'), [{ name: 'Storage', value: '64 GB' }], 'Snowflake gives the ARRAY as JSON text');
  assert.deepEqual(parseSpecifications([{ name: 'a', value: null }]), [{ name: 'a', value: '' }]);
  assert.deepEqual(parseSpecifications('not json'), []);
  assert.deepEqual(parseSpecifications(null), []);
  for (const ok of ['All_Customer_Pref_Counts.html', 'a.html', 'Q1-2024.prefs.html']) assert.equal(exportFileNameProblem(ok), undefined, ok);
  for (const bad of ['', '.html', 'x.htm', 'x.html.exe', '../x.html', 'a/b.html', 'a\\b.html', 'x .html', 'nul.html', 'é.html', `${'a'.repeat(100)}.html`, 'a..b.html']) {
    assert.ok(exportFileNameProblem(bad), `${JSON.stringify(bad)} is refused`);
    assert.throws(() => validateExportFileName(bad), /^Error: Invalid export file name: /);
  }
});
