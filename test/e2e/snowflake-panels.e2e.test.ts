// End-to-end: the Run History and Traces panels on the Snowflake target, in a real VS Code
// (code-server 4.100.3) in Chromium, reading the account through the real snowflake-sdk from the
// executing Snowflake emulator (test/emulator/server.ts) in this test process. The account is
// deployed in full (MariaDB seeded from sample_data/) and its graph run once with the
// validation results table dropped, so data_validation_task really FAILED with Snowflake's error
// and the other 13 tasks SUCCEEDED (TASK_HISTORY, COMPLETE_TASK_GRAPHS), and the failed call's
// span, events and error log are in the event table; the table is then put back. Through the UI
// only: Select Target -> the connection; Open Run History -> the graph (one red node, 13
// green), the grid, the error in the details; "Retry failed" -> EXECUTE TASK … RETRY LAST, which
// the emulator runs, and attempt 2 turns the graph green; Open Traces -> the failed call's trace
// with its error and log. Screenshots: test-output/e2e/snowflake-panels-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { TASKS } from '../../src/core/manifest';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { startGraphRun } from '../../src/core/snowflake/operate';
import { buildDeployPlan } from '../../src/core/snowflake/plan';
import { provisionedEmulator, type Provisioned } from '../emulator/provision';
import type { SnowflakeEmulator } from '../emulator/server';
import { mysqlUnreachableReason } from '../helpers/mysql';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './harness';
import { useSnowflakeHome, type SnowflakeHome } from './snowflake-home';
import { e2eGate, expand, openWorkbench, runCommand, screenshots, selectTarget, showPipelineTree, SHOTS, treeRow, webviewFrame } from './workbench-ui';

const { reason, skip } = e2eGate();
const CONNECTION = 'e2e_panels';
const ROOT = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';
const LOGIN_PASSWORD = 'e2e-panels-pw';
const FAILED_TASK = 'data_validation_task';

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let account: Provisioned | undefined;
let double: SnowflakeEmulator | undefined;
let home: SnowflakeHome | undefined;
const { shot, ui } = screenshots(() => page, 'snowflake-panels-');

/** The failed graph run as the emulator recorded it. */
let G = '';
let ERROR = '';
/** The trace of the failed task's procedure call in the event table. */
let TRACE = '';

/** Deploys everything, runs the graph once with GE_VALIDATION_RESULTS missing (validation
 * fails), then puts the table back with the plan's own statement, ready for the retry. */
async function failedRunOnTheAccount(a: Provisioned): Promise<void> {
  const config = resolveDeployConfig();
  await a.client.execute('DROP TABLE "RETAIL_PIPELINE"."RETAIL"."GE_VALIDATION_RESULTS"');
  const run = await startGraphRun(a.client, config, 'execute', { intervalMs: 500, timeoutMs: 600_000 });
  assert.equal(run?.STATE, 'FAILED');
  assert.equal(run?.FIRST_ERROR_TASK_NAME, FAILED_TASK);
  G = run!.GRAPH_RUN_GROUP_ID;
  const failed = a.emu.runner.history.find((h) => h.GRAPH_RUN_GROUP_ID === G && h.NAME === FAILED_TASK.toUpperCase())!;
  ERROR = failed.ERROR_MESSAGE!;
  const events = await a.emu.events();
  const span = events.find((e) => e.RECORD_TYPE === 'SPAN' && JSON.stringify(e.RESOURCE_ATTRIBUTES).includes(failed.QUERY_ID))!;
  TRACE = (typeof span.TRACE === 'string' ? JSON.parse(span.TRACE) : span.TRACE as { trace_id: string }).trace_id;
  const create = buildDeployPlan({ config, dataDir: join(REPO, 'sample_data'), only: ['setup'] }).find((st) => /^CREATE TABLE IF NOT EXISTS GE_VALIDATION_RESULTS/.test(st.sql))!;
  await a.client.execute('USE SCHEMA "RETAIL_PIPELINE"."RETAIL"');
  await a.client.execute(create.sql);
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  const noMysql = await mysqlUnreachableReason();
  if (noMysql) throw new Error(`the Snowflake panels E2E runs the pipeline on the emulator, which loads from MariaDB: ${noMysql}`);
  mkdirSync(SHOTS, { recursive: true });
  account = await provisionedEmulator({
    login: { username: 'e2e_user', password: LOGIN_PASSWORD }, dataDir: join(REPO, 'sample_data'),
    parts: ['admin', 'setup', 'integrations', 'iceberg', 'stage', 'procedures', 'tasks'],
  });
  double = account.emu;
  await failedRunOnTheAccount(account);
  await account.client.destroy();
  home = useSnowflakeHome(
    `[${CONNECTION}]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${double.port}\nprotocol = "http"\nuser = "e2e_user"\npassword = "${LOGIN_PASSWORD}"\n`);
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  ({ browser, page } = await openWorkbench(vs, { width: 1500, height: 950 }));
  await showPipelineTree(page);
  await selectTarget(page, CONNECTION, `Target: snowflake (${CONNECTION})`);
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
  await account?.close();
  home?.restore();
});

