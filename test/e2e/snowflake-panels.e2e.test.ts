// End-to-end: the Run History and Traces panels on the Snowflake target, in a real VS Code
// (code-server 4.100.3) in Chromium, reading the account through the real snowflake-sdk from the
// wire-protocol double (test/helpers/snowflake-double.ts) in this test process. The double serves
// one graph run (EXECUTE TASK, 20 minutes ago) in which data_validation_task FAILED and the other
// 13 tasks SUCCEEDED (TASK_HISTORY, COMPLETE_TASK_GRAPHS), and that task's trace in the event
// table. Through the UI only: Select Target -> the connection; Open Run History -> the graph (one
// red node, 13 green), the grid, the error in the details; "Retry failed" -> EXECUTE TASK … RETRY
// LAST reaches the double, and attempt 2 turns the graph green; Open Traces -> the trace and its
// nested spans. Screenshots: test-output/e2e/snowflake-panels-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { TASKS } from '../../src/core/manifest';
import { SnowflakeDouble } from '../helpers/snowflake-double';
import { EVENT_COLUMNS, GRAPH_COLUMNS, HISTORY_COLUMNS, json, rs, selectedHistoryColumns, TRACE_LIST_COLUMNS, type Model } from '../helpers/snowflake-panel-rows';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './harness';
import { useSnowflakeHome, type SnowflakeHome } from './snowflake-home';
import { e2eGate, openWorkbench, runCommand, screenshots, selectTarget, showPipelineTree, SHOTS, treeRow, webviewFrame } from './workbench-ui';

const { reason, skip } = e2eGate();
const CONNECTION = 'e2e_panels';
const ROOT = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let double: SnowflakeDouble | undefined;
let home: SnowflakeHome | undefined;
const { shot, ui } = screenshots(() => page, 'snowflake-panels-');

// ---- The account's history: one graph run, its retry once asked for, one trace -----------------

const NOW = Math.floor(Date.now() / 1000) * 1000;
/** ISO time `seconds` after the graph run was scheduled (20 minutes ago). */
const at = (seconds: number) => new Date(NOW - 20 * 60_000 + seconds * 1000).toISOString();
const G = 'e2e0cafe-0001-4000-8000-000000000001';
const FAILED_TASK = 'data_validation_task';
const ERROR = 'Expectation suite silver_product_reviews failed: 3 of 120 rows have a NULL REVIEW_RATING';
const where = { DATABASE_NAME: 'RETAIL_PIPELINE', SCHEMA_NAME: 'RETAIL', ROOT_TASK_ID: 'e2e-root', GRAPH_VERSION: '1', RUN_ID: '1', CONFIG: null, GRAPH_RUN_GROUP_ID: G };

const taskRun = (name: string, attempt: number, state: string, start: number, extra: Model = {}): Model => ({
  ...where, QUERY_ID: `01e2e-${attempt}-${name}`, NAME: name.toUpperCase(), QUERY_TEXT: 'CALL …', CONDITION_TEXT: null, STATE: state,
  ERROR_CODE: null, ERROR_MESSAGE: null, SCHEDULED_TIME: at(0), QUERY_START_TIME: at(start), NEXT_SCHEDULED_TIME: null, COMPLETED_TIME: at(start + 2),
  RETURN_VALUE: null, SCHEDULED_FROM: attempt === 1 ? 'EXECUTE TASK' : 'MANUAL RETRY', ATTEMPT_NUMBER: String(attempt), ...extra,
});
const attempt1 = TASKS.map((t, i) => (t.name === FAILED_TASK
  ? taskRun(t.name, 1, 'FAILED', i * 3, { ERROR_CODE: '100132', ERROR_MESSAGE: ERROR })
  : taskRun(t.name, 1, 'SUCCEEDED', i * 3)));
// RETRY LAST re-runs only the failed task.
const attempt2 = [taskRun(FAILED_TASK, 2, 'SUCCEEDED', 120)];
const graphRun = (attempt: number, state: string, start: number, done: number, error?: string): Model => ({
  ...where, ROOT_TASK_NAME: 'RETAIL_ROOT_TASK', STATE: state, SCHEDULED_FROM: attempt === 1 ? 'EXECUTE TASK' : 'MANUAL RETRY',
  FIRST_ERROR_TASK_NAME: error ? FAILED_TASK.toUpperCase() : null, FIRST_ERROR_CODE: error ? '100132' : null, FIRST_ERROR_MESSAGE: error ?? null,
  SCHEDULED_TIME: at(start), QUERY_START_TIME: at(start), NEXT_SCHEDULED_TIME: null, COMPLETED_TIME: at(done), ATTEMPT_NUMBER: String(attempt),
});

