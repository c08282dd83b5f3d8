// First paint of the two list panels on large data, in headless Chromium: Run History's grid
// with N graph runs (14 task rows each) and Traces' waterfall with an N-span trace. Shared by
// the functional scale test (test/webview-run-data.test.ts: virtualised, filters, scroll to the end) and
// the benchmark (bench/webview-paint.bench.ts: timings and the ratio to a small data set).
import type { Browser } from 'playwright-core';
import { graphTasks } from '../../src/core/dashboard/history-data';
import { openPanel, type HarnessPage } from './webview-harness';

export type ListPanel = 'runHistory' | 'traces';

/** The selector of one rendered row of each panel's virtualised list. */
export const ROW_SELECTOR: Record<ListPanel, string> = { runHistory: '#grid .grid-row', traces: '.span-row' };

/** Runs in the page: builds the message there (a 40 MB object graph would take the harness's
 * CDP bridge far longer to carry than VS Code's postMessage), answers the page's requests in the
 * page, and measures from the message's arrival (its JSON parse included, like postMessage's
 * structured clone) to the first animation frame after the rows are in the DOM, i.e. the frame
 * that paints them. */
const PAINT_IN_PAGE = `async ({ tasks, kind, count, rowSel }) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const until = async (sel) => { while (!document.querySelector(sel)) await frame(); await frame(); };
  const now = Date.now();
  if (kind === 'runHistory') {
    const runs = [], taskRuns = [];
    for (let i = 0; i < count; i++) {
      const id = '00000000-0000-4000-8000-' + String(i).padStart(12, '0');
      const start = now - i * 3600000, failed = i % 7 === 3;
      runs.push({ graphRunGroupId: id, attempt: 1, state: failed ? 'FAILED' : 'SUCCEEDED', scheduledFrom: 'SCHEDULE', startMs: start, endMs: start + 5000, durationMs: 5000, taskCount: tasks.length, firstErrorTask: null, firstErrorMessage: null, traceId: null });
      tasks.forEach((tk, j) => taskRuns.push({ graphRunGroupId: id, attempt: 1, name: tk.name, state: failed && j === 3 ? 'FAILED' : 'SUCCEEDED', startMs: start + j * 200, endMs: start + j * 200 + 150, durationMs: 150, errorCode: null, errorMessage: null, returnValue: null, rowsIn: 1, rowsOut: 1, rowsRejected: 0, tries: 1, scheduledFrom: 'SCHEDULE' }));
    }
    const json = JSON.stringify({ kind: 'push', topic: 'history', data: { tasks, runs, taskRuns } });
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) }));
    await until(rowSel);
    return { ms: performance.now() - t0, bytes: json.length };
  }
  const s0 = 1700000000000000, spans = [{ spanId: '000000000000000r', parentSpanId: null, name: 'graph run', startUs: s0, endUs: s0 + 100000000, status: 'OK', statusMessage: null, attributes: {}, events: [] }];
  for (let i = 0; spans.length < count; i++) {
    const pid = ('t' + i).padStart(16, '0');
    spans.push({ spanId: pid, parentSpanId: spans[0].spanId, name: 'task ' + i, startUs: s0 + i * 1000, endUs: s0 + i * 1000 + 90000, status: 'OK', statusMessage: null, attributes: { 'snow.input.rows': i }, events: [] });
    for (let k = 0; k < 99 && spans.length < count; k++) spans.push({ spanId: ('q' + i + 'x' + k).padStart(16, '0'), parentSpanId: pid, name: 'query ' + k, startUs: s0 + i * 1000 + k * 900, endUs: s0 + i * 1000 + k * 900 + 800, status: 'OK', statusMessage: null, attributes: {}, events: [] });
  }
  const traceId = 'ab'.repeat(16);
  const detailJson = JSON.stringify({ traceId, spans, logs: [] });
  // The reply is serialised before the clock starts (the host's work, not the page's); the
  // page's acquireVsCodeApi stub parses it once, as postMessage's structured clone would.
  const replyJson = (id) => '[{"kind":"reply","id":' + id + ',"ok":true,"method":"traces.get","result":' + detailJson + '}]';
  window.__retailHost = async (m) => (m.kind === 'request' ? replyJson(m.id) : '[]');
  const t0 = performance.now();
  window.dispatchEvent(new MessageEvent('message', { data: { kind: 'push', topic: 'traces', traces: [{ traceId, name: 'graph run', startMs: s0 / 1000, durationMs: 100000, status: 'OK', spanCount: spans.length, graphRunGroupId: null, attempt: null }] } }));
  await until(rowSel);
  return { ms: performance.now() - t0, bytes: detailJson.length };
}`;

export interface FirstPaint {
  /** From the data message's arrival to the frame that paints the first rows. */
  ms: number;
  /** Size of the message as JSON. */
  bytes: number;
  /** The open page (the caller closes it). */
  hp: HarnessPage;
}

/** Opens a fresh panel at 1400x900 and measures its first paint of `count` runs or spans. Run
 * History is on its Grid tab, where the runs are listed. */
export async function firstPaint(browser: Browser, panel: ListPanel, count: number): Promise<FirstPaint> {
  // The page asks for nothing it needs: the data is pushed from inside it.
  const hp = await openPanel(browser, panel, () => []);
  try {
    await hp.page.setViewportSize({ width: 1400, height: 900 });
    await hp.page.waitForFunction('document.getElementById("app").childElementCount > 0');
    if (panel === 'runHistory') await hp.page.getByRole('tab', { name: 'Grid' }).click();
    const args = { tasks: graphTasks(), kind: panel, count, rowSel: ROW_SELECTOR[panel] };
    const r = await hp.page.evaluate(`(${PAINT_IN_PAGE})(${JSON.stringify(args)})`) as { ms: number; bytes: number };
    return { ...r, hp };
  } catch (e) {
    await hp.close();
    throw e;
  }
}
