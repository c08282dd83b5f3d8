// The Snowflake target behind the Target interface, through the real snowflake-sdk against the
// executing emulator (test/emulator), on an account provisioned as a first deploy leaves it:
// not connected until asked, a graph run followed to its end (progress notes, the task runs of
// TASK_HISTORY), nothing to retry after a success, the reads (snapshot, run history, traces of
// the run, one trace), a single task's CALL, validation and the Quality view's read (the bronze
// and silver suites only), a selection it cannot run, the deploy runner, and close().
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../src/core/log';
import { TASKS } from '../src/core/manifest';
import { SnowflakeClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { openSnowflakeTarget } from '../src/core/targets/snowflake/snowflake-driver';
import { isNothingToRetry, TARGET_UNSUPPORTED, type RunOutcome, type RunProgress } from '../src/core/targets/target';
import { REPO } from './helpers/cli';
import { provisionedEmulator, type Provisioned } from './emulator/provision';

const tmp = mkdtempSync(join(tmpdir(), 'rp-target-snowflake-'));
const login = { username: 'target_user', password: 'Target-Pw-1' };
let account: Provisioned;
let logins = 0;

const open = () => openSnowflakeTarget({
  connectionName: 'emu', config: resolveDeployConfig(), logger: silentLogger, pollIntervalMs: 300, runTimeoutMs: 600_000,
  connect: () => { logins++; return SnowflakeClient.connect({ ...account.emu.connectionOptions(), ...login }, silentLogger); },
});
let target: ReturnType<typeof open>;

before(async () => {
  account = await provisionedEmulator({
    dir: join(tmp, 'engine'), login, dataDir: join(REPO, 'sample_data'),
    parts: ['admin', 'setup', 'integrations', 'iceberg', 'stage', 'procedures', 'tasks'],
  });
  target = open();
});

after(async () => {
  await target?.close();
  await account?.close();
  rmSync(tmp, { recursive: true, force: true });
});

let run: RunOutcome;

test('not connected until asked; a graph run is submitted and followed to its end', async () => {
  assert.equal(target.kind, 'snowflake');
  assert.equal(target.label, 'snowflake (emu)');
  assert.equal(target.capabilities.canDeploy, true);
  assert.equal(target.connected, false);
  assert.equal(logins, 0);
  const progress: RunProgress[] = [];
  run = await target.run({ onProgress: (p) => progress.push(p) });
  assert.equal(target.connected, true);
  assert.equal(logins, 1, 'one login for the whole run');
  assert.equal(run.state, 'SUCCEEDED', JSON.stringify(run.firstError));
  assert.equal(run.attemptNumber, 1);
  assert.ok(run.graphRunGroupId);
  assert.deepEqual(run.tasks.map((t) => t.name).sort(), TASKS.map((t) => t.name).sort());
  assert.ok(run.tasks.every((t) => t.state === 'SUCCEEDED'));
  const started = progress.find((p) => p.type === 'started');
  assert.ok(started && started.type === 'started' && started.graphRunGroupId === run.graphRunGroupId);
  assert.ok(progress.some((p) => p.type === 'note' && /graph run SUCCEEDED/.test(p.message)));
});

test('retry after a success: nothing to retry, and nothing submitted', async () => {
  const before = account.emu.statements.length;
  const r = await target.retry();
  assert.ok(isNothingToRetry(r) && /SUCCEEDED: nothing to retry/.test(r.nothingToRetry), JSON.stringify(r));
  assert.ok(!account.emu.sqlTexts.slice(before).some((sql) => /RETRY LAST/i.test(sql)));
});

test('reads: snapshot, run history, the traces of the graph run and one trace', async () => {
  const snap = await target.snapshot();
  assert.ok(snap);
  assert.equal(snap.rowCounts.get('BRONZE_PRODUCT_REVIEWS'), 220);
  for (const t of TASKS) assert.equal(snap.lastRuns.get(t.name)?.state, 'SUCCEEDED', t.name);
  const history = await target.runHistory(10);
  assert.ok(history.runs.some((r) => r.graphRunGroupId === run.graphRunGroupId && r.state === 'SUCCEEDED'));
  const ids = await target.tracesOfRun(run.graphRunGroupId);
  assert.ok(ids.length >= 1, 'the run has a trace in the event table');
  const detail = await target.trace(ids[0]);
  assert.equal(detail.traceId, ids[0]);
  assert.ok(detail.spans.length > 0);
});

test('a single task is a CALL of its procedure, returning its value', async () => {
  const call = await target.callTask('productreview_task');
  assert.equal(call.state, 'SUCCEEDED');
  assert.match(String(call.value), /BRONZE_PRODUCT_REVIEWS: 220 rows loaded/);
});

test('validate CALLs the validation procedure; the Quality view reads the bronze and silver suites only', async () => {
  const v = await target.validate({ suites: ['bronze_orders', 'silver_orders'] });
  assert.ok(v.summary.length > 0);
  assert.deepEqual(v.suites.map((s) => s.name).sort(), ['bronze_orders', 'silver_orders']);
  assert.ok(v.suites.every((s) => s.evaluated > 0));
  const views = await target.quality([{ name: 'bronze_orders', table: 'BRONZE_ORDERS' }, { name: 'gold_customer_insights', table: 'GOLD_CUSTOMER_INSIGHTS' }]);
  assert.ok(!views.some((s) => s.name === 'gold_customer_insights'), 'a gold suite is not validated on the account, so not listed');
  const bronze = views.find((s) => s.name === 'bronze_orders');
  assert.ok(bronze?.last && bronze.last.evaluated > 0);
  assert.ok(views.every((s) => /^(bronze|silver)_|^product_reviews_original$/.test(s.name)), views.map((s) => s.name).join());
});

test('what it cannot do: a part of the graph is refused by code, before anything is sent', async () => {
  const before = account.emu.statements.length;
  await assert.rejects(target.run({ selection: { kind: 'only', tasks: ['silver_gold_task'] } }), (e: unknown) => (e as { code?: string }).code === TARGET_UNSUPPORTED);
  assert.equal(account.emu.statements.length, before);
});

test('deploy runs a plan statement by statement with progress; close() logs out and later calls fail', async () => {
  const lines: string[] = [];
  const plan = [{ part: 'setup', summary: 'a harmless statement', sql: 'SELECT 1' }] as unknown as Parameters<NonNullable<typeof target.deploy>>[0];
  const r = await target.deploy!(plan, { onProgress: (p) => lines.push(`${p.index + 1}/${p.total} ${p.statement.summary}`) });
  assert.equal(r.executed, 1);
  assert.deepEqual(lines, ['1/1 a harmless statement']);
  await target.close();
  assert.equal(target.connected, false);
  await assert.rejects(target.snapshot(), /closed/);
});
