// Dashboard queries and chart export on a real pipeline run (the CLI into a temp workspace),
// checked against numbers recomputed here straight from the sample CSV/XML files; the export's
// escaping on a warehouse with hostile data; and the exported HTML rendered by headless
// Chromium from file:// with every network request refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { CHART_QUERIES, readKpis, runSection, TOP_PREFERENCES_QUERY } from '../src/core/dashboard/queries';
import { loadDashboard } from '../src/core/dashboard/data';
import { exportChart, exportNames } from '../src/core/dashboard/export';
import { DEFAULT_EXPORT_FILE } from '../src/core/dashboard/export-name';
import { readVegaBundle, scriptSafeJson } from '../src/core/dashboard/standalone';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { cli, REPO } from './helpers/cli';
import { launchChromium, offline } from './helpers/webview-harness';

const DATA = join(REPO, 'sample_data');
const OUT = join(REPO, 'test-output');
let ws: string;
let wh: LocalWarehouse;
let exportRun: ReturnType<typeof cli>;
let namedExportRun: ReturnType<typeof cli>;
let badNameRuns: { name: string; run: ReturnType<typeof cli> }[];

type Rec = Record<string, string>;
const csv = (file: string): Rec[] => parse(readFileSync(join(DATA, 'mysql', file)), { columns: true, skip_empty_lines: true }) as Rec[];
/** Money in cents, so sums are exact. */
const cents = (s: string) => Math.round(Number(s) * 100);

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'retail-dashboard-'));
  const r = cli(['run', '--data', DATA, '--workspace', ws]);
  assert.equal(r.code, 0, `pipeline run failed:\n${r.stderr}`);
  // The CLI export opens the warehouse itself (DuckDB lets one process hold the file): run it
  // before this process opens it; its output is checked below.
  exportRun = cli(['export-chart', '--workspace', ws]);
  namedExportRun = cli(['export-chart', '--file', 'Prefs_2024-Q1.html', '--workspace', ws]);
  badNameRuns = ['../escape.html', 'sub/dir.html', 'chart.txt', 'bad name.html', '.hidden.html', 'CON.html'].map((name) => ({ name, run: cli(['export-chart', '--file', name, '--workspace', ws]) }));
  wh = await LocalWarehouse.open(ws);
});

