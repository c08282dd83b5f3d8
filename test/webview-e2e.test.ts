// End-to-end in a real VS Code (code-server 4.100.3, see test/e2e/harness.ts) in Chromium,
// through the UI only: Run Pipeline, then Run History (the graph with every task SUCCEEDED, the
// grid, the Gantt), Traces (the run's waterfall), Dashboard (every section of the original
// dashboard with data, its export box), Chart Preview and "Export to stage", the Export Chart
// command's input box, and the exported HTML rendered offline in a plain Chromium page.
// Skips with the reason when code-server or Chromium are missing (RETAIL_REQUIRE_E2E=1 fails).
// Screenshots: test-output/e2e/webview-*.png.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './e2e/harness';
import { offline } from './helpers/webview-harness';
import { assertDashboardSections, screenshotDashboard } from './e2e/dashboard-ui';
import { e2eGate, expand, openWorkbench, resizeSidebar, runCommand as runWorkbenchCommand, screenshots, SHOTS, showPipelineTree, treeRow, treeRows } from './e2e/workbench-ui';

const { reason, skip } = e2eGate();

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
const { shot, ui } = screenshots(() => page, 'webview-');

/** The palette, retried when F1 lands where it is not handled (focus in a closing webview). */
const runCommand = (title: string): Promise<void> => runWorkbenchCommand(page, title);

/** The page inside the (one visible) webview: VS Code nests it in two iframes. */
function webview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

/** Opens a panel by its command, alone in the editor area. */
async function openPanel(command: string): Promise<FrameLocator> {
  await runCommand('View: Close All Editors');
  await runCommand(command);
  return webview();
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  mkdirSync(SHOTS, { recursive: true });
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  ({ browser, page } = await openWorkbench(vs, { width: 1500, height: 950 }));
  // Activate the extension through its sidebar, then run the pipeline once for every panel.
  const entry = page.locator('a.action-label[aria-label^="Retail Pipeline"]');
  await entry.waitFor({ timeout: 60_000 });
  await entry.click();
  await runCommand('Retail Pipeline: Run Pipeline');
  const toast = page.locator('.notification-toast', { hasText: /Run Pipeline (SUCCEEDED|FAILED|CANCELLED|could not run)/ }).first();
  await toast.waitFor({ timeout: 180_000 });
  assert.match((await toast.textContent()) ?? '', /SUCCEEDED/);
  await page.keyboard.press('Escape');
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
});

test('Run History: the graph of the run with every task green, the grid and the Gantt', { skip, timeout: 120_000 }, ui('history', async () => {
  const wv = await openPanel('Retail Pipeline: Open Run History');
  const nodes = wv.locator('svg.dag .node');
  await nodes.first().waitFor({ timeout: 30_000 });
  const states = await nodes.evaluateAll((ns) => ns.map((n) => `${(n as HTMLElement).dataset.task}=${(n as HTMLElement).dataset.state}`));
  assert.equal(states.length, 14, states.join(', '));
  for (const s of states) assert.match(s, /=SUCCEEDED$/);
  assert.match((await wv.locator('#graph .caption').textContent()) ?? '', /attempt 1: SUCCEEDED/);
  await wv.locator('svg.dag .node[data-task="bronze_silver_task"]').click();
  assert.match((await wv.locator('#details').textContent()) ?? '', /Task bronze_silver_task.*SILVER_CUSTOMERS/s);
  // "Open SQL" goes through the extension's Open Step SQL: a pick of the task's SQL files.
  await wv.locator('#open-sql').click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '01_silver_customers.sql' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  await shot('webview-01-run-history-graph');
  await wv.getByRole('tab', { name: 'Grid' }).click();
  assert.equal(await wv.locator('#grid .grid-row').count(), 1);
  assert.equal(await wv.locator('#grid .grid-row .grid-cell.state-succeeded').count(), 14);
  await shot('webview-02-run-history-grid');
  await wv.getByRole('tab', { name: 'Gantt' }).click();
  assert.equal(await wv.locator('.gantt-row').count(), 14);
  await shot('webview-03-run-history-gantt');
  // "Open traces" asks the extension to open the Traces panel on this run's trace.
  await wv.locator('#open-traces').click();
  const traces = webview();
  await traces.locator('.span-row').first().waitFor({ timeout: 30_000 });
}));

test('Traces: the run\'s trace with its waterfall, span details and logs', { skip, timeout: 120_000 }, ui('traces', async () => {
  const wv = await openPanel('Retail Pipeline: Open Traces');
  await wv.locator('.trace-row[data-trace]').first().waitFor({ timeout: 30_000 });
  await wv.locator('.span-row').first().waitFor({ timeout: 30_000 });
  const spans = await wv.locator('.span-row').count();
  assert.ok(spans > 10, `spans in view: ${spans}`);
  assert.match((await wv.locator('.waterfall-pane .caption').textContent()) ?? '', /retail_root_task graph run .* \d+ spans/);
  await wv.locator('.span-row', { hasText: 'productreview_task' }).first().click();
  assert.match((await wv.locator('#span-details').textContent()) ?? '', /snow\.output\.rows/);
  assert.ok(await wv.locator('#logs .log-table tr').count() > 5);
  await shot('webview-04-traces');
}));

