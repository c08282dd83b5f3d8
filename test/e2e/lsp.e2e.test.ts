// End-to-end for the pipeline SQL language server in a real VS Code (code-server) and Chromium,
// through the UI only: open a step file, see the "Run step ▶ | Run from here" code lens, make a
// typo in a column and fix it with the quick fix, and list a table's columns with completion
// after `o.`. Screenshots: test-output/e2e/lsp-*.png. Run: npm test -- test/e2e/lsp.e2e.test.ts
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { table } from '../../src/core/manifest';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './harness';
import { e2eGate, openWorkbench, screenshots, SHOTS } from './workbench-ui';

const { reason, skip } = e2eGate();
const FILE = '01_analytics_customer_stats.sql';
/** Where `c.first_name,` stands in the step file (1-based line; the column of its comma), read
 *  from the file so a longer header comment does not send the typo to another line. */
const FIRST_NAME = (() => {
  const lines = readFileSync(join(REPO, 'sql', 'pipeline', 'customer_analytics_task', FILE), 'utf8').split('\n');
  const i = lines.findIndex((l) => /^\s*c\.first_name,$/.test(l));
  if (i < 0) throw new Error(`${FILE} has no line \`c.first_name,\` for the typo test`);
  return { line: i + 1, comma: lines[i].indexOf(',') + 1 };
})();

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;


/** The command palette in "quick open" mode: `:4:20` goes to a line, a file name opens it. */
async function quickOpen(text: string, pick?: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(text);
  if (pick) await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

const { shot, ui } = screenshots(() => page, 'lsp-');

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  mkdirSync(SHOTS, { recursive: true });
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  // The workspace is the project: its step SQL, which the server indexes.
  cpSync(join(REPO, 'sql'), join(vs.workspace, 'sql'), { recursive: true });
  ({ browser, page } = await openWorkbench(vs));
  // The extension activates on its view.
  const entry = page.locator('a.action-label[aria-label^="Retail Pipeline"]');
  await entry.waitFor({ timeout: 60_000 });
  await entry.click();
  await page.locator('.pane-body .monaco-list-row', { hasText: 'Tasks' }).first().waitFor({ timeout: 60_000 });
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
});

test('opening a step file shows the "Run step ▶ | Run from here" code lens', { skip }, ui('code-lens', async () => {
  await quickOpen(FILE, FILE);
  await page.locator('.tab.active', { hasText: FILE }).waitFor({ timeout: 30_000 });
  const lens = page.locator('.codelens-decoration');
  await lens.filter({ hasText: 'Run step ▶' }).first().waitFor({ timeout: 90_000 });
  const text = (await lens.first().textContent()) ?? '';
  assert.match(text, /Run step ▶\s*\|\s*Run from here/);
  await shot('lsp-01-code-lens');
}));

test('a typo in a column shows a diagnostic, and its quick fix repairs it', { skip }, ui('diagnostic', async () => {
  // Put an x before the comma of `c.first_name,`.
  await quickOpen(`:${FIRST_NAME.line}:${FIRST_NAME.comma}`);
  await page.keyboard.type('x');
  const squiggle = page.locator('.monaco-editor .squiggly-error');
  await squiggle.first().waitFor({ timeout: 30_000 });
  // The hover at the cursor (a mouse hover fights the editor's overlays).
  await page.keyboard.press('ArrowLeft');
  await quickOpen('>Show or Focus Hover', 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover', { hasText: 'unknown column first_namex' });
  await hover.first().waitFor({ timeout: 15_000 });
  assert.match((await hover.first().textContent()) ?? '', /did you mean 'first_name'/);
  await shot('lsp-02-diagnostic');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'first_name'" });
  await fix.first().waitFor({ timeout: 15_000 });
  await shot('lsp-03-quick-fix');
  // The preferred fix is focused; the menu's pointer block swallows clicks, Enter applies it.
  assert.match((await fix.first().getAttribute('class')) ?? '', /focused/);
  await page.keyboard.press('Enter');
  await page.locator('.view-line', { hasText: /^\s*c\.first_name,$/ }).first().waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-error').length === 0, undefined, { timeout: 15_000 });
}));

test('completion after `o.` lists the columns of SILVER_ORDERS', { skip }, ui('completion', async () => {
  await quickOpen(`:${FIRST_NAME.line}:${FIRST_NAME.comma + 1}`);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('o.');
  const rows = page.locator('.suggest-widget .monaco-list-row');
  await rows.filter({ hasText: 'total_amount' }).first().waitFor({ timeout: 30_000 });
  const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allTextContents();
  const expected = table('SILVER_ORDERS').columns.map((c) => c.name);
  assert.deepEqual([...labels].sort(), [...expected].sort());
  await shot('lsp-04-completion');
  await page.keyboard.press('Escape');
}));