// The failed task's trace (it ran from 30 s: its index in TASKS times 3 s): the procedure's span, the suite's span (failed) with a query below
// it, and the insert of the results; one log record.
const TRACE = 'e2e0000000000000000000000000cafe';
const span = (id: string, parent: string | null, name: string, start: number, end: number, code: string, message?: string): Model => ({
  TIMESTAMP: at(end), START_TIMESTAMP: at(start), OBSERVED_TIMESTAMP: at(end), TRACE: JSON.stringify({ trace_id: TRACE, span_id: id }), RESOURCE: null,
  RESOURCE_ATTRIBUTES: JSON.stringify({ 'snow.query.id': `01e2e-1-${FAILED_TASK}`, 'snow.database.name': 'RETAIL_PIPELINE', 'snow.schema.name': 'RETAIL' }),
  SCOPE: JSON.stringify({ name: 'snow.sql' }), SCOPE_ATTRIBUTES: null, RECORD_TYPE: 'SPAN',
  RECORD: JSON.stringify({ name, kind: 'SPAN_KIND_INTERNAL', ...(parent ? { parent_span_id: parent } : {}), status: { code, ...(message ? { message } : {}) } }),
  RECORD_ATTRIBUTES: JSON.stringify({ 'snow.output.rows': 120 }), VALUE: null, EXEMPLARS: null,
});
const events: Model[] = [
  span('00000000000000a1', null, 'USP_GENERATEVALIDATIONRESULTS', 30, 31.8, 'STATUS_CODE_ERROR', ERROR),
  span('00000000000000a2', '00000000000000a1', 'EXPECTATION SUITE silver_product_reviews', 30.1, 31.2, 'STATUS_CODE_ERROR', ERROR),
  span('00000000000000a3', '00000000000000a2', 'SELECT SILVER_PRODUCT_REVIEWS', 30.2, 30.9, 'STATUS_CODE_OK'),
  span('00000000000000a4', '00000000000000a1', 'INSERT INTO DATA_QUALITY_RESULTS', 31.3, 31.7, 'STATUS_CODE_OK'),
  { ...span('00000000000000a1', null, '', 31.75, 31.75, ''), RECORD_TYPE: 'LOG', START_TIMESTAMP: null, RECORD: JSON.stringify({ severity_text: 'ERROR' }),
    RECORD_ATTRIBUTES: null, VALUE: JSON.stringify(`data_validation_task failed: ${ERROR}`) },
];

let retried = false;
let retryStatements = 0;

/** The account's answers to the panels' reads (what each read filters is the unit test's job:
 * test/snowflake-panel-data.test.ts; here every read of the pipeline's schema gets its rows). */
