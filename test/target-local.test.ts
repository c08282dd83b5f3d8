// The local target behind the Target interface, on a real DuckDB file: before any run (nothing
// created, reads say so), a real run of the sample data with one source file missing (the load
// fails, its downstream is skipped, progress reported), the retry once the file is back (attempt
// 2 of the same graph run, only the tasks that did not succeed), the reads after it (snapshot,
// run history, traces of the run, one trace), --only / --from selections, a single task,
// validation and the Quality view's read, and close().
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../src/core/log';
import { downstreamOf, TASKS } from '../src/core/manifest';
import { openLocalTarget } from '../src/core/targets/local/local-driver';
import { warehouseFile } from '../src/core/targets/local/state-dir';
import { isNothingToRetry, TARGET_NOT_READY, type RunOutcome, type RunProgress } from '../src/core/targets/target';
import { REPO } from './helpers/cli';

const root = mkdtempSync(join(tmpdir(), 'rp-target-local-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ws = join(root, 'ws');
const data = join(root, 'data');
cpSync(join(REPO, 'sample_data'), data, { recursive: true });
const target = openLocalTarget({ workspace: ws, log: silentLogger, execution: () => ({ dataDir: data }) });
after(() => target.close());

const outcome = (r: RunOutcome | { nothingToRetry: string }): RunOutcome => {
  assert.ok(!isNothingToRetry(r), `expected a run, got: ${JSON.stringify(r)}`);
  return r;
};

test('before the first run: nothing to read, nothing to retry, and no warehouse file created', async () => {
  assert.equal(target.kind, 'local');
  assert.equal(target.capabilities.hasLocalWarehouse, true);
  assert.equal(target.connected, true);
  assert.equal(await target.snapshot(), undefined);
  assert.deepEqual(await target.quality(['orders', { name: 'customers', table: 'SILVER_CUSTOMERS' }]), [{ name: 'customers' }, { name: 'orders' }]);
  await assert.rejects(target.runHistory(), (e: unknown) => (e as { code?: string }).code === TARGET_NOT_READY && /run the pipeline first/.test((e as Error).message));
  await assert.rejects(target.validate(), (e: unknown) => (e as { code?: string }).code === TARGET_NOT_READY);
  const retry = await target.retry();
  assert.ok(isNothingToRetry(retry) && /No graph runs/.test(retry.nothingToRetry));
  assert.equal(existsSync(warehouseFile(ws)), false);
});

let firstRun: RunOutcome;

test('a run with product_reviews.json missing: the load FAILED, what depends on it SKIPPED, progress for every task', async () => {
  renameSync(join(data, 'product_reviews.json'), join(data, 'reviews.away'));
  const progress: RunProgress[] = [];
  firstRun = await target.run({ onProgress: (p) => progress.push(p) });
  assert.equal(firstRun.state, 'FAILED');
  assert.equal(firstRun.attemptNumber, 1);
  assert.equal(firstRun.tasks.length, TASKS.length);
  assert.equal(firstRun.firstError?.task, 'productreview_task');
  const state = new Map(firstRun.tasks.map((t) => [t.name, t.state]));
  assert.equal(state.get('productreview_task'), 'FAILED');
  for (const t of downstreamOf('productreview_task').filter((n) => n !== 'productreview_task')) assert.equal(state.get(t), 'SKIPPED', t);
  assert.equal(state.get('customer_preferences_task'), 'SUCCEEDED');
  const started = progress.find((p) => p.type === 'started');
  assert.ok(started && started.type === 'started' && started.graphRunGroupId === firstRun.graphRunGroupId && started.tasks.length === TASKS.length);
  const finished = progress.filter((p) => p.type === 'task' && p.state !== 'EXECUTING');
  assert.equal(finished.length, TASKS.length, 'one final state per task');
  assert.ok(progress.some((p) => p.type === 'task' && p.task === 'productreview_task' && p.state === 'FAILED' && p.error));
  assert.ok(firstRun.traceId, 'the run has a trace');
});

test('retry once the file is back: attempt 2 of the same graph run, only the failed and skipped tasks, then nothing to retry', async () => {
  renameSync(join(data, 'reviews.away'), join(data, 'product_reviews.json'));
  const r = outcome(await target.retry());
  assert.equal(r.state, 'SUCCEEDED');
  assert.equal(r.graphRunGroupId, firstRun.graphRunGroupId);
  assert.equal(r.attemptNumber, 2);
  const expected = firstRun.tasks.filter((t) => t.state !== 'SUCCEEDED').map((t) => t.name).sort();
  assert.deepEqual(r.tasks.map((t) => t.name).sort(), expected);
  const again = await target.retry();
  assert.ok(isNothingToRetry(again) && /SUCCEEDED: nothing to retry/.test(again.nothingToRetry), JSON.stringify(again));
});

test('reads after the runs: snapshot, run history, the traces of the graph run and one trace', async () => {
  const snap = await target.snapshot();
  assert.ok(snap);
  assert.equal(snap.rowCounts.get('BRONZE_PRODUCT_REVIEWS'), 220);
  assert.ok((snap.rowCounts.get('SILVER_CUSTOMERS') ?? 0) > 0);
  for (const t of TASKS) assert.equal(snap.lastRuns.get(t.name)?.state, 'SUCCEEDED', t.name);
  const history = await target.runHistory(10);
  const attempts = history.runs.filter((r) => r.graphRunGroupId === firstRun.graphRunGroupId).map((r) => [r.attempt, r.state]);
  assert.deepEqual(attempts.sort(), [[1, 'FAILED'], [2, 'SUCCEEDED']]);
  const ids = await target.tracesOfRun(firstRun.graphRunGroupId);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], firstRun.traceId);
  const listed = await target.traces();
  assert.deepEqual(listed.filter((t) => t.graphRunGroupId === firstRun.graphRunGroupId).map((t) => t.traceId).sort(), [...ids].sort());
  const detail = await target.trace(ids[1]);
  assert.equal(detail.traceId, ids[1]);
  assert.ok(detail.spans.some((s) => /productreview_task/i.test(s.name)), 'the retry\'s trace has the retried task\'s span');
});

