// The Traces panel on a real run (headless Chromium, the real bundle from dist/media, the data
// the extension host would send from loadTrace): a task's span lists its span events with their
// offset, name and attributes, the metrics pane beside it shows the task's METRIC records, and
// the graph run's root span shows every task's metrics. Hostile strings in metrics are covered
// by the XSS tests of test/webview.test.ts.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { listTraces, loadTrace } from '../src/core/dashboard/history-data';
import { TASKS } from '../src/core/manifest';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { TASK_EVENT, TASK_METRIC } from '../src/core/telemetry/task-telemetry';
import type { HostMessage, TraceDetail, TraceSummary } from '../src/shared/webview-protocol';
import { cli, REPO } from './helpers/cli';
import { chromiumPath, launchChromium, MEDIA, openPanel } from './helpers/webview-harness';

const OUT = join(REPO, 'test-output');
let browser: Browser | undefined;
let ws = '';
let traces: TraceSummary[] = [];
let detail: TraceDetail | undefined;

before(async () => {
  if (!existsSync(chromiumPath()) || !existsSync(join(MEDIA, 'traces.js'))) return;
  ws = mkdtempSync(join(tmpdir(), 'rp-webview-traces-'));
  cpSync(join(REPO, 'sample_data'), join(ws, 'data'), { recursive: true });
  const run = cli(['run', '--data', join(ws, 'data'), '--workspace', ws]);
  assert.equal(run.code, 0, run.stderr);
  const wh = await LocalWarehouse.open(ws);
  try {
    traces = await listTraces(wh);
    detail = await loadTrace(wh, traces[0].traceId);
  } finally {
    wh.close();
  }
  browser = await launchChromium();
  mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

test('the host sends every METRIC record of the trace with its span', () => {
  const d = detail;
  if (!d) return;
  const taskSpans = d.spans.filter((s) => TASKS.some((t) => t.name === s.name));
  assert.equal(taskSpans.length, 14);
  for (const s of taskSpans) {
    assert.equal(s.events.length, Object.values(TASK_EVENT).length, s.name);
    const names: Set<string> = new Set((d.metrics ?? []).filter((m) => m.spanId === s.spanId).map((m) => m.name));
    assert.deepEqual([...names].sort(), Object.values(TASK_METRIC).sort(), s.name);
  }
});

test('Traces panel: span events on the selected task span, its metrics beside them, every task\'s on the root span', { timeout: 120_000 }, async (t) => {
  if (!browser || !detail) return t.skip('Chromium or the dist/media bundles are missing');
  const d = detail;
  const hp = await openPanel(browser, 'traces', (m) => {
    if (m.kind === 'ready') return [{ kind: 'push', topic: 'traces', traces }];
    if (m.method === 'traces.get') return [{ kind: 'reply', id: m.id as number, ok: true, method: 'traces.get', result: d } as HostMessage];
    return [];
  });
  try {
    const { page } = hp;
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForSelector('.span-row');
    // The root span (the graph run) is selected first: the metrics pane lists every task.
    await page.waitForSelector('#span-metrics h3');
    const sections = await page.locator('#span-metrics h3').allTextContents();
    assert.deepEqual([...sections].sort(), TASKS.map((x) => x.name).sort());

    const task = d.spans.find((s) => s.name === 'bronze_silver_task')!;
    // The waterfall is virtualised: scroll until the task's row is drawn.
    const row = page.locator(`.span-row[data-span="${task.spanId}"]`);
    for (let i = 0; i < 200 && !(await row.count()); i++) { await page.locator('.vlist.waterfall').evaluate((el) => { el.scrollTop += 150; }); await page.waitForTimeout(30); }
    await row.click();
    await page.waitForSelector('#span-events li');
    const events = await page.locator('#span-events li').allTextContents();
    assert.equal(events.length, 5);
    for (const name of Object.values(TASK_EVENT)) assert.ok(events.some((e) => e.includes(name)), `${name} listed: ${events.join(' | ')}`);
    const rowsRead = events.find((e) => e.includes(TASK_EVENT.rowsRead))!;
    assert.match(rowsRead, /^\+\d[\d.]* (ms|s) rows_read snow\.input\.rows=\d+$/);
    assert.ok(rowsRead.endsWith(`=${task.attributes['snow.input.rows']}`), 'the event shows the rows the task read');

    const metricRows = await page.locator('#span-metrics tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-metric'), tr.textContent]));
    assert.deepEqual([...new Set(metricRows.map(([name]) => name))].sort(), Object.values(TASK_METRIC).sort());
    const text = (name: string) => metricRows.filter(([n]) => n === name).map(([, v]) => v ?? '');
    assert.match(text(TASK_METRIC.memoryUsage)[0], /process\.memory\.usage[\d,]+\.\d MB$/);
    assert.deepEqual(text(TASK_METRIC.cpuTime).map((x) => /\((user|system)\)/.exec(x)?.[1]).sort(), ['system', 'user']);
    assert.match(text(TASK_METRIC.rowsRead)[0], new RegExp(`${Number(task.attributes['snow.input.rows']).toLocaleString('en-US')}$`));
    await page.screenshot({ path: join(OUT, 'webview-traces-metrics.png'), fullPage: true });
    assert.deepEqual(hp.pageErrors, []);
    assert.deepEqual(hp.violations, []);
  } finally {
    await hp.close();
  }
});
