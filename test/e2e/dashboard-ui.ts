// The Dashboard panel in the workbench (used by webview-e2e.test.ts): what each of the original
// dashboard's sections shows, read from the page, the KPIs the warehouse gives by the original's
// definitions (read with the CLI's `query`, a separate process), and screenshots of each
// section and of the whole page (the window made as tall as the page, so nothing scrolls).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { cli } from '../helpers/cli';

export const DASHBOARD_SECTIONS = ['kpis', 'sales', 'customers', 'products', 'specifications', 'preferences', 'export', 'more'] as const;

/** The four KPIs as the original computes them, from the warehouse of `workspace`. */
export function warehouseKpis(workspace: string): { revenue: number; orders: number; aov: number; products: number } {
  const sql = `select (select sum(total_revenue) from ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) as revenue,
    (select sum(total_orders) from ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) as orders,
    (select avg(avg_order_value) from ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) as aov,
    (select count(distinct product_id) from GOLD_PRODUCT_PERFORMANCE) as products`;
  // The extension may hold the warehouse for a moment (a tree refresh): try again.
  for (let attempt = 0; ; attempt++) {
    const r = cli(['query', sql, '--workspace', workspace, '--format', 'json']);
    if (r.code === 0) {
      const [row] = JSON.parse(r.stdout) as Record<string, unknown>[];
      return { revenue: Number(row.revenue), orders: Number(row.orders), aov: Number(row.aov), products: Number(row.products) };
    }
    if (attempt >= 10) throw new Error(`query failed: ${r.stderr}`);
    spinWait(500);
  }
}

function spinWait(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Asserts every section has data: KPI texts equal the warehouse's numbers, and marks, rows and
 * cells are there. Returns the counts, for the failure message and the log. */
export async function assertDashboardSections(wv: FrameLocator, workspace: string): Promise<Record<string, number>> {
  const k = warehouseKpis(workspace);
  assert.equal(await wv.locator('#kpi-revenue .kpi-value').textContent(), usd(k.revenue));
  assert.equal(await wv.locator('#kpi-orders .kpi-value').textContent(), k.orders.toLocaleString('en-US'));
  assert.equal(await wv.locator('#kpi-aov .kpi-value').textContent(), usd(k.aov));
  assert.equal(await wv.locator('#kpi-products .kpi-value').textContent(), k.products.toLocaleString('en-US'));
  const chart = (section: string, id: string, marks: string) => wv.locator(`#section-${section} figure.chart[data-chart="${id}"] svg ${marks}`).count();
  const counts: Record<string, number> = {
    topCategoryBars: await chart('sales', 'top-categories', '.mark-rect.role-mark path'),
    statusSlices: await chart('sales', 'order-status', '.mark-arc.role-mark path'),
    spendingPoints: await chart('customers', 'customer-spending', '.mark-symbol.role-mark path'),
    treemapCells: await chart('customers', 'state-category-treemap', '.leaf-cells path'),
    topProductRows: await wv.locator('#section-products #top-products tbody tr').count(),
    reviewBars: await chart('products', 'product-reviews', '.mark-rect.role-mark path'),
    specRows: await wv.locator('#section-products #product-specs details.spec-row').count(),
    batteryBars: await chart('specifications', 'battery-life', '.mark-rect.role-mark path'),
    preferenceBars: await chart('preferences', 'top-preferences', '.mark-rect.role-mark path'),
    moreCharts: await wv.locator('#section-more figure.chart[data-rendered="true"]').count(),
  };
  for (const [name, n] of Object.entries(counts)) assert.ok(n > 0, `${name}: ${JSON.stringify(counts)}`);
  assert.equal(counts.preferenceBars, 10);
  assert.equal(counts.reviewBars, 2 * counts.specRows, 'a positive and a negative bar per reviewed product');
  // The sample data gives electronics a Storage specification, as the original's sample does.
  const storage = wv.locator('#section-specifications figure.chart[data-chart="storage"]');
  assert.notEqual(await storage.getAttribute('data-empty'), 'true', 'the Storage chart has data');
  assert.ok(await storage.locator('svg .mark-rect.role-mark path').count() > 0);
  // One expandable row opens on its specification table.
  const row = wv.locator('#product-specs details.spec-row').first();
  await row.locator('summary').click();
  assert.ok(await row.locator('table.kv tr').count() > 0 || /No specifications available/.test(await row.textContent() ?? ''));
  return counts;
}

/** Makes the window as tall as the dashboard, saves `dir/<prefix>-<section>.png` per section and
 * `dir/<prefix>-full.png` of the panel, and gives the window its size back. */
export async function screenshotDashboard(page: Page, wv: FrameLocator, dir: string, prefix: string): Promise<void> {
  const before = page.viewportSize() ?? { width: 1500, height: 950 };
  const pageHeight = await wv.locator('body').evaluate(() => document.documentElement.scrollHeight);
  const frame = page.locator('iframe.webview.ready >> visible=true');
  const frameBox = await frame.boundingBox();
  const chrome = before.height - (frameBox?.height ?? before.height - 200);
  await page.setViewportSize({ width: before.width, height: Math.min(pageHeight + chrome + 20, 8000) });
  try {
    // Vega redraws 'container'-wide charts on the resize; give it a moment to settle.
    await page.waitForTimeout(1500);
    for (const s of DASHBOARD_SECTIONS) await wv.locator(`#section-${s}`).screenshot({ path: join(dir, `${prefix}-${s}.png`) });
    await frame.screenshot({ path: join(dir, `${prefix}-full.png`) });
  } finally {
    await page.setViewportSize(before);
  }
}
