// The Snowflake target's extension logic that needs no VS Code: connections.toml written by "Add
// Snowflake Connection" (read back by the core's resolver), settings -> deploy config, which
// commands need a connection, the deploy commands' plans, and the SnowflakeSession on the real
// snowflake-sdk against the wire-protocol double (lazy connect, secret-storage password,
// operations, logout on close). The UI: test/snowflake-vscode-e2e.test.ts.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_SENTIMENT_THRESHOLDS } from '../src/core/ai/sentiment';
import { streamLogger } from '../src/core/log';
import { connectionEnvKey, listConnections, resolveConnection, type ConnectionEnvironment } from '../src/core/snowflake/connections';
import { DEFAULT_DEPLOY_CONFIG } from '../src/core/snowflake/deploy-config';
import { buildDeployPlan } from '../src/core/snowflake/plan';
import { appendConnection, connectionBlock, CONNECTIONS_TEMPLATE, ensureConnectionsFile, validateConnectionName } from '../src/extension/connections-file';
import { DEPLOY_COMMANDS, deployPlanFor } from '../src/extension/snowflake-actions';
import { Config } from '../src/extension/config';
import { connectionSecretKey, SnowflakeSession } from '../src/extension/snowflake-session';
import { affectsSession, deployConfigFromSettings, readSnowflakeSettings } from '../src/extension/snowflake-settings';
import { REPO } from './helpers/cli';
import { SnowflakeDouble } from './helpers/snowflake-double';

