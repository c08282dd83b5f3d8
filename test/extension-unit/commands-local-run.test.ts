// The commands that run, read or validate the local target's warehouse, on a temp copy of
// sample_data and a real DuckDB warehouse (one workspace for the file: the tests run in order,
// first on an empty folder, then after Run Pipeline). Each command through its registered handler.
import { createHarness, holdRun, removeWorkspace, sampleWorkspace, waitFor, type Harness } from './harness';
import assert from 'node:assert/strict';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { TABLES } from '../../src/core/manifest';
import { commandTest } from './command-test';
import { Uri } from './fake-vscode';

let ws: string;
let h: Harness;
before(() => {
  ws = sampleWorkspace();
  h = createHarness(ws, { concurrency: 2 });
});
beforeEach(() => h.vs.clearRecords());
after(() => {
  h.dispose();
  removeWorkspace(ws);
});

const errorsShown = () => h.vs.shown.filter((s) => s.kind === 'error');

// ---- Before any run: nothing to read, validate or retry.

commandTest('retailPipeline.validateData', 'nothing to validate: no warehouse yet, the offer to run the pipeline declined', async () => {
  assert.equal(await h.run('retailPipeline.validateData'), undefined);
  assert.deepEqual(h.vs.messages('info'), ['Retail Pipeline: there is no warehouse to validate yet: run the pipeline first.']);
  assert.equal(h.vs.progress.length, 0);
});

commandTest('retailPipeline.retryFailedTasks', 'nothing to retry: no graph run recorded in this workspace', async () => {
  assert.equal(await h.run('retailPipeline.retryFailedTasks'), false);
  assert.deepEqual(h.vs.messages('info'), ['Retail Pipeline: No graph runs recorded in this workspace yet: nothing to retry.']);
});

commandTest('retailPipeline.previewTable', 'user error: the table has not been built yet', async () => {
  await h.run('retailPipeline.previewTable', 'SILVER_ORDERS');
  assert.deepEqual(errorsShown().map((s) => [s.message, s.offered]), [['Retail Pipeline: SILVER_ORDERS has not been built yet: run the pipeline first.', []]]);
});

commandTest('retailPipeline.revealIcebergFolder', 'user error: no Iceberg folder before the gold step ran', async () => {
  await h.run('retailPipeline.revealIcebergFolder', 'GOLD_CUSTOMER_INSIGHTS');
  assert.match(h.vs.messages('error')[0], /GOLD_CUSTOMER_INSIGHTS has no Iceberg folder yet .*run silver_gold_task/);
  assert.deepEqual(h.vs.foreignCommands, []);
});

commandTest('retailPipeline.runPipeline', 'user error: a missing data folder offers Generate Sample Data / Open Settings; Open Settings opens the setting', async () => {
  h.vs.settings.set('dataFolder', 'no-such-folder');
  try {
    h.vs.answer('error', 'Open Settings');
    assert.equal(await h.run('retailPipeline.runPipeline'), undefined);
    assert.deepEqual(errorsShown()[0].offered, ['Generate Sample Data', 'Open Settings']);
    assert.match(errorsShown()[0].message, /no-such-folder does not exist/);
    assert.deepEqual(h.vs.foreignCommands, [{ id: 'workbench.action.openSettings', args: ['retailPipeline.dataFolder'] }]);
    assert.equal(existsSync(join(ws, '.retail')), false, 'nothing was run');
  } finally {
    h.vs.settings.delete('dataFolder');
  }
});

commandTest('retailPipeline.runPipeline', 'cancellation: the progress notification cancelled stops the run, reported with Show Log / Retry', async () => {
  h.vs.cancelNextProgress = true;
  const state = await h.run('retailPipeline.runPipeline');
  assert.equal(state, 'CANCELLED');
  assert.equal(h.vs.progress[0].cancellable, true);
  assert.deepEqual(errorsShown()[0].offered, ['Show Log', 'Retry']);
  assert.match(errorsShown()[0].message, /^Retail Pipeline: Run Pipeline CANCELLED/);
  assert.equal(h.ctx.running, undefined, 'run state released');
});