/** The colour a CSS colour expression (e.g. var(--bad)) resolves to inside the webview. */
async function resolvedColour(inside: Locator, expression: string): Promise<string> {
  return inside.evaluate((el, expr) => {
    const probe = document.createElement('span');
    probe.style.color = expr; // CSSOM: the CSP refuses style attributes, not style properties
    el.ownerDocument.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }, expression);
}

test('Open Run History on Snowflake: the graph with the failed task red and the others green, the grid, the error in the details', { skip, timeout: 180_000 }, ui('history', async () => {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Retail Pipeline: Open Run History');
  const wv = webviewFrame(page);
  const nodes = wv.locator('svg.dag .node');
  await nodes.first().waitFor({ timeout: 60_000 });
  assert.match((await wv.locator('#graph .caption').textContent()) ?? '', new RegExp(`Graph run ${G.slice(0, 8)} attempt 1: FAILED`));
  const states = await nodes.evaluateAll((ns) => ns.map((n) => [(n as HTMLElement).dataset.task, (n as HTMLElement).dataset.state]));
  assert.equal(states.length, TASKS.length);
  assert.deepEqual(states.filter(([, s]) => s !== 'SUCCEEDED'), [[FAILED_TASK, 'FAILED']]);
  // The colours drawn: the failed node's outline is the theme's "failed" colour, the others "passed".
  // A push from the host (the tree's login, the poll) redraws the graph: a rect read while it is
  // replaced has no computed style yet (''), so read until it has one.
  const stroke = async (task: string): Promise<string> => {
    for (let i = 0; ; i++) {
      const c = await wv.locator(`svg.dag .node[data-task="${task}"] rect`).evaluate((r) => getComputedStyle(r).stroke);
      if (c || i === 50) return c;
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  const red = await resolvedColour(nodes.first(), 'var(--bad)');
  const green = await resolvedColour(nodes.first(), 'var(--ok)');
  assert.notEqual(red, green);
  assert.equal(await stroke(FAILED_TASK), red);
  for (const t of TASKS.filter((x) => x.name !== FAILED_TASK)) assert.equal(await stroke(t.name), green, t.name);
  const [r, g] = red.match(/\d+/g)!.map(Number);
  assert.ok(r > g, `the failed colour is red: ${red}`);
  // The failed task's details: its error, and the run's first error.
  await wv.locator(`svg.dag .node[data-task="${FAILED_TASK}"]`).click();
  assert.equal(await wv.locator('#error-message').textContent(), ERROR);
  assert.ok(((await wv.locator('#details').textContent()) ?? '').includes(`First error${FAILED_TASK}: ${ERROR}`));
  assert.equal(await wv.locator('#retry-failed').isEnabled(), true);
  // The panel logged in; the tree (which never logs in itself) hears of it and reads the account:
  // the failed task shows FAILED beside the panel without a Refresh.
  await expand(page, 'Tasks', FAILED_TASK);
  await treeRow(page, FAILED_TASK).filter({ hasText: 'FAILED' }).first().waitFor({ timeout: 30_000 });
  await shot('snowflake-panels-01-run-history-failed');
  await wv.getByRole('tab', { name: 'Grid' }).click();
  assert.equal(await wv.locator('#grid .grid-row').count(), 1);
  assert.equal(await wv.locator('#grid .grid-row .grid-cell.state-succeeded').count(), TASKS.length - 1);
  assert.deepEqual(await wv.locator('#grid .grid-row .grid-cell.state-failed').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.task)), [FAILED_TASK]);
  await shot('snowflake-panels-02-run-history-grid');
  await wv.getByRole('tab', { name: 'Graph' }).click();
}));