const tmp = mkdtempSync(join(tmpdir(), 'retail-ext-sf-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const envOf = (home: string, extra: Record<string, string> = {}): ConnectionEnvironment => ({ env: { SNOWFLAKE_HOME: home, ...extra }, platform: 'linux', homedir: tmp });
const reader = (values: Record<string, unknown>) => ({ get: <T>(key: string) => values[key] as T | undefined });
const mode = (path: string) => statSync(path).mode & 0o777;

test('Edit connections.toml: a missing file is created with a commented template, mode 0600, which the core reads as no connections', () => {
  const home = join(tmp, 'tpl', 'snowflake');
  const path = join(home, 'connections.toml');
  assert.equal(ensureConnectionsFile(path), true);
  assert.equal(readFileSync(path, 'utf8'), CONNECTIONS_TEMPLATE);
  assert.equal(mode(path), 0o600);
  assert.equal(ensureConnectionsFile(path), false, 'an existing file is left alone');
  assert.deepEqual(listConnections(envOf(home)).names, []);
  assert.throws(() => resolveConnection('nope', envOf(home)), /No Snowflake connection named "nope".*no connections defined there/);
});

test('Add Snowflake Connection: the [name] table appended to connections.toml resolves in the core; secrets never written; file kept 0600', () => {
  const home = mkdtempSync(join(tmp, 'add-'));
  const path = join(home, 'connections.toml');
  // A file the user already had, too open and without a trailing newline.
  writeFileSync(path, '[existing]\naccount = "a1"\nuser = "u"\npassword = "in-file-pw"');
  chmodSync(path, 0o644);
  appendConnection(path, { name: 'dev_sf', account: 'myorg-acct', user: 'me "quoted"', authenticator: 'SNOWFLAKE', warehouse: 'WH1', database: '', schema: 'S', role: 'R' }, ['existing']);
  assert.equal(mode(path), 0o600);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /password = "in-file-pw"\n\n\[dev_sf\]\naccount = "myorg-acct"\nuser = "me \\"quoted\\""\nauthenticator = "SNOWFLAKE"\nwarehouse = "WH1"\nschema = "S"\nrole = "R"\n$/);
  assert.doesNotMatch(text.split('[dev_sf]')[1], /password|token/);
  const e = envOf(home);
  assert.deepEqual(listConnections(e).names, ['existing', 'dev_sf']);
  // Without its password the core refuses the connection; the extension hands it over from secret storage as an env override.
  assert.throws(() => resolveConnection('dev_sf', e), /needs "password"/);
  const r = resolveConnection('dev_sf', envOf(home, { [connectionEnvKey('dev_sf', 'password')]: 'from-secret-storage' }));
  assert.deepEqual(r.options, { account: 'myorg-acct', authenticator: 'SNOWFLAKE', username: 'me "quoted"', password: 'from-secret-storage', role: 'R', warehouse: 'WH1', schema: 'S' });
  assert.deepEqual(r.warnings, []);
  // Duplicate and malformed names are refused before anything is written.
  assert.throws(() => appendConnection(path, { name: 'dev_sf', account: 'x', authenticator: 'SNOWFLAKE' }, ['existing', 'dev_sf']), /already defined/);
  assert.match(validateConnectionName('a b') ?? '', /Letters, digits/);
  assert.match(validateConnectionName('x]\npassword = "p"') ?? '', /Letters, digits/);
  assert.throws(() => connectionBlock({ name: 'ok', account: ' ', authenticator: 'SNOWFLAKE' }), /needs an account/);
  // Key-pair: the key file path is written, its passphrase is not.
  assert.match(connectionBlock({ name: 'jwt', account: 'a', user: 'u', authenticator: 'SNOWFLAKE_JWT', privateKeyFile: '/keys/rsa.p8' }), /authenticator = "SNOWFLAKE_JWT"\nprivate_key_file = "\/keys\/rsa\.p8"\n$/);
});

test('settings -> deploy config: overrides validated as identifiers naming the setting; defaults otherwise', () => {
  assert.deepEqual(deployConfigFromSettings(readSnowflakeSettings(reader({}))), DEFAULT_DEPLOY_CONFIG);
  const s = readSnowflakeSettings(reader({ defaultTarget: 'snowflake', 'snowflake.connection': ' prod ', 'snowflake.warehouse': 'PIPE_WH', 'snowflake.database': 'PIPE_DB', 'snowflake.schema': ' S1 ', 'snowflake.eventTable': 'PIPE_DB.S1.EV' }));
  assert.equal(s.defaultTarget, 'snowflake');
  assert.equal(s.connection, 'prod');
  const c = deployConfigFromSettings(s);
  assert.deepEqual([c.warehouse, c.database, c.schema, c.eventTable, c.role], ['PIPE_WH', 'PIPE_DB', 'S1', 'PIPE_DB.S1.EV', DEFAULT_DEPLOY_CONFIG.role]);
  assert.equal(readSnowflakeSettings(reader({ defaultTarget: 'other' })).defaultTarget, 'local');
  // The typed getter on the extension's Config reads the same.
  assert.deepEqual(new Config(() => reader({ defaultTarget: 'snowflake', 'snowflake.schema': 'S2' })).snowflake, { defaultTarget: 'snowflake', connection: undefined, warehouse: undefined, database: undefined, schema: 'S2', eventTable: undefined });
  assert.throws(() => readSnowflakeSettings(reader({ 'snowflake.warehouse': 'WH"; DROP TABLE X; --' })), /retailPipeline\.snowflake\.warehouse/);
  assert.throws(() => readSnowflakeSettings(reader({ 'snowflake.connection': 'a b' })), /retailPipeline\.snowflake\.connection/);
  assert.throws(() => deployConfigFromSettings(readSnowflakeSettings(reader({ 'snowflake.eventTable': 'ONLY.TWO' }))), /retailPipeline\.snowflake: eventTable/);
  // Which configuration changes end the session.
  assert.equal(affectsSession((k) => k === 'retailPipeline.snowflake.schema'), true);
  assert.equal(affectsSession((k) => k === 'retailPipeline.defaultTarget'), true);
  assert.equal(affectsSession((k) => k === 'retailPipeline.concurrency'), false);
});

// Which commands need the account is the targets' capabilities now (test/extension-unit/capabilities.test.ts).
test('deploy commands: contributed, and every deploy part but admin run by exactly one of them', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; category?: string }[] } };
  const contributed = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
  for (const id of Object.keys(DEPLOY_COMMANDS)) assert.equal(contributed.get(id)?.category, 'Retail Pipeline', `${id} in contributes.commands`);
  // Every deploy part but admin (ACCOUNTADMIN, printed by Show Deploy Plan) is run by exactly one command.
  const parts = Object.values(DEPLOY_COMMANDS).flatMap((d) => d.parts);
  assert.deepEqual([...parts].sort(), ['iceberg', 'integrations', 'procedures', 'setup', 'stage', 'tasks']);
});

