// The Dashboard webview in headless Chromium (real panel HTML with its CSP, real bundles from
// dist/media, acquireVsCodeApi stubbed by the harness): every section of the original dashboard
// drawn from a real pipeline run, hostile and NULL names from a hand-made warehouse shown as
// text, and the export box (default name, the file-name rules, the host's error shown as text).
// Screenshots: test-output/webview-dashboard-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadDashboard } from '../src/core/dashboard/data';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { parseWebviewMessage, type DashboardData, type HostMessage } from '../src/shared/webview-protocol';
import { cli, REPO } from './helpers/cli';
import { dashboardFixture, HOSTILE_NAME, HOSTILE_SPEC } from './helpers/dashboard-fixture';
import { chromiumPath, launchChromium, MEDIA, openPanel, type HarnessPage, type Responder } from './helpers/webview-harness';

const OUT = join(REPO, 'test-output');
let browser: Browser | undefined;
let real: DashboardData;
let fixture: DashboardData;
const haveChromium = existsSync(chromiumPath()) && existsSync(join(MEDIA, 'dashboard.js'));

async function read(ws: string, make?: (dir: string) => Promise<LocalWarehouse>): Promise<DashboardData> {
  const wh = make ? await make(ws) : await LocalWarehouse.open(ws);
  try {
    return await loadDashboard(wh);
  } finally {
    wh.close();
  }
}