commandTest('retailPipeline.retryFailedTasks', 'retries the cancelled run\'s tasks on the local target: attempt 2 SUCCEEDED', async () => {
  assert.equal(await h.run('retailPipeline.retryFailedTasks'), true);
  assert.deepEqual(errorsShown(), []);
  assert.match(h.vs.messages('info')[0], /^Retail Pipeline: retry SUCCEEDED \(.*retail_root_task/);
  assert.match(h.vs.progress[0].title, /retrying graph run/);
  assert.equal(h.ctx.lastRun?.state, 'SUCCEEDED');
});

commandTest('retailPipeline.runPipeline', 'runs the whole graph: 14/14 SUCCEEDED, one progress message per task start and finish', async () => {
  assert.equal(await h.run('retailPipeline.runPipeline'), 'SUCCEEDED');
  assert.match(h.vs.messages('info')[0], /^Retail Pipeline: Run Pipeline SUCCEEDED \(14\/14 tasks succeeded in /);
  assert.equal(h.vs.progress[0].messages.length, 28);
  assert.equal(h.ctx.lastRun?.state, 'SUCCEEDED');
  assert.equal(h.ctx.liveStates.size, 0, 'live states cleared after the run');
});

for (const [id, title, refused] of [
  ['retailPipeline.runPipeline', 'Run Pipeline', undefined], ['retailPipeline.validateData', 'Validate Data', undefined],
  ['retailPipeline.retryFailedTasks', 'Retry Failed Tasks', false],
] as const) {
  commandTest(id, 'a run already in progress in this window: a warning, nothing started (ctx.exclusive)', async () => {
    const release = holdRun(h.ctx);
    try {
      assert.equal(await h.run(id), refused);
      assert.equal(h.vs.messages('warning').length, 1);
      assert.ok(h.vs.messages('warning')[0].startsWith(`Retail Pipeline: a run is already in progress in this window; ${title}`), h.vs.messages('warning')[0]);
      assert.equal(h.vs.progress.length, 0);
    } finally {
      await release();
    }
    assert.equal(h.ctx.running, undefined, 'released');
  });
}

commandTest('retailPipeline.retryFailedTasks', 'nothing to retry: the last graph run succeeded', async () => {
  assert.equal(await h.run('retailPipeline.retryFailedTasks'), false);
  assert.match(h.vs.messages('info')[0], /has no failed, skipped or cancelled tasks to retry|nothing to retry/i);
  assert.equal(h.vs.progress.length, 0);
});

commandTest('retailPipeline.runTask', 'runs one task (argument from a tree row or another command): SUCCEEDED', async () => {
  assert.equal(await h.run('retailPipeline.runTask', 'productreview_task'), 'SUCCEEDED');
  assert.match(h.vs.messages('info')[0], /Run Task productreview_task SUCCEEDED \(1\/1 tasks/);
});

commandTest('retailPipeline.runTask', 'a failing task: FAILED with the task and the reason, Show Log / Retry offered', async () => {
  const reviews = join(ws, 'sample_data', 'product_reviews.json');
  renameSync(reviews, `${reviews}.away`);
  try {
    assert.equal(await h.run('retailPipeline.runTask', 'productreview_task'), 'FAILED');
    const shown = errorsShown()[0];
    assert.match(shown.message, /Run Task productreview_task FAILED at productreview_task: .*product_reviews\.json/);
    assert.deepEqual(shown.offered, ['Show Log', 'Retry']);
  } finally {
    renameSync(`${reviews}.away`, reviews);
  }
});

commandTest('retailPipeline.runTask', 'cancellation: the task quick pick dismissed runs nothing; the root task is not offered', async () => {
  assert.equal(await h.run('retailPipeline.runTask'), undefined);
  const offered = (h.vs.shown[0].offered as { label: string }[]).map((i) => i.label);
  assert.ok(!offered.includes('retail_root_task') && offered.includes('bronze_silver_task'));
  assert.equal(h.vs.progress.length, 0);
});

commandTest('retailPipeline.runFromTask', 'runs the task and everything downstream of it', async () => {
  h.vs.answer('quickPick', 'silver_gold_task');
  assert.equal(await h.run('retailPipeline.runFromTask'), 'SUCCEEDED');
  assert.match(h.vs.messages('info')[0], /Run From silver_gold_task SUCCEEDED \(3\/3 tasks/);
});

commandTest('retailPipeline.runFromTask', 'cancellation: dismissed pick runs nothing', async () => {
  assert.equal(await h.run('retailPipeline.runFromTask'), undefined);
  assert.equal(h.vs.progress.length, 0);
});

commandTest('retailPipeline.previewTable', 'opens a grid of the first rows of a built table', async () => {
  const def = TABLES.find((t) => t.name === 'SILVER_ORDERS')!;
  await h.run('retailPipeline.previewTable', { kind: 'table', def });
  assert.deepEqual(errorsShown(), []);
  const panel = h.vs.panels[0];
  assert.equal(panel.title, 'Preview: SILVER_ORDERS');
  assert.match(panel.html, /ORD0001/);
  assert.ok(h.vs.log.some((l) => /preview SILVER_ORDERS: \d+ of \d+ rows/.test(l.text)));
});

commandTest('retailPipeline.previewTable', 'user error: a name outside the manifest queries nothing', async () => {
  await h.run('retailPipeline.previewTable', 'NOPE; drop table x');
  assert.equal(errorsShown().length, 1);
  assert.match(errorsShown()[0].message, /NOPE/);
  assert.equal(h.vs.panels.length, 0);
});

commandTest('retailPipeline.revealIcebergFolder', 'reveals the table\'s folder inside the workspace in the Explorer', async () => {
  const dir = await h.run('retailPipeline.revealIcebergFolder', 'GOLD_CUSTOMER_INSIGHTS');
  assert.equal(typeof dir, 'string');
  assert.ok(existsSync(dir as string));
  assert.equal(h.vs.foreignCommands[0].id, 'revealInExplorer');
  assert.equal((h.vs.foreignCommands[0].args[0] as Uri).fsPath, dir);
});

commandTest('retailPipeline.revealIcebergFolder', 'user error: a table that is not Iceberg', async () => {
  await h.run('retailPipeline.revealIcebergFolder', 'SILVER_ORDERS');
  assert.deepEqual(h.vs.messages('error'), ['Retail Pipeline: SILVER_ORDERS is not an Iceberg table.']);
});

commandTest('retailPipeline.validateData', 'runs the expectation suites; a failing suite is a warning with Show Log / Open Quality View', async () => {
  const text = await h.run('retailPipeline.validateData');
  assert.match(String(text), /suite/);
  const shown = h.vs.shown.find((s) => s.kind === 'info' || s.kind === 'warning')!;
  assert.equal(shown.message, `Retail Pipeline: ${String(text)}.`);
  if (shown.kind === 'warning') assert.deepEqual(shown.offered, ['Show Log', 'Open Quality View']);
  assert.ok(h.vs.log.some((l) => /rows appended to GE_VALIDATION_RESULTS/.test(l.text)));
});

commandTest('retailPipeline.validateData', 'cancellation: no results written, said as information', async () => {
  h.vs.cancelNextProgress = true;
  assert.equal(await h.run('retailPipeline.validateData'), undefined);
  assert.match(h.vs.messages('info')[0], /Validate Data cancelled in VS Code: no results were written/);
  assert.equal(h.ctx.running, undefined);
});

// ---- The panels (their hosts' message handling, panels/host.ts + panels.ts) on the same warehouse.

type Posted = { kind: string; topic?: string; id?: number; ok?: boolean; result?: unknown; error?: string; data?: unknown; traces?: unknown[] };
const posted = (i = 0) => h.vs.panels[i].posted as Posted[];
const reply = (id: number) => waitFor(() => posted().find((m) => m.kind === 'reply' && m.id === id), `the reply to request ${id}`);

commandTest('retailPipeline.showRunHistory', 'the host waits for the page\'s ready, pushes history, answers history.load and drops what is not protocol', async () => {
  await h.run('retailPipeline.showRunHistory');
  const panel = h.vs.panels[0];
  assert.equal(panel.viewType, 'retailPipeline.runHistory');
  assert.match(panel.html, /Content-Security-Policy/);
  assert.deepEqual(panel.posted, [], 'nothing posted before the page is ready');
  panel.send({ kind: 'ready', panel: 'runHistory' });
  const history = await waitFor(() => posted().find((m) => m.topic === 'history'), 'the history push');
  const runs = (history.data as { runs: { state?: string; STATE?: string }[] }).runs;
  assert.ok(runs.length >= 4, `graph runs so far: ${runs.length}`);
  panel.send({ kind: 'request', id: 7, method: 'history.load', params: { limit: 2 } });
  const r = await reply(7);
  assert.equal(r.ok, true);
  assert.equal((r.result as { runs: unknown[] }).runs.length, 2);
  // Not protocol (an unknown method, a bad id): dropped and logged, never answered.
  panel.send({ kind: 'request', id: 8, method: 'history.dropTables', params: {} });
  panel.send({ kind: 'request', id: -1, method: 'history.load', params: {} });
  await waitFor(() => (h.vs.log.filter((l) => /dropped a message that is not part of the webview protocol/.test(l.text)).length === 2 ? true : undefined), 'two dropped messages');
  assert.equal(posted().filter((m) => m.kind === 'reply').length, 1);
});

commandTest('retailPipeline.showRunHistory', 'history.retryFailed: refused while a run is in progress; a run with nothing to retry says why', async () => {
  await h.run('retailPipeline.showRunHistory');
  const panel = h.vs.panels[0];
  panel.send({ kind: 'ready', panel: 'runHistory' });
  const history = await waitFor(() => posted().find((m) => m.topic === 'history'), 'the history push');
  const run = (history.data as { runs: { graphRunGroupId?: string; GRAPH_RUN_GROUP_ID?: string; state?: string; STATE?: string }[] }).runs
    .find((x) => (x.state ?? x.STATE) === 'SUCCEEDED')!;
  const id = run.graphRunGroupId ?? run.GRAPH_RUN_GROUP_ID;
  assert.ok(id, `a run id among ${JSON.stringify(Object.keys(run))}`);
  const release = holdRun(h.ctx);
  try {
    panel.send({ kind: 'request', id: 3, method: 'history.retryFailed', params: { graphRunGroupId: id } });
    const refused = await reply(3);
    assert.equal(refused.ok, false);
    assert.equal(refused.error, 'A run is already in progress in this window.');
  } finally {
    await release();
  }
  // The page hears at once that the retry started; the retry itself finds nothing to do.
  panel.send({ kind: 'request', id: 4, method: 'history.retryFailed', params: { graphRunGroupId: id } });
  assert.deepEqual((await reply(4)).result, { started: true });
  const said = await waitFor(() => h.vs.messages('error').find((m) => /retry failed to start/.test(m)), 'the retry\'s refusal');
  assert.match(said, /nothing to retry|no failed/i);
});

commandTest('retailPipeline.showTraces', 'pushes the traces list on ready; traces.get answers one trace\'s spans', async () => {
  await h.run('retailPipeline.showTraces');
  const panel = h.vs.panels[0];
  panel.send({ kind: 'ready', panel: 'traces' });
  const list = await waitFor(() => posted().find((m) => m.topic === 'traces'), 'the traces push');
  const traces = list.traces as { traceId: string }[];
  assert.ok(traces.length >= 1);
  panel.send({ kind: 'request', id: 1, method: 'traces.get', params: { traceId: traces[0].traceId } });
  const r = await reply(1);
  assert.equal(r.ok, true, r.error);
  assert.ok(JSON.stringify(r.result).includes(traces[0].traceId));
});

commandTest('retailPipeline.showDashboard', 'pushes the dashboard\'s KPIs and charts read from the warehouse; a second call reveals the same panel', async () => {
  await h.run('retailPipeline.showDashboard');
  const panel = h.vs.panels[0];
  panel.send({ kind: 'ready', panel: 'dashboard' });
  const dash = await waitFor(() => posted().find((m) => m.topic === 'dashboard'), 'the dashboard push');
  const data = dash.data as { kpis: Record<string, unknown>; charts: unknown[]; missing: unknown[] };
  assert.ok(Object.keys(data.kpis).length > 0);
  assert.ok(data.charts.length > 0);
  assert.deepEqual(data.missing, []);
  await h.run('retailPipeline.showDashboard');
  assert.equal(h.vs.panels.length, 1, 'one dashboard panel');
  assert.equal(panel.revealed.length, 1);
});

commandTest('retailPipeline.previewChart', 'pushes the top-preferences chart', async () => {
  await h.run('retailPipeline.previewChart');
  const panel = h.vs.panels[0];
  assert.equal(panel.viewType, 'retailPipeline.chartPreview');
  panel.send({ kind: 'ready', panel: 'chartPreview' });
  const chart = await waitFor(() => posted().find((m) => m.topic === 'chart'), 'the chart push');
  assert.match(JSON.stringify(chart.data), /\$schema|vega/i);
});

commandTest('retailPipeline.exportChart', 'writes the chart HTML and its CSV to @SOURCE_FILES under the given name', async () => {
  const r = (await h.run('retailPipeline.exportChart', 'unit_chart.html')) as { stage: string; files: { name: string; size: number }[] };
  assert.deepEqual(h.vs.messages('error'), []);
  // The page, its CSV and the Vega-Lite spec beside them.
  assert.deepEqual(r.files.map((f) => f.name).sort(), ['customer_preference_counts.csv', 'unit_chart.html', 'unit_chart.vl.json']);
  assert.ok(r.files.every((f) => f.size > 0));
  assert.match(h.vs.messages('info')[0], /exported .*unit_chart\.html.* to @SOURCE_FILES/);
});

commandTest('retailPipeline.exportChart', 'cancellation: the file name box dismissed exports nothing', async () => {
  assert.equal(await h.run('retailPipeline.exportChart'), undefined);
  assert.equal(h.vs.shown[0].kind, 'inputBox');
  assert.deepEqual(h.vs.messages('info'), []);
});

commandTest('retailPipeline.exportChart', 'user error: a file name with a path is refused, nothing written', async () => {
  assert.equal(await h.run('retailPipeline.exportChart', '../outside.html'), undefined);
  assert.equal(h.vs.messages('error').length, 1);
  assert.equal(existsSync(join(ws, 'outside.html')), false);
});