test('Dashboard: every section of the original dashboard with data, KPIs as the warehouse gives them, a screenshot of each section', { skip, timeout: 180_000 }, ui('dashboard', async () => {
  const wv = await openPanel('Retail Pipeline: Open Dashboard');
  await wv.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
  const counts = await assertDashboardSections(wv, vs!.workspace);
  process.stdout.write(`# dashboard sections: ${JSON.stringify(counts)}\n`);
  await shot('webview-05-dashboard');
  await screenshotDashboard(page, wv, SHOTS, 'dashboard');
  // The charts take VS Code's theme colours, and are redrawn when the theme changes.
  const labelFill = () => wv.locator('figure.chart[data-chart="revenue-by-category"] svg .role-axis-label text').first().getAttribute('fill');
  const before = await labelFill();
  await runCommand('Preferences: Toggle between Light/Dark Themes');
  let after = before;
  for (let i = 0; i < 40 && after === before; i++) {
    await page.waitForTimeout(250);
    after = await labelFill().catch(() => before);
  }
  assert.notEqual(after, before, `axis label colour follows the theme (${before} -> ${after})`);
  await shot('webview-05b-dashboard-other-theme');
  await runCommand('Preferences: Toggle between Light/Dark Themes');
}));

test('Dashboard export box: a refused name says why; the named HTML, its spec and the preference,count CSV land in @SOURCE_FILES', { skip, timeout: 120_000 }, ui('dashboard-export', async () => {
  const wv = await openPanel('Retail Pipeline: Open Dashboard');
  await wv.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
  const input = wv.locator('#export-file');
  assert.equal(await input.inputValue(), 'All_Customer_Pref_Counts.html');
  await input.fill('../outside.html');
  await wv.locator('#export').click();
  assert.match(await wv.locator('#export-result .error').textContent() ?? '', /names a folder or leaves the stage/);
  await input.fill('E2E_Prefs.html');
  await wv.locator('#export').click();
  await wv.locator('#export-done').waitFor({ timeout: 60_000 });
  assert.match(await wv.locator('#export-done').textContent() ?? '', /Exported to @SOURCE_FILES with file name E2E_Prefs\.html: E2E_Prefs\.html .*E2E_Prefs\.vl\.json .*customer_preference_counts\.csv/);
  const stage = join(vs!.workspace, '.retail', 'stages', 'SOURCE_FILES');
  assert.match(readFileSync(join(stage, 'E2E_Prefs.html'), 'utf8'), /<title>Top 10 customer preferences<\/title>/);
  assert.ok(existsSync(join(stage, 'E2E_Prefs.vl.json')));
  const csv = readFileSync(join(stage, 'customer_preference_counts.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'preference,count');
  assert.equal(csv.length, 11, 'the header and the ten preferences');
  assert.ok(!existsSync(join(vs!.workspace, '.retail', 'stages', 'outside.html')));
  await wv.locator('#section-export').screenshot({ path: join(SHOTS, 'dashboard-export-done.png') });
}));

test('Chart Preview and Export: ten bars, the files in @SOURCE_FILES, the exported HTML renders offline', { skip, timeout: 180_000 }, ui('export', async () => {
  const wv = await openPanel('Retail Pipeline: Preview Chart: Top Customer Preferences');
  await wv.locator('body[data-rendered="true"]').waitFor({ timeout: 60_000 });
  assert.equal(await wv.locator('#chart svg .mark-rect path').count(), 10);
  await wv.locator('#export').click();
  const result = wv.locator('#export-result');
  await result.waitFor({ timeout: 60_000 });
  assert.match((await result.textContent()) ?? '', /Exported to @SOURCE_FILES: All_Customer_Pref_Counts\.html .*customer_preference_counts\.csv/);
  await shot('webview-06-chart-preview-exported');
  const file = join(vs!.workspace, '.retail', 'stages', 'SOURCE_FILES', 'All_Customer_Pref_Counts.html');
  assert.ok(existsSync(file));
  // The command asks for the name in an input box with the original's default, checked as typed.
  await runCommand('Retail Pipeline: Export Chart to Stage (Top Customer Preferences)');
  const box = page.locator('.quick-input-widget input');
  await box.waitFor({ timeout: 10_000 });
  assert.equal(await box.inputValue(), 'All_Customer_Pref_Counts.html');
  await box.fill('a/b.html');
  await page.locator('.quick-input-widget', { hasText: /names a folder or leaves the stage/ }).waitFor({ timeout: 10_000 });
  await box.fill('From_Command.html');
  await page.keyboard.press('Enter');
  await page.locator('.notification-toast', { hasText: /exported From_Command\.html, From_Command\.vl\.json, customer_preference_counts\.csv to @SOURCE_FILES/ }).first().waitFor({ timeout: 60_000 });
  assert.ok(existsSync(join(vs!.workspace, '.retail', 'stages', 'SOURCE_FILES', 'From_Command.html')));
  await page.keyboard.press('Escape');
  // The Pipeline tree's Stages node lists the files (HTML, spec, CSV) with their sizes (the export
  // refreshed it), and a click on the CSV opens it.
  await showPipelineTree(page);
  const sidebarWidth = await resizeSidebar(page, 560);
  await expand(page, 'Stages', '@SOURCE_FILES');
  // The dashboard's and the command's exports are there too (HTML and spec each, one CSV).
  const staged = readdirSync(join(vs!.workspace, '.retail', 'stages', 'SOURCE_FILES'));
  await page.locator('.pane-body .monaco-list-row', { hasText: '@SOURCE_FILES' }).filter({ hasText: new RegExp(`${staged.length} files · [\\d.]+ (B|KB|MB)`) }).waitFor({ timeout: 20_000 });
  await expand(page, '@SOURCE_FILES', 'customer_preference_counts.csv');
  const rows = await treeRows(page);
  for (const name of ['customer_preference_counts.csv', 'All_Customer_Pref_Counts.html', 'E2E_Prefs.html', 'From_Command.html']) {
    assert.ok(rows.some((r) => new RegExp(`^${name.replace(/\./g, '\\.')} [\\d.]+ (B|KB|MB)$`).test(r)), `${name} in ${JSON.stringify(rows)}`);
  }
  await treeRow(page, 'customer_preference_counts.csv').first().click();
  await page.locator('.tabs-container .tab', { hasText: 'customer_preference_counts.csv' }).first().waitFor({ timeout: 20_000 });
  await shot('webview-06b-stage-listing');
  await resizeSidebar(page, sidebarWidth);
  const context = await browser!.newContext();
  await context.setOffline(true);
  const p = await context.newPage();
  const blocked: string[] = [];
  await offline(p, blocked);
  await p.goto(pathToFileURL(file).href);
  await p.locator('body[data-rendered="true"]').waitFor({ timeout: 30_000 });
  assert.equal(await p.locator('#chart svg .mark-rect path').count(), 10);
  assert.deepEqual(blocked, []);
  await p.screenshot({ path: join(SHOTS, 'webview-07-exported-chart-offline.png') });
  await context.close();
}));

test('a failing run: red node with its error in Run History, "Retry failed" re-runs it and the graph turns green', { skip, timeout: 300_000 }, ui('retry', async () => {
  const reviews = join(vs!.workspace, 'sample_data', 'product_reviews.json');
  rmSync(reviews);
  await runCommand('View: Close All Editors');
  await runCommand('Retail Pipeline: Run Pipeline');
  const failed = page.locator('.notification-toast', { hasText: /Run Pipeline FAILED/ }).first();
  await failed.waitFor({ timeout: 180_000 });
  await page.keyboard.press('Escape');
  const wv = await openPanel('Retail Pipeline: Open Run History');
  const node = wv.locator('svg.dag .node[data-task="productreview_task"]');
  await node.waitFor({ timeout: 30_000 });
  assert.equal(await node.getAttribute('data-state'), 'FAILED');
  assert.equal(await wv.locator('svg.dag .node[data-task="bronze_silver_task"]').getAttribute('data-state'), 'SKIPPED');
  await node.click();
  assert.match((await wv.locator('#error-message').textContent()) ?? '', /product_reviews\.json/);
  await shot('webview-08-run-history-failed');
  // Put the file back and retry from the panel.
  cpSync(join(REPO, 'sample_data', 'product_reviews.json'), reviews);
  await wv.locator('#retry-failed').click();
  const done = page.locator('.notification-toast', { hasText: /retry SUCCEEDED/ }).first();
  await done.waitFor({ timeout: 180_000 });
  // The panel follows the run's events: the newest attempt is 2, and with attempt 1's successes
  // every node of the graph is green.
  await wv.locator('#graph .caption', { hasText: /attempt 2: SUCCEEDED/ }).waitFor({ timeout: 30_000 });
  const states = await wv.locator('svg.dag .node').evaluateAll((ns) => ns.map((n) => (n as HTMLElement).dataset.state));
  assert.equal(states.length, 14);
  assert.deepEqual([...new Set(states)], ['SUCCEEDED'], states.join(','));
  await shot('webview-09-run-history-retried');
}));

test('a panel survives a window reload with its view state (serializer + setState)', { skip, timeout: 180_000 }, ui('reload', async () => {
  const wv = await openPanel('Retail Pipeline: Open Run History');
  await wv.locator('svg.dag .node').first().waitFor({ timeout: 30_000 });
  await wv.getByRole('tab', { name: 'Gantt' }).click();
  await wv.locator('.gantt-row[data-task="silver_gold_task"]').click();
  await runCommand('Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const restored = webview();
  await restored.locator('.tab[data-tab="gantt"][aria-selected="true"]').waitFor({ timeout: 60_000 });
  await restored.locator('.gantt-row').first().waitFor({ timeout: 30_000 });
  assert.match((await restored.locator('#details').textContent()) ?? '', /Task silver_gold_task/);
  await shot('webview-10-run-history-after-reload');
}));
