// End-to-end: the extension in a real VS Code (code-server 4.100.3) in a real Chromium. Through
// the UI only: open the Retail Pipeline sidebar, run "Run Pipeline" from the command palette,
// wait for the success notification, read row counts and task states from the tree, preview a
// gold table and read its rows inside the webview's iframe. Screenshots: test-output/e2e/.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { extensionHostLog, missingPrerequisite, REPO, startVsCode, type VsCodeServer } from './harness';
import { resizeSidebar } from './workbench-ui';
import { contextAction, expand as expandOf, openWorkbench, runCommand as runCommandOf, treeRow as treeRowOf, treeRows as treeRowsOf } from './workbench-ui';

const SHOTS = join(REPO, 'test-output', 'e2e');
const reason = missingPrerequisite();
const required = process.env.RETAIL_REQUIRE_E2E === '1';
const skip = reason && !required ? reason : false;

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const treeRows = () => treeRowsOf(page);
const treeRow = (label: string) => treeRowOf(page, label);
const expand = (label: string, child: string) => expandOf(page, label, child);

const runCommand = (title: string) => runCommandOf(page, title);

/** Runs a test body; on failure leaves a screenshot of what the browser showed. */
function ui(name: string, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(SHOTS, `FAILED-${name}.png`) }).catch(() => undefined);
      throw e;
    }
  };
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  mkdirSync(SHOTS, { recursive: true });
  const sample = join(REPO, 'sample_data');
  assert.ok(existsSync(join(sample, 'mysql', 'customer_data.csv')), 'sample_data/ with the contract layout is needed');
  vs = await startVsCode({ sampleData: sample });
  ({ browser, page } = await openWorkbench(vs, { width: 1400, height: 900 }));
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
});

test('the Retail Pipeline sidebar shows the target, sources, layers and the task graph', { skip }, ui('sidebar', async () => {
  const entry = page.locator('a.action-label[aria-label^="Retail Pipeline"]');
  await entry.waitFor({ timeout: 60_000 });
  await entry.click();
  await treeRow('Tasks').waitFor({ timeout: 60_000 });
  const rows = await treeRows();
  for (const label of ['Target: local', 'Sources', 'Bronze', 'Silver', 'Gold', 'Analytics', 'Tasks', 'retail_root_task']) {
    assert.ok(rows.some((r) => r.startsWith(label)), `tree row "${label}" in ${JSON.stringify(rows)}`);
  }
  // Before any run: tasks have no state and the layers have no tables built.
  assert.ok(rows.some((r) => /retail_root_task.*never run/.test(r)), JSON.stringify(rows));
  await expand('Sources', 'product_reviews.json');
  const withSources = await treeRows();
  assert.ok(withSources.some((r) => /^product_reviews\.json.*\d+(\.\d)? (KB|MB|B)/.test(r)), JSON.stringify(withSources));
  await shot('01-sidebar-before-run');
  await treeRow('Sources').first().click(); // collapse again
}));