function serve(d: SnowflakeDouble): void {
  d.respond((st) => {
    if (/ RETRY LAST$/.test(st.sqlText)) {
      retryStatements++;
      retried = true;
    }
    return undefined;
  });
  d.respond((st) => {
    if (!/TASK_HISTORY\(/.test(st.sqlText)) return undefined;
    const [, , , ...queryIds] = st.binds;
    let rows = [...attempt1, ...(retried ? attempt2 : [])].filter((r) => !queryIds.length || queryIds.includes(r.QUERY_ID));
    // The tree's read keeps each task's newest run (QUALIFY … = 1).
    if (/QUALIFY ROW_NUMBER\(\)/.test(st.sqlText)) rows = [...new Map(rows.map((r) => [r.NAME, r])).values()];
    return rs(selectedHistoryColumns(st.sqlText) ?? HISTORY_COLUMNS, rows);
  });
  d.respond((st) => {
    if (/COMPLETE_TASK_GRAPHS\(/.test(st.sqlText)) {
      return rs(GRAPH_COLUMNS, [graphRun(1, 'FAILED', 0, 44, ERROR), ...(retried ? [graphRun(2, 'SUCCEEDED', 120, 122)] : [])]);
    }
    return /CURRENT_TASK_GRAPHS\(/.test(st.sqlText) ? rs(GRAPH_COLUMNS, []) : undefined;
  });
  d.answer(/INFORMATION_SCHEMA\.TABLES\b/, rs([['TABLE_NAME', 'text'], ['TABLE_TYPE', 'text'], ['ROW_COUNT', 'fixed'], ['LAST_ALTERED', 'timestamp_ltz']], []));
  d.respond((st) => {
    if (!st.sqlText.includes('FROM "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS"')) return undefined;
    const spans = events.filter((e) => e.RECORD_TYPE === 'SPAN');
    if (/GROUP BY TRACE_ID/.test(st.sqlText)) {
      return rs(TRACE_LIST_COLUMNS, [{
        TRACE_ID: TRACE, NAME: 'USP_GENERATEVALIDATIONRESULTS', START_TIME: at(30), END_TIME: at(31.8), SPAN_COUNT: String(spans.length),
        ERROR_SPANS: String(spans.filter((e) => json(e.RECORD).status.code === 'STATUS_CODE_ERROR').length),
        OK_SPANS: String(spans.filter((e) => json(e.RECORD).status.code === 'STATUS_CODE_OK').length), QUERY_ID: `01e2e-1-${FAILED_TASK}`,
      }]);
    }
    return rs(EVENT_COLUMNS, st.binds[0] === TRACE ? events : []);
  });
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  mkdirSync(SHOTS, { recursive: true });
  double = await SnowflakeDouble.start();
  serve(double);
  home = useSnowflakeHome(
    `[${CONNECTION}]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${double.port}\nprotocol = "http"\nuser = "e2e_user"\npassword = "e2e-panels-pw"\n`);
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  ({ browser, page } = await openWorkbench(vs, { width: 1500, height: 950 }));
  await showPipelineTree(page);
  await selectTarget(page, CONNECTION, `Target: snowflake (${CONNECTION})`);
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
  await double?.stop();
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
  const stroke = (task: string) => wv.locator(`svg.dag .node[data-task="${task}"] rect`).evaluate((r) => getComputedStyle(r).stroke);
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
  assert.match((await wv.locator('#details').textContent()) ?? '', new RegExp(`First error${FAILED_TASK}: ${ERROR}`));
  assert.equal(await wv.locator('#retry-failed').isEnabled(), true);
  // The panel logged in; the tree (which never logs in itself) hears of it and reads the account:
  // the failed task shows FAILED beside the panel without a Refresh.
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
  assert.equal(retryStatements, 1);
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
  const caption = webviewFrame(page).locator('.waterfall-pane .caption', { hasText: TRACE });
  await caption.waitFor({ timeout: 60_000 });
  assert.match((await caption.textContent()) ?? '', /· 4 spans/);
}));

test('Open Traces on Snowflake: the trace from the event table, its waterfall with the nested spans, the error and the log', { skip, timeout: 180_000 }, ui('traces', async () => {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Retail Pipeline: Open Traces');
  const wv = webviewFrame(page);
  const row = wv.locator(`.trace-row[data-trace="${TRACE}"]`);
  await row.waitFor({ timeout: 60_000 });
  assert.equal(await wv.locator('.trace-row[data-trace]').count(), 1);
  assert.match((await row.textContent()) ?? '', /USP_GENERATEVALIDATIONRESULTS.*ERROR4$/);
  await row.click();
  await wv.locator('.span-row').nth(3).waitFor({ timeout: 30_000 });
  assert.match((await wv.locator('.waterfall-pane .caption').textContent()) ?? '', new RegExp(`USP_GENERATEVALIDATIONRESULTS ${TRACE} · 4 spans`));
  // Tree order with each span indented by its depth (14 px a level).
  const spans = await wv.locator('.span-row .span-label').evaluateAll((ls) => ls.map((l) => `${l.textContent}@${(l as HTMLElement).style.paddingLeft}`));
  assert.deepEqual(spans, ['USP_GENERATEVALIDATIONRESULTS@4px', 'EXPECTATION SUITE silver_product_reviews@18px', 'SELECT SILVER_PRODUCT_REVIEWS@32px', 'INSERT INTO DATA_QUALITY_RESULTS@18px']);
  assert.equal(await wv.locator('.span-row', { hasText: 'EXPECTATION SUITE' }).locator('.bar.state-error').count(), 1);
  assert.equal(await wv.locator('.span-row', { hasText: 'SELECT SILVER_PRODUCT_REVIEWS' }).locator('.bar.state-ok').count(), 1);
  await wv.locator('.span-row', { hasText: 'EXPECTATION SUITE' }).click();
  assert.ok(((await wv.locator('#span-details').textContent()) ?? '').includes(ERROR));
  assert.match((await wv.locator('#logs').textContent()) ?? '', /data_validation_task failed: Expectation suite/);
  await shot('snowflake-panels-04-traces');
}));
