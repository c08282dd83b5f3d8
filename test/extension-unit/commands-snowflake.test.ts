// The Snowflake target's commands, and the local-only ones on the wrong target, against the real
// snowflake-sdk talking to the recording wire double (test/helpers/snowflake-double.ts): the
// statements each command sends, what it asks and shows. Connections come from a temp
// SNOWFLAKE_HOME; the password from the fake secret storage.
import { createHarness, removeWorkspace, sampleWorkspace, type Harness } from './harness';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { connectionSecretKey } from '../../src/extension/snowflake-session';
import { SnowflakeDouble } from '../helpers/snowflake-double';
import { events, graphRunRow, graphRuns, spanRow, DEFAULT_GRAPH_RUN } from '../builders/snowflake-rows';
import { waitFor } from './harness';
import { commandTest } from './command-test';

const PASSWORD = 'Pw-Unit-Sf-1';
let d: SnowflakeDouble;
let ws: string;
let home: string;
let h: Harness;
const previousHome = process.env.SNOWFLAKE_HOME;
/** What the graph-history reads answer: none until EXECUTE TASK arrives, then this run. */
let nextRun = graphRunRow();
let executed = false;

before(async () => {
  d = await SnowflakeDouble.start({ expect: { user: 'tester', password: PASSWORD } });
  d.respond((st) => {
    if (/^EXECUTE TASK/.test(st.sqlText)) executed = true;
    return /_TASK_GRAPHS\(/.test(st.sqlText) ? graphRuns(executed ? [nextRun] : []) : undefined;
  });
  home = mkdtempSync(join(tmpdir(), 'rp-ext-unit-sf-'));
  writeFileSync(join(home, 'connections.toml'), `[double]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\nuser = "tester"\n`, { mode: 0o600 });
  process.env.SNOWFLAKE_HOME = home;
  ws = sampleWorkspace();
  h = createHarness(ws);
  await h.ext.secrets.store(connectionSecretKey('double', 'password'), PASSWORD);
});
beforeEach(() => {
  h.vs.clearRecords();
  d.statements.length = 0;
  executed = false;
});
after(async () => {
  h.dispose();
  await d.stop();
  removeWorkspace(ws);
  rmSync(home, { recursive: true, force: true });
  if (previousHome === undefined) delete process.env.SNOWFLAKE_HOME;
  else process.env.SNOWFLAKE_HOME = previousHome;
});

const sql = () => d.sqlTexts;
const ROOT = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';

// ---- On the local target: the Snowflake commands explain themselves and send nothing.

for (const [id, title] of [
  ['retailPipeline.deploySetup', 'Deploy Setup SQL'], ['retailPipeline.deployProcedures', 'Deploy Procedures'], ['retailPipeline.deployTaskGraph', 'Deploy Task Graph'],
  ['retailPipeline.executeTaskGraph', 'Execute Task Graph'], ['retailPipeline.suspendTaskGraph', 'Suspend Task Graph'], ['retailPipeline.resumeTaskGraph', 'Resume Task Graph'],
] as const) {
  commandTest(id, 'wrong target: on the local target it says to pick a Snowflake connection, nothing sent', async () => {
    assert.equal(h.ctx.target, 'local');
    await h.run(id);
    assert.deepEqual(h.vs.shown.map((s) => [s.kind, s.message, s.offered]),
      [['error', `Retail Pipeline: ${title} acts on a Snowflake account: pick a connection first (Retail Pipeline: Select Target).`, []]]);
    assert.deepEqual(sql(), []);
  });
}

commandTest('retailPipeline.showDeployPlan', 'needs no connection: the whole plan as one SQL document, nothing sent', async () => {
  const n = await h.run('retailPipeline.showDeployPlan');
  assert.ok(typeof n === 'number' && n > 50, `statements: ${String(n)}`);
  const doc = h.vs.openedDocuments[0];
  assert.equal(doc.language, 'sql');
  assert.match(doc.content!, /CREATE OR REPLACE PROCEDURE/);
  assert.match(doc.content!, /CREATE OR REPLACE TASK/);
  assert.deepEqual(sql(), []);
  assert.equal(d.logins.length, 0);
});

commandTest('retailPipeline.showDeployPlan', 'user error: a bad retailPipeline.snowflake.* setting is named', async () => {
  h.vs.settings.set('snowflake.database', 'bad name;');
  try {
    assert.equal(await h.run('retailPipeline.showDeployPlan'), undefined);
    assert.match(h.vs.messages('error')[0], /retailPipeline\.snowflake\.database/);
    assert.equal(h.vs.shown[0].offered instanceof Array && (h.vs.shown[0].offered as string[]).length, 0, 'a user error: no Show Log');
    assert.equal(h.vs.openedDocuments.length, 0);
  } finally {
    h.vs.settings.delete('snowflake.database');
  }
});

commandTest('retailPipeline.editConnectionsFile', 'opens connections.toml of SNOWFLAKE_HOME, creating it with a template (0600) when missing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'rp-ext-unit-sfhome-'));
  process.env.SNOWFLAKE_HOME = empty;
  try {
    await h.run('retailPipeline.editConnectionsFile');
    const file = join(empty, 'connections.toml');
    assert.equal(h.vs.openedDocuments[0].uri, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^#/);
  } finally {
    process.env.SNOWFLAKE_HOME = home;
    rmSync(empty, { recursive: true, force: true });
  }
});

commandTest('retailPipeline.addSnowflakeConnection', 'appends the [name] table; the password goes to secret storage, not the file', async () => {
  const before = readFileSync(join(home, 'connections.toml'), 'utf8');
  try {
    h.vs.answer('inputBox', 'added_one', 'myorg-acct', 'someone');
    h.vs.answer('quickPick', 'SNOWFLAKE');
    h.vs.answer('inputBox', 'UNIT_WH', '', '', '', 'Pw-Added-2');
    assert.equal(await h.run('retailPipeline.addSnowflakeConnection'), 'added_one');
    const text = readFileSync(join(home, 'connections.toml'), 'utf8');
    assert.match(text, /\[added_one\][\s\S]*account = "myorg-acct"[\s\S]*warehouse = "UNIT_WH"/);
    assert.ok(!text.includes('Pw-Added-2'));
    assert.equal(h.ext.secrets.values.get(connectionSecretKey('added_one', 'password')), 'Pw-Added-2');
    assert.ok(!h.vs.log.some((l) => l.text.includes('Pw-Added-2')));
    assert.equal(h.ctx.target, 'local', '"Use It Now" not picked: the target stays');
  } finally {
    writeFileSync(join(home, 'connections.toml'), before, { mode: 0o600 });
  }
});

commandTest('retailPipeline.addSnowflakeConnection', 'cancellation: dismissed at the account step, the file is unchanged', async () => {
  const before = readFileSync(join(home, 'connections.toml'), 'utf8');
  h.vs.answer('inputBox', 'half_done');
  assert.equal(await h.run('retailPipeline.addSnowflakeConnection'), undefined);
  assert.equal(readFileSync(join(home, 'connections.toml'), 'utf8'), before);
});

commandTest('retailPipeline.addSnowflakeConnection', 'user error: a name already in connections.toml is refused by the box', async () => {
  h.vs.answer('inputBox', 'double');
  await h.run('retailPipeline.addSnowflakeConnection');
  assert.match(h.vs.messages('error')[0], /fails validation: .*double/);
});

commandTest('retailPipeline.previewTable', 'wrong target: on Snowflake it says the preview is the local target\'s', async () => {
  await h.ctx.switchTarget('snowflake', 'double');
  try {
    await h.run('retailPipeline.previewTable', 'SILVER_ORDERS');
    assert.match(h.vs.messages('error')[0], /works on the local target; the current target is snowflake \(double\)/);
    assert.equal(h.vs.panels.length, 0);
  } finally {
    await h.ctx.switchTarget('local');
  }
});

commandTest('retailPipeline.revealIcebergFolder', 'wrong target: on Snowflake there is no local Iceberg folder', async () => {
  await h.ctx.switchTarget('snowflake', 'double');
  try {
    await h.run('retailPipeline.revealIcebergFolder', 'GOLD_CUSTOMER_INSIGHTS');
    assert.match(h.vs.messages('error')[0], /works on the local target/);
    assert.deepEqual(h.vs.foreignCommands, []);
  } finally {
    await h.ctx.switchTarget('local');
  }
});

// ---- Select Target, then the account.

commandTest('retailPipeline.selectTarget', 'cancellation: the pick dismissed keeps the target', async () => {
  await h.run('retailPipeline.selectTarget');
  const offered = (h.vs.shown[0].offered as { label: string }[]).map((i) => i.label);
  assert.deepEqual(offered, ['local', 'double', 'Add Snowflake Connection…']);
  assert.equal(h.ctx.target, 'local');
});

commandTest('retailPipeline.selectTarget', 'picks a connection of connections.toml: the target is snowflake (double), nothing sent yet', async () => {
  h.vs.answer('quickPick', 'double');
  await h.run('retailPipeline.selectTarget');
  assert.equal(h.ctx.target, 'snowflake');
  assert.equal(h.ctx.targetLabel, 'snowflake (double)');
  assert.equal(d.logins.length, 0, 'picking does not log in');
});

commandTest('retailPipeline.refresh', 'on Snowflake Refresh is what connects (one login, password from secret storage)', async () => {
  await h.run('retailPipeline.refresh');
  assert.equal(d.logins.length, 1);
  assert.equal(d.logins[0].password, PASSWORD);
});

commandTest('retailPipeline.deployProcedures', 'sends the procedures part after its USE context, on the open session', async () => {
  const n = await h.run('retailPipeline.deployProcedures');
  assert.ok(typeof n === 'number' && n > 5);
  assert.ok(sql().some((s) => /^CREATE OR REPLACE PROCEDURE/.test(s)));
  assert.ok(!sql().some((s) => /CREATE OR REPLACE TASK/.test(s)), 'no task DDL in the procedures part');
  assert.match(h.vs.messages('info')[0] ?? '', /Deploy Procedures/);
  assert.equal(d.logins.length, 1, 'the session from Refresh is reused');
});

commandTest('retailPipeline.deployTaskGraph', 'sends CREATE TASK … AFTER … for the graph', async () => {
  await h.run('retailPipeline.deployTaskGraph');
  assert.ok(sql().some((s) => /CREATE OR REPLACE TASK [\s\S]*AFTER/.test(s)));
  assert.deepEqual(h.vs.messages('error'), []);
});

commandTest('retailPipeline.deploySetup', 'cancellation: the MySQL user box dismissed deploys nothing', async () => {
  assert.equal(await h.run('retailPipeline.deploySetup'), undefined);
  assert.match(h.vs.shown.find((s) => s.kind === 'inputBox')!.message, /^Deploy: :mysql_/);
  assert.deepEqual(sql(), []);
});

commandTest('retailPipeline.deploySetup', 'asks for the MySQL credentials once, keeps the password in secret storage, binds them into the secret DDL', async () => {
  h.vs.answer('inputBox', (o: unknown) => (/password/.test((o as { title: string }).title) ? 'Mysql-Pw-3' : 'loader'));
  h.vs.answer('inputBox', (o: unknown) => (/password/.test((o as { title: string }).title) ? 'Mysql-Pw-3' : 'loader'));
  await h.run('retailPipeline.deploySetup');
  assert.deepEqual(h.vs.messages('error'), []);
  assert.ok(sql().some((s) => /CREATE (OR REPLACE )?SECRET/i.test(s)));
  assert.equal(h.ext.secrets.values.get('retailPipeline.snowflake/deploy/mysql_password'), 'Mysql-Pw-3');
  assert.ok(!h.vs.log.some((l) => l.text.includes('Mysql-Pw-3')));
});

commandTest('retailPipeline.executeTaskGraph', 'EXECUTE TASK on the root, then follows graph history', async () => {
  await h.run('retailPipeline.executeTaskGraph');
  assert.ok(sql().includes(`EXECUTE TASK ${ROOT}`));
  assert.match(h.vs.messages('info')[0], /task graph run submitted on snowflake \(double\)/);
});

commandTest('retailPipeline.suspendTaskGraph', 'ALTER TASK … SUSPEND on the root', async () => {
  await h.run('retailPipeline.suspendTaskGraph');
  assert.deepEqual(sql(), [`ALTER TASK ${ROOT} SUSPEND`]);
});

commandTest('retailPipeline.resumeTaskGraph', 'SYSTEM$TASK_DEPENDENTS_ENABLE on the root', async () => {
  await h.run('retailPipeline.resumeTaskGraph');
  assert.deepEqual(sql(), [`SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('RETAIL_PIPELINE.RETAIL.RETAIL_ROOT_TASK')`]);
});

commandTest('retailPipeline.runPipeline', 'on Snowflake: EXECUTE TASK, then graph history until the new run finished (SUCCEEDED)', async () => {
  nextRun = graphRunRow({ GRAPH_RUN_GROUP_ID: DEFAULT_GRAPH_RUN, STATE: 'SUCCEEDED' });
  assert.equal(await h.run('retailPipeline.runPipeline'), 'SUCCEEDED');
  assert.ok(sql().includes(`EXECUTE TASK ${ROOT}`));
  assert.match(h.vs.messages('info')[0], /Run Pipeline SUCCEEDED \(graph run 0a1b2c3d SUCCEEDED/);
});

commandTest('retailPipeline.runPipeline', 'on Snowflake: a FAILED graph run names the first failing task, with Show Log', async () => {
  nextRun = graphRunRow({ GRAPH_RUN_GROUP_ID: '0a1b2c3d-0002-4000-8000-00000000000b', STATE: 'FAILED', FIRST_ERROR_TASK_NAME: 'SILVER_GOLD_TASK', FIRST_ERROR_CODE: '2003', FIRST_ERROR_MESSAGE: 'Object does not exist' });
  assert.equal(await h.run('retailPipeline.runPipeline'), 'FAILED');
  const shown = h.vs.shown.find((s) => s.kind === 'error')!;
  assert.match(shown.message, /Run Pipeline FAILED: .*at silver_gold_task: Object does not exist/);
  assert.deepEqual(shown.offered, ['Show Log']);
});

commandTest('retailPipeline.retryFailedTasks', 'on Snowflake: EXECUTE TASK … RETRY LAST, followed to its end', async () => {
  nextRun = graphRunRow({ GRAPH_RUN_GROUP_ID: '0a1b2c3d-0002-4000-8000-00000000000b', ATTEMPT_NUMBER: '2', STATE: 'SUCCEEDED' });
  d.respond((st) => (/RETRY LAST/.test(st.sqlText) ? ((executed = true), undefined) : undefined));
  assert.equal(await h.run('retailPipeline.retryFailedTasks'), true);
  assert.ok(sql().includes(`EXECUTE TASK ${ROOT} RETRY LAST`));
  assert.match(h.vs.messages('info')[0], /Retry Failed Tasks SUCCEEDED/);
});

commandTest('retailPipeline.runTask', 'on Snowflake: CALLs the task\'s procedure now', async () => {
  await h.run('retailPipeline.runTask', 'silver_gold_task');
  assert.ok(sql().some((s) => /^CALL .*usp_loadSilverToGold/i.test(s)), sql().join('\n'));
  assert.match(h.vs.messages('info')[0], /Run Task silver_gold_task SUCCEEDED/);
});

commandTest('retailPipeline.validateData', 'on Snowflake: CALLs the validation task\'s procedure', async () => {
  await h.run('retailPipeline.validateData');
  assert.ok(sql().some((s) => /^CALL .*usp_generateValidationResults/i.test(s)), sql().join('\n'));
  assert.match(h.vs.messages('info')[0], /Validate Data on snowflake \(double\)/);
});

commandTest('retailPipeline.showTraces', 'on Snowflake: traces.get reads the trace\'s spans from the event table, parent before child', async () => {
  const traceId = 'c'.repeat(32);
  d.respond((st) => (/TRACE:"trace_id"::VARCHAR = \?/.test(st.sqlText) ? events([
    spanRow({ traceId, spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), name: 'silver_gold_task', status: 'STATUS_CODE_ERROR', seconds: 2 }),
    spanRow({ traceId, spanId: '1'.repeat(16), name: 'retail_root_task', seconds: 5 }),
  ]) : undefined));
  await h.run('retailPipeline.showTraces');
  const panel = h.vs.panels[0];
  panel.send({ kind: 'ready', panel: 'traces' });
  panel.send({ kind: 'request', id: 11, method: 'traces.get', params: { traceId } });
  const r = await waitFor(() => (panel.posted as { kind: string; id?: number; ok?: boolean; result?: { spans: { name: string; status: string }[] }; error?: string }[])
    .find((m) => m.kind === 'reply' && m.id === 11), 'the traces.get reply');
  assert.equal(r.ok, true, r.error);
  assert.deepEqual(r.result!.spans.map((s) => s.name), ['retail_root_task', 'silver_gold_task']);
  assert.ok(sql().some((s) => /FROM .*EVENT/i.test(s)), 'read from the event table');
});

commandTest('retailPipeline.selectTarget', 'back to local: the Snowflake session is closed (logged out)', async () => {
  h.vs.answer('quickPick', 'local');
  await h.run('retailPipeline.selectTarget');
  assert.equal(h.ctx.target, 'local');
  // The driver's logout is asynchronous.
  for (let i = 0; i < 100 && d.sessionsDeleted === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(d.sessionsDeleted, 1);
});