after(() => {
  wh?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

test('KPIs follow the original dashboard: sums and mean over the top-categories table, distinct products of GOLD_PRODUCT_PERFORMANCE', async () => {
  // Recomputed here from the tables' rows, without the KPI SQL.
  const categories = await wh.query('select * from ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE');
  const products = await wh.query('select product_id from GOLD_PRODUCT_PERFORMANCE');
  assert.ok(categories.length > 0 && products.length > 0);
  const revenueCents = categories.reduce((a, r) => a + Math.round(Number(r.total_revenue) * 100), 0);
  const orders = categories.reduce((a, r) => a + Number(r.total_orders), 0);
  const meanAov = categories.reduce((a, r) => a + Number(r.avg_order_value), 0) / categories.length;
  const k = await readKpis(wh);
  assert.equal(Math.round(k.totalRevenue * 100), revenueCents);
  assert.equal(k.totalOrders, orders);
  assert.equal(k.averageOrderValue, Math.round(meanAov * 100) / 100);
  assert.equal(k.totalProducts, new Set(products.map((r) => r.product_id)).size);
  // The same numbers reach the page.
  assert.deepEqual((await loadDashboard(wh)).kpis, k);
});

test('revenue by category equals quantity x unit price of the order lines, per product category', async () => {
  const category = new Map(csv('product_data.csv').map((p) => [p.product_id, p.category]));
  const orders = new Set(csv('order_data.csv').map((o) => o.order_id));
  const expected = new Map<string, number>();
  for (const it of csv('order_items.csv')) {
    const c = category.get(it.product_id);
    if (!c || !orders.has(it.order_id)) continue;
    expected.set(c, (expected.get(c) ?? 0) + Number(it.quantity) * cents(it.unit_price));
  }
  const q = CHART_QUERIES.find((x) => x.id === 'revenue-by-category')!;
  const rows = await runSection(wh, q);
  assert.deepEqual(new Map(rows.map((r) => [String(r.category), Math.round(Number(r.revenue) * 100)])), expected);
  // Sorted by revenue, highest first (the bar chart's order).
  const revs = rows.map((r) => Number(r.revenue));
  assert.deepEqual(revs, [...revs].sort((a, b) => b - a));
});

test('top customer preferences: "type - value" counted over BRONZE_CUSTOMER_PREFERENCES rows, top 10, as in customer_preferences.xml', async () => {
  // From the XML file itself (every <preference> of every <customer>), then from the bronze rows.
  const xml = readFileSync(join(DATA, 'customer_preferences.xml'), 'utf8');
  const decode = (s: string) => s.trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const fromXml = new Map<string, number>();
  for (const p of xml.matchAll(/<preference>\s*<type>([\s\S]*?)<\/type>\s*<value>([\s\S]*?)<\/value>\s*<\/preference>/g)) {
    const key = `${decode(p[1])} - ${decode(p[2])}`;
    fromXml.set(key, (fromXml.get(key) ?? 0) + 1);
  }
  const fromBronze = new Map<string, number>();
  for (const r of await wh.query('select preference_type, preference_value from BRONZE_CUSTOMER_PREFERENCES')) {
    if (r.preference_type === null || r.preference_value === null) continue;
    const key = `${r.preference_type} - ${r.preference_value}`;
    fromBronze.set(key, (fromBronze.get(key) ?? 0) + 1);
  }
  assert.deepEqual(fromBronze, fromXml, 'bronze holds every preference of the file');
  const expected = [...fromBronze].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 10);
  const rows = await runSection(wh, TOP_PREFERENCES_QUERY);
  assert.equal(rows.length, 10);
  assert.deepEqual(rows.map((r) => [r.preference, r.count]), expected);
  assert.deepEqual(Object.keys(rows[0]), ['preference', 'count'], "the original's two columns");
});

test('the dashboard has every section, each a Vega-Lite spec with its rows inlined', async () => {
  const d = await loadDashboard(wh);
  assert.deepEqual(d.missing, []);
  assert.deepEqual(d.charts.map((c) => c.id), CHART_QUERIES.map((q) => q.id));
  // The sample data has no "Storage" specification: that chart is the one without rows.
  for (const c of d.charts) {
    if (c.id === 'storage') continue;
    assert.ok(c.rows > 0, `${c.id} has rows`);
    if (c.id === 'state-category-treemap') {
      assert.match(String(c.spec.$schema), /schema\/vega\/v6/);
      continue;
    }
    const values = (c.spec.data as { values: unknown[] }).values;
    // The reviews chart has two bars (positive, negative) per product.
    assert.equal(values.length, c.id === 'product-reviews' ? 2 * c.rows : c.rows, c.id);
    assert.match(String(c.spec.$schema), /vega-lite\/v6/);
  }
  assert.deepEqual([...new Set(d.charts.map((c) => c.group))], ['sales', 'customers', 'products', 'specifications', 'preferences', 'more']);
  assert.equal(d.topProducts?.length, 10);
  assert.equal(d.productReviews?.length, 10);
  const status = d.charts.find((c) => c.id === 'order-status')!;
  const total = (status.spec.data as { values: { orders: number }[] }).values.reduce((a, r) => a + r.orders, 0);
  const [{ n }] = await wh.query('select count(*) as n from SILVER_ORDERS');
  assert.equal(total, Number(n), 'every order has one status');
});

test('a workspace without a run reports the missing tables instead of failing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'retail-dashboard-empty-'));
  const w = await LocalWarehouse.open(empty);
  try {
    const d = await loadDashboard(w);
    assert.deepEqual(d.charts, []);
    assert.ok(d.missing.includes('ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE') && d.missing.includes('ANALYTICS_MONTHLY_REVENUE'));
    assert.equal(d.kpis.totalOrders, 0);
    assert.equal(d.topProducts, null);
    assert.equal(d.productReviews, null);
  } finally {
    w.close();
    rmSync(empty, { recursive: true, force: true });
  }
});

/** The three <script> blocks of an exported file, by their opening tags. */
function scripts(html: string): { open: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ open: m[1], body: m[2] }));
}

