// End-to-end in a real VS Code (code-server 4.100.3, see test/e2e/harness.ts) in Chromium: the
// Pipeline tree follows a CLI run in the same workspace without a Refresh click (file watcher on
// .retail/), shows each table's row count and when it was last updated, lists the stages, and
// reveals an Iceberg table's folder in the Explorer (or says it does not exist yet).
// Skips with the reason when code-server or Chromium are missing (RETAIL_REQUIRE_E2E=1 fails).
// Screenshots: test-output/e2e/tree-*.png.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './e2e/harness';
import { contextAction, e2eGate, expand, openWorkbench, resizeSidebar, screenshots, SHOTS, showPipelineTree, treeRow, treeRows } from './e2e/workbench-ui';

const { reason, skip } = e2eGate();

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
const { shot, ui } = screenshots(() => page, 'tree-');

/** The CLI, as a user runs it in a terminal: `retail-pipeline run` with the workspace as cwd. */
function cliRun(cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'retail-pipeline.js'), 'run', '--data', 'sample_data'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', rej);
    child.once('exit', (code) => res({ code, out }));
  });
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  mkdirSync(SHOTS, { recursive: true });
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  ({ browser, page } = await openWorkbench(vs, { width: 1400, height: 900 }));
  await showPipelineTree(page);
  await resizeSidebar(page, 620);
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
});

test('before any run: empty stages, tables not built, and Reveal Iceberg Folder says the folder does not exist yet', { skip, timeout: 120_000 }, ui('before', async () => {
  await expand(page, 'Stages', '@SOURCE_FILES');
  const rows = await treeRows(page);
  assert.ok(rows.includes('@SOURCE_FILES empty'), JSON.stringify(rows));
  assert.ok(rows.includes('@CODEFILES empty'), JSON.stringify(rows));
  await treeRow(page, 'Stages').first().click(); // collapse again
  await expand(page, 'Gold', 'GOLD_CUSTOMER_INSIGHTS');
  assert.ok((await treeRows(page)).includes('GOLD_CUSTOMER_INSIGHTS not built · Iceberg'));
  await contextAction(page, 'GOLD_CUSTOMER_INSIGHTS', 'Reveal Iceberg Folder');
  const toast = page.locator('.notification-toast', { hasText: /GOLD_CUSTOMER_INSIGHTS has no Iceberg folder yet/ }).first();
  await toast.waitFor({ timeout: 20_000 });
  assert.match((await toast.textContent()) ?? '', /run silver_gold_task/);
  await shot('tree-01-iceberg-folder-missing');
  await page.keyboard.press('Escape');
}));

test('a CLI run in the workspace: the tree shows row counts, last-updated times and SUCCEEDED tasks without Refresh', { skip, timeout: 300_000 }, ui('cli', async () => {
  const before = await treeRows(page);
  assert.ok(before.some((r) => /^retail_root_task.*never run/.test(r)), JSON.stringify(before));
  assert.ok(before.includes('Bronze 0/8 tables'), JSON.stringify(before));
  const t0 = Date.now();
  const run = await cliRun(vs!.workspace);
  assert.equal(run.code, 0, run.out);
  assert.match(run.out, /SUCCEEDED/);
  process.stderr.write(`# CLI run: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  // No click on Refresh: the watcher on .retail/ redraws the tree once the CLI is done.
  const t1 = Date.now();
  await page.locator('.pane-body .monaco-list-row', { hasText: 'Bronze' }).filter({ hasText: '8/8 tables' }).waitFor({ timeout: 30_000 });
  await page.locator('.pane-body .monaco-list-row', { hasText: 'retail_root_task' }).filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: 30_000 });
  process.stderr.write(`# tree redrawn ${((Date.now() - t1) / 1000).toFixed(1)} s after the CLI exited\n`);
  const rows = await treeRows(page);
  const tasks = rows.filter((r) => /_task/.test(r));
  assert.ok(tasks.length >= 14, JSON.stringify(tasks));
  for (const t of tasks) assert.match(t, /SUCCEEDED/, t);
  // The gold rows, still expanded from the first test: count, "just now"/"N min ago", Iceberg.
  const gold = rows.find((r) => r.startsWith('GOLD_CUSTOMER_INSIGHTS')) ?? '';
  assert.match(gold, /^GOLD_CUSTOMER_INSIGHTS [\d,]+ rows · (just now|\d+ min ago) · Iceberg$/, gold);
  const perf = rows.find((r) => r.startsWith('GOLD_PRODUCT_PERFORMANCE')) ?? '';
  assert.match(perf, /^GOLD_PRODUCT_PERFORMANCE [\d,]+ rows · (just now|\d+ min ago)$/, perf);
  await expand(page, 'Bronze', 'BRONZE_CUSTOMERS');
  const bronze = (await treeRows(page)).find((r) => r.startsWith('BRONZE_CUSTOMERS')) ?? '';
  assert.match(bronze, /^BRONZE_CUSTOMERS [\d,]+ rows · (just now|\d+ min ago)$/, bronze);
  // The tooltip carries the exact time.
  // A hover can be lost to a redraw (the watcher) or a notification: move away and hover again.
  const hover = page.locator('.monaco-hover, .custom-hover', { hasText: /last updated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/ }).first();
  for (let attempt = 0; ; attempt++) {
    await page.mouse.move(5, 5);
    await treeRow(page, 'BRONZE_CUSTOMERS').first().hover();
    try {
      await hover.waitFor({ timeout: 6_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await shot('tree-02-after-cli-run');
  await treeRow(page, 'Bronze').first().click(); // collapse again
}));

test('Reveal Iceberg Folder shows the table\'s folder in the Explorer', { skip, timeout: 120_000 }, ui('reveal', async () => {
  await contextAction(page, 'GOLD_CUSTOMER_INSIGHTS', 'Reveal Iceberg Folder');
  const row = page.locator('.explorer-folders-view .monaco-list-row.selected', { has: page.locator('.label-name', { hasText: /^GOLD_CUSTOMER_INSIGHTS$/ }) });
  await row.first().waitFor({ timeout: 20_000 });
  // Its parents are expanded down from .retail/ (compact folders may join iceberg/retail_gold_layer).
  const explorer = (await page.locator('.explorer-folders-view .monaco-list-row').allTextContents()).join('\n');
  for (const name of ['.retail', 'retail_gold_layer', 'GOLD_PRODUCT_REVIEWS_ANALYTICS']) assert.ok(explorer.includes(name), `${name} in ${explorer}`);
  await shot('tree-03-iceberg-folder-revealed');
  await showPipelineTree(page);
}));