test('selections: --only runs those tasks, --from a task and its downstream; a single task is a recorded run of it', async () => {
  const only = await target.run({ selection: { kind: 'only', tasks: ['silver_gold_task', 'retail_root_task'] } });
  assert.deepEqual(only.tasks.map((t) => t.name).sort(), ['retail_root_task', 'silver_gold_task']);
  assert.equal(only.state, 'SUCCEEDED');
  const from = await target.run({ selection: { kind: 'from', task: 'silver_gold_task' } });
  assert.deepEqual(from.tasks.map((t) => t.name).sort(), downstreamOf('silver_gold_task').sort());
  const call = await target.callTask('order_analytics_task');
  assert.equal(call.state, 'SUCCEEDED');
  await assert.rejects(target.run({ selection: { kind: 'only', tasks: ['no_such_task'] } }), /Unknown task "no_such_task"/);
});

test('validate: every suite of sql/quality runs, with its report; the Quality view then reads each one', async () => {
  const seen: string[] = [];
  const v = await target.validate({ onSuite: (s, done, total) => seen.push(`${s.name} ${done}/${total}`) });
  assert.ok(v.suites.length > 0);
  assert.equal(seen.length, v.suites.length);
  assert.match(v.summary, /^\d+\/\d+ suites passed/);
  assert.equal(v.success, v.suites.every((s) => s.success));
  assert.ok(v.rowsWritten && v.rowsWritten >= v.suites.length);
  assert.ok(v.suites.every((s) => (s.report ?? []).length > 0));
  const views = await target.quality(v.suites.map((s) => s.name));
  assert.deepEqual(views.map((s) => s.name), v.suites.map((s) => s.name).sort());
  for (const s of views) assert.equal(s.last?.runName, v.runName, s.name);
});

test('close(): later uses of the warehouse fail', async () => {
  const other = openLocalTarget({ workspace: ws, log: silentLogger, execution: () => ({ dataDir: data }) });
  await other.close();
  await assert.rejects(other.snapshot(), /closed/);
});