test('export-chart writes the standalone HTML, the spec and the CSV to @SOURCE_FILES; the HTML loads nothing from the network', () => {
  const r = exportRun;
  assert.equal(r.code, 0, r.stderr);
  const names = exportNames('top-preferences');
  assert.equal(names.html, 'All_Customer_Pref_Counts.html', "the original's default name");
  for (const n of [names.html, names.spec, names.csv]) assert.match(r.stdout, new RegExp(`@SOURCE_FILES/${n.replace(/\./g, '\\.')}`));
  const stage = join(ws, '.retail', 'stages', 'SOURCE_FILES');
  const html = readFileSync(join(stage, names.html), 'utf8');
  const spec = JSON.parse(readFileSync(join(stage, names.spec), 'utf8')) as { data: { values: Record<string, unknown>[] } };
  // No external reference in the markup: no src/href attribute at all, no http(s) in a tag or
  // in the stylesheet. (Inside the library's code, URL strings such as the SVG namespace are
  // data; that nothing is fetched is proven by the Chromium test with the network cut off.)
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2');
  assert.ok(markup.length < 5000, 'the markup outside the scripts is small');
  assert.doesNotMatch(markup, /\s(src|href)\s*=/i);
  assert.doesNotMatch(markup, /<[^>]*https?:\/\//i);
  assert.doesNotMatch(markup, /@import|url\(/i);
  assert.ok(!/<script[^>]*\ssrc\s*=/i.test(html), 'no <script src=…> anywhere');
  // Exactly: the spec (JSON), the theme (JSON), the Vega libraries, the boot script.
  const blocks = scripts(html);
  assert.equal(blocks.length, 4);
  assert.match(blocks[0].open, /type="application\/json" id="chart-spec"/);
  assert.deepEqual(JSON.parse(blocks[0].body), spec, 'the HTML carries the same spec as the .vl.json file');
  assert.equal(blocks[2].body, readVegaBundle(), 'the Vega libraries are inlined as built');
  assert.equal(spec.data.values.length, 10);
  // The CSV holds the same ten rows, under the original's header.
  const csvText = readFileSync(join(stage, names.csv), 'utf8');
  assert.equal(csvText.split('\n')[0], 'preference,count');
  const rows = parse(csvText, { columns: true }) as Rec[];
  assert.deepEqual(rows.map((x) => [x.preference, Number(x.count)]), spec.data.values.map((v) => [v.preference, v.count]));
  // The stage listing shows them, and the named export's two own files beside them.
  const list = cli(['stage', 'list', '@SOURCE_FILES', '--workspace', ws, '--format', 'json']);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual((JSON.parse(list.stdout) as { name: string }[]).map((f) => f.name.replace(/^@SOURCE_FILES\//i, '')).sort(),
    ['All_Customer_Pref_Counts.html', 'All_Customer_Pref_Counts.vl.json', 'Prefs_2024-Q1.html', 'Prefs_2024-Q1.vl.json', 'customer_preference_counts.csv']);
});

test('export-chart --file NAME names the HTML (and its spec); unsafe names are refused with the reason and write nothing', () => {
  assert.equal(namedExportRun.code, 0, namedExportRun.stderr);
  assert.match(namedExportRun.stdout, /@SOURCE_FILES\/Prefs_2024-Q1\.html/);
  assert.match(namedExportRun.stdout, /@SOURCE_FILES\/Prefs_2024-Q1\.vl\.json/);
  assert.match(namedExportRun.stdout, /@SOURCE_FILES\/customer_preference_counts\.csv/);
  const stage = join(ws, '.retail', 'stages', 'SOURCE_FILES');
  assert.match(readFileSync(join(stage, 'Prefs_2024-Q1.html'), 'utf8'), /<title>Top 10 customer preferences<\/title>/);
  const reasons: Record<string, RegExp> = {
    '../escape.html': /names a folder or leaves the stage/, 'sub/dir.html': /names a folder/, 'chart.txt': /must end with \.html/,
    'bad name.html': /may only use letters, digits/, '.hidden.html': /starting with a letter or digit/, 'CON.html': /reserved device name/,
  };
  for (const { name, run } of badNameRuns) {
    assert.notEqual(run.code, 0, `${name} is refused`);
    assert.match(run.stderr, /--file: /, name);
    assert.match(run.stderr, reasons[name], `${name}: ${run.stderr}`);
    assert.ok(run.stderr.includes(JSON.stringify(name)), `the error names the file name: ${run.stderr}`);
  }
  assert.ok(!existsSync(join(ws, '.retail', 'stages', 'escape.html')) && !existsSync(join(stage, 'sub')));
  assert.equal(exportNames('top-preferences', DEFAULT_EXPORT_FILE).spec, 'All_Customer_Pref_Counts.vl.json');
  assert.throws(() => exportNames('top-preferences', 'a\\b.html'), /Invalid export file name: .*names a folder/);
});

const HOSTILE = '</script><script>window.__pwned=1;alert(1)</script><!--';

/** A warehouse with only BRONZE_CUSTOMER_PREFERENCES, whose preference values carry markup. */
async function hostileWarehouse(dir: string): Promise<LocalWarehouse> {
  const w = await LocalWarehouse.open(dir);
  await w.run(`create table BRONZE_CUSTOMER_PREFERENCES (customer_id varchar, source_file varchar, last_updated timestamp, preference_type varchar, preference_value varchar)`);
  const values: string[] = [];
  for (let i = 0; i < 12; i++) {
    values.push(`('C${i}', 'x.xml', now(), 'Favorite', ${i < 3 ? `'${HOSTILE}'` : `'v${i % 11}'`})`, `('C${i}', 'x.xml', now(), '<img src=x onerror=alert(2)>', 'x\u2028y')`);
  }
  await w.run(`insert into BRONZE_CUSTOMER_PREFERENCES values ${values.join(', ')}`);
  return w;
}

test('hostile preference values cannot break out of the exported HTML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retail-dashboard-xss-'));
  const w = await hostileWarehouse(dir);
  try {
    const { files } = await exportChart(w, 'top-preferences', { vegaBundle: readVegaBundle() });
    const html = new TextDecoder().decode(files.find((f) => f.name.endsWith('.html'))!.bytes);
    assert.ok(!html.includes(HOSTILE), 'the raw value is not in the file');
    assert.ok(!html.includes('<img src=x'), 'no raw markup from the data');
    assert.ok(!html.includes('\u2028'));
    const blocks = scripts(html);
    assert.equal(blocks.length, 4, 'the data did not add or close a <script> block');
    const spec = JSON.parse(blocks[0].body) as { data: { values: { preference: string }[] } };
    assert.ok(spec.data.values.some((v) => v.preference === `Favorite - ${HOSTILE}`), 'the value survives intact as data');
    assert.ok(spec.data.values.some((v) => v.preference === '<img src=x onerror=alert(2)> - x\u2028y'));
    assert.equal(scriptSafeJson('</script>'), '"\\u003c/script\\u003e"');
  } finally {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Chromium opens the exported HTML from file:// with no network and draws 10 bars', { timeout: 120_000 }, async (t) => {
  if (!existsSync(process.env.RETAIL_CHROMIUM ?? '/usr/bin/chromium')) return t.skip('Chromium is not installed (apt-get install -y chromium)');
  const names = exportNames('top-preferences');
  const file = join(ws, '.retail', 'stages', 'SOURCE_FILES', names.html);
  assert.ok(existsSync(file), 'export-chart wrote the file');
  const dir = mkdtempSync(join(tmpdir(), 'retail-dashboard-xss-'));
  const hostile = await hostileWarehouse(dir);
  const { files } = await exportChart(hostile, 'top-preferences', { vegaBundle: readVegaBundle() });
  hostile.close();
  const hostileFile = join(dir, 'hostile.html');
  (await import('node:fs')).writeFileSync(hostileFile, files[0].bytes);
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [label, path] of [['exported', file], ['hostile', hostileFile]] as const) {
      const context = await browser.newContext();
      await context.setOffline(true);
      const page = await context.newPage();
      const blocked: string[] = [];
      const dialogs: string[] = [];
      const errors: string[] = [];
      await offline(page, blocked);
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.setViewportSize({ width: 1000, height: 600 });
      await page.goto(pathToFileURL(path).href);
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
      const bars = await page.locator('#chart svg .mark-rect path').count();
      const pwned = await page.evaluate('window.__pwned');
      await page.screenshot({ path: join(OUT, `chart-${label}-top-preferences.png`), fullPage: true });
      assert.deepEqual(blocked, [], `${label}: no request left the file`);
      assert.deepEqual(errors, [], `${label}: no error and no CSP violation`);
      assert.deepEqual(dialogs, [], `${label}: no script from the data ran`);
      assert.equal(pwned, undefined);
      if (label === 'exported') {
        assert.equal(bars, 10);
        const labels = await page.locator('#chart svg .role-axis-label text').allTextContents();
        assert.ok(labels.includes('Newsletter - Subscribed'), `axis labels: ${labels.join(' | ')}`);
      } else {
        assert.ok(bars >= 2);
        // The hostile value is drawn as a label's text, not parsed.
        const labels = await page.locator('#chart svg .role-axis-label text').allTextContents();
        assert.ok(labels.some((l) => l.includes('<script>') || l.includes('</script>')), `axis labels: ${labels.join(' | ')}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