test('Run Pipeline from the command palette succeeds and the tree shows row counts and task states', { skip }, ui('run', async () => {
  const t0 = Date.now();
  await runCommand('Retail Pipeline: Run Pipeline');
  const toast = page.locator('.notification-toast', { hasText: /Run Pipeline (SUCCEEDED|FAILED|CANCELLED|could not run)/ });
  await toast.first().waitFor({ timeout: 120_000 });
  const text = (await toast.first().textContent()) ?? '';
  await shot('02-run-finished');
  assert.match(text, /Run Pipeline SUCCEEDED \(14\/14 tasks succeeded/, text);
  process.stderr.write(`# Run Pipeline in the UI: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  // The tree refreshes once more after the run; wait for the final counts before expanding (the
  // last layer: with the CSV loads through read_csv, "Bronze 8/8" already shows mid-run).
  await page.locator('.pane-body .monaco-list-row', { hasText: 'Analytics' }).filter({ hasText: '13/13 tables' }).waitFor({ timeout: 20_000 });
  const layers = await treeRows();
  for (const l of ['Bronze 8/8 tables', 'Silver 4/4 tables', 'Gold 3/3 tables', 'Analytics 13/13 tables']) {
    assert.ok(layers.includes(l), `"${l}" in ${JSON.stringify(layers)}`);
  }
  await expand('Bronze', 'BRONZE_CUSTOMERS');
  const rows = await treeRows();
  const bronze = rows.find((r) => r.startsWith('BRONZE_CUSTOMERS'));
  assert.match(bronze ?? '', /BRONZE_CUSTOMERS.*[\d,]+ rows/, JSON.stringify(rows));
  assert.doesNotMatch(bronze ?? '', / 0 rows/);
  await expand('Gold', 'GOLD_CUSTOMER_INSIGHTS');
  const gold = (await treeRows()).find((r) => r.startsWith('GOLD_CUSTOMER_INSIGHTS'));
  assert.match(gold ?? '', /GOLD_CUSTOMER_INSIGHTS.*[\d,]+ rows.*Iceberg/, gold);
  const tasks = (await treeRows()).filter((r) => /_task/.test(r));
  assert.ok(tasks.length >= 14, JSON.stringify(tasks));
  for (const t of tasks) assert.match(t, /SUCCEEDED/, t);
  await shot('03-sidebar-after-run');
}));

test('Preview Table shows the first rows of a gold table in a webview grid', { skip }, ui('preview', async () => {
  await contextAction(page, 'GOLD_CUSTOMER_INSIGHTS', 'Preview Table');
  const outer = page.frameLocator('iframe.webview.ready');
  const inner = outer.frameLocator('iframe#active-frame');
  const cells = inner.locator('#grid tbody tr');
  await cells.first().waitFor({ timeout: 30_000 });
  const header = await inner.locator('#grid thead th').allTextContents();
  assert.ok(header.some((h) => /customer_id/i.test(h)), JSON.stringify(header));
  const n = await cells.count();
  assert.ok(n > 0 && n <= 200, `rows in the grid: ${n}`);
  const first = await cells.first().locator('td').allTextContents();
  assert.match(first.join(' '), /CUST\d+/, JSON.stringify(first));
  const summary = await inner.locator('#summary').textContent();
  assert.match(summary ?? '', /^\d+ of \d+ rows$/);
  await shot('04-preview-gold');
}));

test('Run Task from the context menu of a task runs just that task', { skip }, ui('run-task', async () => {
  await contextAction(page, 'order_analytics_task', /^Run Task/);
  const toast = page.locator('.notification-toast', { hasText: /Run Task order_analytics_task (SUCCEEDED|FAILED|could not run)/ });
  await toast.first().waitFor({ timeout: 60_000 });
  assert.match((await toast.first().textContent()) ?? '', /SUCCEEDED \(1\/1 tasks succeeded/);
}));

/** The Pipeline pane open and the Quality pane folded, as every other test expects. */
async function pipelinePaneBack(): Promise<void> {
  const pane = (title: string) => page.locator('.pane-header', { has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`) }) }).first();
  if ((await pane('Quality').getAttribute('aria-expanded')) === 'true') await pane('Quality').click();
  if ((await pane('Pipeline').getAttribute('aria-expanded')) !== 'true') await pane('Pipeline').click();
  await treeRow('Tasks').first().waitFor({ timeout: 15_000 });
}

test('Validate Data from the palette: the Quality view lists every suite with its last state', { skip }, async () => {
  // Whatever happens here, the tests after this one get the Pipeline pane back.
  try { await validateDataInTheUi(); } finally { await pipelinePaneBack().catch(() => undefined); }
});