test('"Retry failed" sends EXECUTE TASK … RETRY LAST; the retry\'s attempt 2 turns the graph green', { skip, timeout: 180_000 }, ui('retry', async () => {
  const wv = webviewFrame(page);
  const before = double!.sqlTexts.length;
  await wv.locator('#retry-failed').click();
  const toast = page.locator('.notification-toast', { hasText: /Retry Failed Tasks (SUCCEEDED|FAILED)|retry failed to start/ }).first();
  await toast.waitFor({ timeout: 60_000 });
  assert.match((await toast.textContent()) ?? '', new RegExp(`Retry Failed Tasks SUCCEEDED \\(graph run ${G.slice(0, 8)} SUCCEEDED`));
  // The emulator ran attempt 2 of that graph run: the failed task only.
  const attempt2 = double!.runner.history.filter((h) => h.GRAPH_RUN_GROUP_ID === G && h.ATTEMPT_NUMBER === 2);
  assert.deepEqual(attempt2.map((h) => `${h.NAME}:${h.STATE}`), [`${FAILED_TASK.toUpperCase()}:SUCCEEDED`]);
  assert.deepEqual(double!.sqlTexts.slice(before).filter((t) => /^EXECUTE TASK/.test(t)), [`EXECUTE TASK ${ROOT} RETRY LAST`]);
  // The panel follows: attempt 2 re-ran the failed task; with attempt 1's successes all is green.
  await wv.locator('#graph .caption', { hasText: /attempt 2: SUCCEEDED/ }).waitFor({ timeout: 30_000 });
  const states = await wv.locator('svg.dag .node').evaluateAll((ns) => ns.map((n) => (n as HTMLElement).dataset.state));
  assert.equal(states.length, TASKS.length);
  assert.deepEqual([...new Set(states)], ['SUCCEEDED'], states.join(','));
  await page.keyboard.press('Escape');
  await shot('snowflake-panels-03-run-history-retried');
}));

test('"Open traces" in Run History finds the run\'s trace in the event table and opens it in Traces', { skip, timeout: 180_000 }, ui('open-traces', async () => {
  // TASK_HISTORY carries no trace id: the button must still be enabled, and the host looks the
  // trace up (event table, linked to the graph run through the task's query id).
  const btn = webviewFrame(page).locator('#open-traces');
  await btn.waitFor({ timeout: 30_000 });
  assert.equal(await btn.isDisabled(), false, 'Open traces is disabled on the Snowflake target');
  await btn.click();
  // The panel shows attempt 2 now: its one task run, the validation call that succeeded.
  const retried = double!.runner.history.find((h) => h.GRAPH_RUN_GROUP_ID === G && h.ATTEMPT_NUMBER === 2)!;
  const events = await double!.events();
  const span = events.find((e) => e.RECORD_TYPE === 'SPAN' && JSON.stringify(e.RESOURCE_ATTRIBUTES).includes(retried.QUERY_ID))!;
  const retryTrace = (typeof span.TRACE === 'string' ? JSON.parse(span.TRACE) : span.TRACE as { trace_id: string }).trace_id;
  const caption = webviewFrame(page).locator('.waterfall-pane .caption', { hasText: retryTrace });
  await caption.waitFor({ timeout: 60_000 });
  // One span: the validation procedure's call (Snowflake Scripting writes one span per call).
  assert.match((await caption.textContent()) ?? '', /· 1 spans/);
}));

test('Open Traces on Snowflake: the failed call\'s trace from the event table, its span with the error, and the error log', { skip, timeout: 180_000 }, ui('traces', async () => {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Retail Pipeline: Open Traces');
  const wv = webviewFrame(page);
  const row = wv.locator(`.trace-row[data-trace="${TRACE}"]`);
  await row.waitFor({ timeout: 60_000 });
  // Every procedure call of both graph runs is a trace of its own; the failed one says ERROR.
  assert.ok(await wv.locator('.trace-row[data-trace]').count() >= 14);
  assert.match((await row.textContent()) ?? '', /USP_GENERATEVALIDATIONRESULTS.*ERROR/);
  await row.click();
  await wv.locator('.span-row').first().waitFor({ timeout: 30_000 });
  assert.match((await wv.locator('.waterfall-pane .caption').textContent()) ?? '', new RegExp(`USP_GENERATEVALIDATIONRESULTS ${TRACE} · 1 spans`));
  const spans = await wv.locator('.span-row .span-label').evaluateAll((ls) => ls.map((l) => `${l.textContent}@${(l as HTMLElement).style.paddingLeft}`));
  assert.deepEqual(spans, ['USP_GENERATEVALIDATIONRESULTS@4px']);
  assert.equal(await wv.locator('.span-row', { hasText: 'USP_GENERATEVALIDATIONRESULTS' }).locator('.bar.state-error').count(), 1);
  await wv.locator('.span-row', { hasText: 'USP_GENERATEVALIDATIONRESULTS' }).click();
  assert.ok(((await wv.locator('#span-details').textContent()) ?? '').includes('GE_VALIDATION_RESULTS'));
  assert.match((await wv.locator('#logs').textContent()) ?? '', /data_validation_task failed: SQL compilation error:\s*Object 'RETAIL_PIPELINE\.RETAIL\.GE_VALIDATION_RESULTS' does not exist/);
  await shot('snowflake-panels-04-traces');
}));