before(async () => {
  const ws = mkdtempSync(join(tmpdir(), 'retail-webview-dashboard-'));
  const fx = mkdtempSync(join(tmpdir(), 'retail-webview-dashboard-fx-'));
  try {
    const r = cli(['run', '--data', join(REPO, 'sample_data'), '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    real = await read(ws);
    fixture = await read(fx, dashboardFixture);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(fx, { recursive: true, force: true });
  }
  if (haveChromium) browser = await launchChromium();
  mkdirSync(OUT, { recursive: true });
});
after(async () => { await browser?.close(); });

/** Pushes `data` on ready; answers dashboard.export with `exportReply`. */
type ExportReply = (fileName: string) => { error: string } | undefined;

function responder(data: DashboardData, exportReply?: ExportReply): Responder {
  return (m) => {
    if (m.kind === 'ready') return [{ kind: 'push', topic: 'dashboard', data }];
    const id = m.id as number;
    if (m.method === 'dashboard.export') {
      const fileName = (m.params as { fileName: string }).fileName;
      const r = exportReply?.(fileName);
      if (r) return [{ kind: 'reply', id, ok: false, error: r.error }];
      return [{ kind: 'reply', id, ok: true, method: 'dashboard.export', result: { stage: 'SOURCE_FILES', files: [{ name: fileName, size: 1234 }, { name: 'customer_preference_counts.csv', size: 99 }] } }];
    }
    return [{ kind: 'reply', id, ok: true, method: m.method, result: data } as HostMessage];
  };
}

async function open(data: DashboardData, exportReply?: ExportReply): Promise<HarnessPage> {
  const hp = await openPanel(browser!, 'dashboard', responder(data, exportReply));
  await hp.page.setViewportSize({ width: 1400, height: 1000 });
  await hp.page.waitForSelector('body[data-rendered="true"]', { timeout: 60_000 });
  return hp;
}

const count = (page: Page, sel: string) => page.locator(sel).count();
const rowsOf = (d: DashboardData, id: string) => d.charts.find((c) => c.id === id)!.rows;
const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test('every section of the original dashboard renders with data from a pipeline run', { timeout: 120_000 }, async (t) => {
  if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
  const hp = await open(real);
  const { page } = hp;
  try {
    assert.equal(await page.locator('#kpi-revenue .kpi-value').textContent(), money(real.kpis.totalRevenue));
    assert.equal(await page.locator('#kpi-orders .kpi-value').textContent(), real.kpis.totalOrders.toLocaleString('en-US'));
    assert.equal(await page.locator('#kpi-aov .kpi-value').textContent(), money(real.kpis.averageOrderValue));
    assert.equal(await page.locator('#kpi-products .kpi-value').textContent(), real.kpis.totalProducts.toLocaleString('en-US'));
    const fig = (id: string) => `figure.chart[data-chart="${id}"]`;
    // Sales
    assert.equal(await count(page, `#section-sales ${fig('top-categories')} svg .mark-rect path`), rowsOf(real, 'top-categories'));
    assert.equal(await count(page, `#section-sales ${fig('order-status')} svg .mark-arc.role-mark path`), rowsOf(real, 'order-status'));
    // Customers
    assert.equal(await count(page, `#section-customers ${fig('customer-spending')} svg .mark-symbol.role-mark path`), rowsOf(real, 'customer-spending'));
    assert.equal(await count(page, `#section-customers ${fig('state-category-treemap')} svg .leaf-cells path`), rowsOf(real, 'state-category-treemap'));
    // Products: the table, the reviews chart, one expandable row per reviewed product
    assert.equal(await count(page, '#section-products #top-products tbody tr'), real.topProducts!.length);
    assert.equal(await page.locator('#top-products tbody tr').first().locator('td').first().textContent(), real.topProducts![0].product);
    assert.equal(await count(page, `#section-products ${fig('product-reviews')} svg .mark-rect path`), 2 * real.productReviews!.length);
    assert.equal(await count(page, '#product-specs details.spec-row'), real.productReviews!.length);
    const withSpecs = real.productReviews!.findIndex((p) => p.specifications.length > 0);
    const row = page.locator('#product-specs details.spec-row').nth(withSpecs);
    assert.equal(await row.locator('table.kv').isVisible(), false, 'folded until opened');
    await row.locator('summary').click();
    assert.equal(await row.locator('table.kv tr').count(), real.productReviews![withSpecs].specifications.length);
    // Specifications: a bar per product with a battery life, and per product with a storage size
    for (const chart of ['battery-life', 'storage']) {
      assert.ok(rowsOf(real, chart) > 0, `the sample data has ${chart} specifications`);
      assert.equal(await count(page, `#section-specifications ${fig(chart)} svg .mark-rect path`), rowsOf(real, chart));
    }
    // Preferences, the export box and the project's additions
    assert.equal(await count(page, `#section-preferences ${fig('top-preferences')} svg .mark-rect path`), 10);
    assert.equal(await page.locator('#export-file').inputValue(), 'All_Customer_Pref_Counts.html');
    const more = real.charts.filter((c) => c.group === 'more');
    assert.equal(await count(page, '#section-more figure.chart[data-rendered="true"]'), more.length);
    assert.match(await page.locator('#last-updated').textContent() ?? '', /^Dashboard last updated: /);
    for (const s of ['kpis', 'sales', 'customers', 'products', 'specifications', 'preferences', 'export', 'more']) {
      await page.locator(`#section-${s}`).screenshot({ path: join(OUT, `webview-dashboard-${s}.png`) });
    }
    await page.screenshot({ path: join(OUT, 'webview-dashboard-full.png'), fullPage: true });
    assert.deepEqual(hp.pageErrors, []);
    assert.deepEqual(hp.violations, []);
  } finally {
    await hp.close();
  }
});

test('NULL and hostile product names, categories and specification values render as text in every section', { timeout: 60_000 }, async (t) => {
  if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
  const hp = await open(fixture);
  const { page } = hp;
  try {
    await page.locator('#product-specs details.spec-row').first().locator('summary').click();
    const cells = await page.locator('#top-products tbody tr td:first-child').allTextContents();
    assert.deepEqual(cells, [HOSTILE_NAME, '(unknown product)']);
    assert.deepEqual(await page.locator('#top-products tbody tr td:nth-child(2)').allTextContents(), ['Home', '(no category)']);
    const summaries = await page.locator('#product-specs summary').allTextContents();
    assert.ok(summaries[0].startsWith(`Specifications for ${HOSTILE_NAME}`), summaries[0]);
    assert.ok(summaries[2].startsWith('Specifications for (unknown product)'), summaries[2]);
    assert.deepEqual(await page.locator('#product-specs details').first().locator('td').allTextContents(), ['7.5 hours', HOSTILE_SPEC]);
    assert.match(await page.locator('#product-specs details').nth(2).textContent() ?? '', /No specifications available/);
    // Charts draw names as SVG text.
    const svgText = await page.evaluate(`[...document.querySelectorAll('svg text')].map((t) => t.textContent).join('\\n')`) as string;
    assert.ok(svgText.includes('(no category)') && svgText.includes('(unknown product)'));
    assert.ok(svgText.includes(HOSTILE_NAME.slice(0, 12)), 'the hostile name is an axis label');
    assert.equal(await count(page, 'figure.chart[data-chart="storage"] svg .mark-rect path'), 2);
    const found = await page.evaluate(`({ pwned: window.__pwned, imgs: document.querySelectorAll('img').length, scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length })`) as Record<string, unknown>;
    assert.deepEqual(found, { pwned: undefined, imgs: 0, scripts: 2, handlers: 0 });
    assert.deepEqual(hp.dialogs, []);
    assert.deepEqual(hp.pageErrors, []);
    assert.deepEqual(hp.violations, []);
    await page.screenshot({ path: join(OUT, 'webview-dashboard-hostile.png'), fullPage: true });
  } finally {
    await hp.close();
  }
});

test('export box: posts the typed name, refuses unsafe names without asking the host, shows the host\'s error as text', { timeout: 60_000 }, async (t) => {
  if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
  const hp = await open(real, (fileName) => (fileName === 'Fails.html' ? { error: `disk full ${HOSTILE_NAME}` } : undefined));
  const { page } = hp;
  const exports = () => hp.posted.filter((m) => (m as { method?: string }).method === 'dashboard.export').map((m) => (m as { params: unknown }).params);
  try {
    await page.locator('#export').click();
    await page.locator('#export-done').waitFor();
    assert.match(await page.locator('#export-done').textContent() ?? '', /^Exported to @SOURCE_FILES with file name All_Customer_Pref_Counts\.html: All_Customer_Pref_Counts\.html \(1,234 bytes\), customer_preference_counts\.csv/);
    for (const bad of ['../../etc/passwd.html', 'chart.txt', 'a b.html']) {
      await page.locator('#export-file').fill(bad);
      await page.locator('#export').click();
      assert.match(await page.locator('#export-result .error').textContent() ?? '', /^Cannot export: the file name .* (names a folder|must end with \.html|may only use)/, bad);
    }
    await page.locator('#export-file').fill('Fails.html');
    await page.locator('#export-file').press('Enter');
    await page.locator('#export-result .error', { hasText: 'disk full' }).waitFor();
    assert.equal(await page.locator('#export-result .error').textContent(), `disk full ${HOSTILE_NAME}`);
    assert.deepEqual(exports(), [{ fileName: 'All_Customer_Pref_Counts.html' }, { fileName: 'Fails.html' }], 'only safe names reach the host');
    assert.equal(await count(page, 'img'), 0);
    await page.locator('#section-export').screenshot({ path: join(OUT, 'webview-dashboard-export-error.png') });
    assert.deepEqual(hp.pageErrors, []);
  } finally {
    await hp.close();
  }
});

test('protocol: dashboard.export carries one short string (the host checks the name and replies why), chart.export an optional one', () => {
  const req = (method: string, params: unknown) => parseWebviewMessage({ kind: 'request', id: 1, method, params });
  assert.ok(req('dashboard.export', { fileName: 'All_Customer_Pref_Counts.html' }));
  assert.ok(req('dashboard.export', { fileName: '../x.html' }), 'reaches the host, which answers with the reason');
  assert.ok(req('chart.export', { chart: 'top-preferences', fileName: 'a.html' }));
  assert.ok(req('chart.export', { chart: 'top-preferences' }));
  for (const bad of [{}, { fileName: 5 }, { fileName: 'a.html', path: '/etc' }, { fileName: 'x'.repeat(1001) }]) assert.equal(req('dashboard.export', bad), undefined, JSON.stringify(bad));
  assert.equal(req('chart.export', { chart: 'top-preferences', fileName: null }), undefined);
});