const validateDataInTheUi = ui('validate', async () => {
  const suites = readdirSync(join(REPO, 'sql', 'quality')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  await runCommand('Retail Pipeline: Validate Data');
  const toast = page.locator('.notification-toast', { hasText: /\d+\/\d+ suites passed/ }).first();
  await toast.waitFor({ timeout: 120_000 });
  const text = (await toast.textContent()) ?? '';
  const [, passed, total] = /(\d+)\/(\d+) suites passed/.exec(text) ?? [];
  assert.equal(Number(total), suites.length, text);
  // The sample data breaks the original review suite's expectations (as in the original
  // pipeline), so some suite fails and the notification offers the log and the view.
  assert.ok(Number(passed) < suites.length, text);
  assert.match(text, /Show Log/);
  assert.match(text, /Open Quality View/);
  await toast.locator('.monaco-button', { hasText: 'Open Quality View' }).first().click();

  // The Pipeline pane folds away so the whole Quality list is rendered (the tree is virtual).
  const pane = (title: string) => page.locator('.pane-header', { has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`) }) }).first();
  if ((await pane('Pipeline').getAttribute('aria-expanded')) === 'true') await pane('Pipeline').click();
  if ((await pane('Quality').getAttribute('aria-expanded')) !== 'true') await pane('Quality').click();
  assert.ok(await pane('Quality').locator('.action-label[aria-label="Validate Data"]').count() > 0, 'Validate Data button on the view title');
  for (const s of suites) await treeRow(s).first().waitFor({ timeout: 30_000 });
  const rows = await page.locator('.pane-body .monaco-list-row').evaluateAll((els) => els.map((r) => ({
    label: r.querySelector('.label-name')?.textContent ?? '',
    description: r.querySelector('.label-description')?.textContent ?? '',
    icon: Array.from(r.querySelector('.custom-view-tree-node-item-icon')?.classList ?? []).find((c) => c.startsWith('codicon-')) ?? '',
  })));
  const suiteRows = rows.filter((r) => suites.includes(r.label));
  assert.equal(suiteRows.length, suites.length, JSON.stringify(rows));
  for (const r of suiteRows) assert.match(r.description, /^\d+\/\d+ expectations passed · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/, JSON.stringify(r));
  assert.equal(suiteRows.filter((r) => r.icon === 'codicon-pass').length, Number(passed), JSON.stringify(suiteRows));
  assert.equal(suiteRows.filter((r) => r.icon === 'codicon-error').length, suites.length - Number(passed), JSON.stringify(suiteRows));

  // A failed suite opens on its failed expectations; the passed ones are folded.
  const failed = suiteRows.find((r) => r.icon === 'codicon-error')!;
  const [, ok, of] = /^(\d+)\/(\d+)/.exec(failed.description) ?? [];
  // Validation wrote the warehouse, so the state-folder watcher refreshes the views meanwhile: a
  // refresh landing between the click and the render can swallow the expansion (CI under load).
  const suiteRow = treeRow(failed.label).first();
  const firstExpectation = page.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: /^expect_/ }) }).first();
  const suiteRowIn = (expanded: boolean) => page.locator(`.pane-body .monaco-list-row[aria-expanded="${expanded}"]`, { has: page.locator('.label-name', { hasText: new RegExp(`^${failed.label}$`) }) }).first();
  for (let attempt = 0; ; attempt++) {
    if ((await suiteRow.getAttribute('aria-expanded')) === 'true' && attempt > 0) {
      // Collapse, and see it collapsed before opening it again (else the second click folds it).
      await suiteRow.click();
      await suiteRowIn(false).waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    if ((await suiteRow.getAttribute('aria-expanded')) !== 'true') await suiteRow.click();
    try {
      await firstExpectation.waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  const below = (await treeRows()).filter((r) => /^expect_|^Passed \(/.test(r));
  assert.equal(below.filter((r) => r.startsWith('expect_')).length, Number(of) - Number(ok), JSON.stringify(below));
  if (Number(ok) > 0) assert.ok(below.includes(`Passed (${ok})`), JSON.stringify(below));
  const verdict = below.find((r) => /^expect_\S+ .*(unexpected|observed|error)/.test(r));
  assert.ok(verdict, JSON.stringify(below));
  // Below a failed expectation: its kwargs (or its error) one per row.
  const before = (await treeRows()).length;
  await treeRow(verdict.split(' ')[0]).first().click();
  await page.waitForFunction((n) => document.querySelectorAll('.pane-body .monaco-list-row').length > n, before, { timeout: 15_000 });
  assert.ok((await treeRows()).some((r) => /^\w+: |^unexpected values: /.test(r)), JSON.stringify(await treeRows()));
  const width = await resizeSidebar(page, 620);
  await page.locator('.part.sidebar').screenshot({ path: join(SHOTS, 'quality-view.png') });
  await resizeSidebar(page, width);

});

// The extension host's own number (code loading + activate call, as "Running Extensions" shows
// it) is wall-clock time: on a busy machine it includes other extensions' startup work that runs
// while the host awaits. It is logged for the record; the assertion is a loose regression guard.
// test/extension.test.ts checks deterministically that activation loads no DuckDB or MySQL code.
test('the extension host reports the activation time', { skip }, ui('activation', async () => {
  await runCommand('Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Retail Pipeline' }).first();
  await row.waitFor({ timeout: 20_000 });
  const text = (await row.textContent()) ?? '';
  const ms = Number(/Activation:\s*(\d+)\s*ms/.exec(text)?.[1]);
  await shot('05-running-extensions');
  // The installed VSIX activated without errors: the extension host's own log has our activation
  // and no error line (an activation failure or an unhandled rejection would be logged there).
  const hostLog = extensionHostLog(vs!.userDataDir).split('\n== ').filter((f) => /[\\/](remote)?exthost\.log$/i.test(f.split('\n')[0].replace(/^== /, ''))).join('\n');
  assert.match(hostLog, /retail-pipeline\.retail-pipeline/i, 'the extension host log names the extension\'s activation');
  // Each logged entry with its stack lines; the ones about our extension or any activation count.
  // (VS Code's own "No tree item with id …" — a click landing on a tree the watcher just refreshed
  // — is the workbench's race, logged without a stack; it is not an activation error.)
  const entries = hostLog.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[)/);
  const errors = entries.filter((e) => /^\S+ \S+ \[error\]/.test(e) && /activat|retail-pipeline|retailPipeline|extension(-\w+)?\.js/i.test(e));
  assert.deepEqual(errors, [], `errors in the extension host log:\n${errors.join('\n')}`);
  process.stderr.write(`# activation time measured by the extension host: ${ms} ms\n`);
  // Loose on purpose: CI shares its two cores; the <100 ms goal is reported, not asserted here.
  assert.ok(Number.isFinite(ms) && ms < 3000, `activation ${ms} ms in ${JSON.stringify(text)}`);
  await page.keyboard.press('Control+W');
}));

test('the MySQL password goes to secret storage: never into settings.json or the log', { skip }, ui('secrets', async () => {
  const password = 'E2e-s3cret-Pw-7731';
  await runCommand('Retail Pipeline: Set MySQL Connection');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'MySQL Connection (1/2)' }).waitFor({ timeout: 10_000 });
  await input.fill('mysql://root@127.0.0.1:3306/retail_db');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'MySQL Connection (2/2)' }).waitFor({ timeout: 10_000 });
  assert.equal(await input.getAttribute('type'), 'password');
  await input.fill(password);
  await page.keyboard.press('Enter');
  // The log says the connection was saved, with the password masked. The log file is written
  // asynchronously: poll for the line.
  const logDir = join(vs!.userDataDir, 'logs');
  const findLog = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? findLog(join(dir, d.name)) : d.name === 'Retail Pipeline.log' ? [join(dir, d.name)] : []);
  let log = '';
  for (let i = 0; i < 60 && !/MySQL connection saved/.test(log); i++) {
    await page.waitForTimeout(500);
    log = findLog(logDir).map((f) => readFileSync(f, 'utf8')).join('\n');
  }
  assert.match(log, /MySQL connection saved: mysql:\/\/root:\*\*\*\*@127\.0\.0\.1:3306\/retail_db/);
  assert.ok(!log.includes(password), 'the password is not in the log');
  for (const f of [join(vs!.userDataDir, 'User', 'settings.json'), join(vs!.workspace, '.vscode', 'settings.json')]) {
    if (existsSync(f)) assert.ok(!readFileSync(f, 'utf8').includes(password), `${f} does not contain the password`);
  }
  // The Sources node now lists the MySQL tables (or says MySQL is unavailable: the password is wrong
  // for the local server), and neither the label nor its tooltip carries the password.
  await expand('Sources', 'product_reviews.json');
  await page.locator('.pane-body .monaco-list-row', { hasText: /mysql: customers|MySQL unavailable/ }).first().waitFor({ timeout: 30_000 });
  const rows = await treeRows();
  assert.ok(!rows.join('\n').includes(password));
  await shot('06-sources-with-mysql');
  await runCommand('Retail Pipeline: Clear MySQL Connection');
}));