test('deploy commands: procedures and tasks on their own first take the USE ROLE / WAREHOUSE / DATABASE / SCHEMA context', () => {
  const o = { config: deployConfigFromSettings(readSnowflakeSettings(reader({ 'snowflake.database': 'PIPE_DB' }))), sentiment: DEFAULT_SENTIMENT_THRESHOLDS, dataDir: join(REPO, 'sample_data') };
  const tasks = deployPlanFor(buildDeployPlan, DEPLOY_COMMANDS['retailPipeline.deployTaskGraph'].parts, o);
  assert.deepEqual(tasks.slice(0, 4).map((s) => s.sql), ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "RETAIL_WH"', 'USE DATABASE "PIPE_DB"', 'USE SCHEMA "PIPE_DB"."RETAIL"']);
  assert.ok(tasks.every((s) => s.part === 'tasks'));
  assert.equal(tasks.filter((s) => s.sql.startsWith('CREATE OR REPLACE TASK')).length, 14);
  const procs = deployPlanFor(buildDeployPlan, ['procedures'], o);
  assert.equal(procs[3].sql, 'USE SCHEMA "PIPE_DB"."RETAIL"');
  assert.ok(procs.slice(4).every((s) => /^CREATE OR REPLACE PROCEDURE/.test(s.sql)));
  // Setup already sets its context: unchanged.
  const setupParts = DEPLOY_COMMANDS['retailPipeline.deploySetup'].parts;
  assert.deepEqual(deployPlanFor(buildDeployPlan, setupParts, o), buildDeployPlan({ ...o, only: setupParts }));
});

test('SnowflakeSession on the real snowflake-sdk: connects on first use with the secret-storage password, operates the graph, logs out on close', async () => {
  const d = await SnowflakeDouble.start({ expect: { user: 'tester', password: 'Secret-Store-Pw-1' } });
  try {
    const home = mkdtempSync(join(tmp, 'sess-'));
    // No password in the file: it comes from secret storage.
    writeFileSync(join(home, 'connections.toml'), `[double]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\nuser = "tester"\n`, { mode: 0o600 });
    const store = new Map<string, string>([[connectionSecretKey('double', 'password'), 'Secret-Store-Pw-1']]);
    const logged: string[] = [];
    const logger = { log: (_s: string, m: string) => void logged.push(m) };
    const config = deployConfigFromSettings(readSnowflakeSettings(reader({ 'snowflake.warehouse': 'PIPE_WH' })));
    let connectedEvents = 0;
    const session = new SnowflakeSession(tmp, 'double', config, {
      logger, environment: () => envOf(home), onConnected: () => void connectedEvents++,
      secrets: { get: async (k) => store.get(k), store: async (k, v) => void store.set(k, v), delete: async (k) => void store.delete(k) },
    });
    assert.equal(session.label, 'snowflake (double)');
    assert.equal(d.logins.length, 0, 'creating the session does not log in');
    await session.executeGraph();
    await session.suspendGraph();
    await session.resumeGraph();
    await session.retryFailed();
    assert.equal(d.logins.length, 1, 'one login for all statements');
    assert.equal(connectedEvents, 1, 'the views hear of the login once (the tree then reads the account)');
    assert.equal(d.logins[0].password, 'Secret-Store-Pw-1');
    const root = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';
    assert.deepEqual(d.sqlTexts, [`EXECUTE TASK ${root}`, `ALTER TASK ${root} SUSPEND`, `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('RETAIL_PIPELINE.RETAIL.RETAIL_ROOT_TASK')`, `EXECUTE TASK ${root} RETRY LAST`]);
    // The connection names no warehouse: the configured one is the session's.
    assert.equal(d.logins[0].query.warehouse, 'PIPE_WH');
    assert.ok(!logged.join('\n').includes('Secret-Store-Pw-1'), 'the password is not logged');
    await session.close();
    assert.equal(d.sessionsDeleted, 1, 'close logs out');
    await assert.rejects(session.callTask('bronze_silver_task'), /session was closed/);
  } finally {
    await d.stop();
  }
});

test('SnowflakeSession: a failed login is reported with the core\'s message and not cached', async () => {
  const d = await SnowflakeDouble.start({ expect: { user: 'tester', password: 'right' } });
  try {
    const home = mkdtempSync(join(tmp, 'sess-bad-'));
    writeFileSync(join(home, 'connections.toml'), `[double]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\nuser = "tester"\n`, { mode: 0o600 });
    const store = new Map<string, string>();
    const session = new SnowflakeSession(tmp, 'double', DEFAULT_DEPLOY_CONFIG, {
      logger: streamLogger(() => undefined, 'ERROR'), environment: () => envOf(home),
      secrets: { get: async (k) => store.get(k), store: async (k, v) => void store.set(k, v), delete: async (k) => void store.delete(k) },
    });
    await assert.rejects(session.client(), /needs "password"/);
    store.set(connectionSecretKey('double', 'password'), 'wrong-pw-77');
    await assert.rejects(session.client(), (e: Error) => /connect to account testaccount/.test(e.message) && !e.message.includes('wrong-pw-77'));
    store.set(connectionSecretKey('double', 'password'), 'right');
    await session.executeGraph();
    assert.equal(d.sqlTexts.length, 1);
    await session.close();
  } finally {
    await d.stop();
  }
});