test('a failing task: the notification names it and offers Show Log, which shows the error', { skip }, ui('failure', async () => {
  // The reviews file is gone (a bad record would only become a reject): the load task must fail
  // with a message naming the file.
  rmSync(join(vs!.workspace, 'sample_data', 'product_reviews.json'));
  // The task pick opens after the palette closes; on a busy machine a click on the palette row
  // can be lost, so ask again when no pick shows up.
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await runCommand('Retail Pipeline: Run Task…');
    try {
      await page.locator('.quick-input-widget input[placeholder="Task of the pipeline graph"]').waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await input.fill('productreview_task');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'productreview_task' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const toast = page.locator('.notification-toast', { hasText: /Run Task productreview_task FAILED/ }).first();
  await toast.waitFor({ timeout: 60_000 });
  const text = (await toast.textContent()) ?? '';
  assert.match(text, /product_reviews\.json/, text);
  await shot('07-task-failed');
  await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Show Log' }).first().click();
  const output = page.locator('.output-view .view-lines, .panel .view-lines').first();
  await output.waitFor({ timeout: 15_000 });
  // Monaco renders spaces as U+00A0.
  await page.waitForFunction(() => /productreview_task: FAILED: product_reviews\.json/.test(
    (document.querySelector('.panel .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ')), null, { timeout: 15_000 });
  assert.match((await page.locator('.statusbar').textContent()) ?? '', /local.*FAILED/);
  await shot('08-log-after-failure');
  await expand('Tasks', 'productreview_task');
  const row = (await treeRows()).find((r) => r.startsWith('productreview_task'));
  assert.match(row ?? '', /FAILED/, row);
}));

test('Retry Failed Tasks re-runs the failed task of the last graph run, then says when nothing is left', { skip }, ui('retry', async () => {
  // The last graph run is the failed Run Task above; its file is still missing: fails again.
  await runCommand('Retail Pipeline: Retry Failed Tasks');
  await page.locator('.notification-toast', { hasText: /retry FAILED \(productreview_task\)/ }).first().waitFor({ timeout: 60_000 });
  cpSync(join(REPO, 'sample_data', 'product_reviews.json'), join(vs!.workspace, 'sample_data', 'product_reviews.json'));
  await runCommand('Retail Pipeline: Retry Failed Tasks');
  await page.locator('.notification-toast', { hasText: /retry SUCCEEDED \(productreview_task\)/ }).first().waitFor({ timeout: 60_000 });
  await page.locator('.pane-body .monaco-list-row', { hasText: 'productreview_task' }).filter({ hasText: 'SUCCEEDED' }).first().waitFor({ timeout: 20_000 });
  await runCommand('Retail Pipeline: Retry Failed Tasks');
  const nothing = page.locator('.notification-toast', { hasText: /attempt 3 SUCCEEDED: nothing to retry/ }).first();
  await nothing.waitFor({ timeout: 30_000 });
}));
