// The extension's logic that does not need a VS Code: the task tree's shape, settings, secrets
// handling, the preview page's escaping and CSP, the warehouse snapshot on a real DuckDB file,
// the open-only-while-needed warehouse handle (another process (the CLI) can write between uses), and the
// activation bundle loading no DuckDB or MySQL code. The UI itself: test/vscode-e2e.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT_TASK, TASKS } from '../src/core/manifest';
import { redact } from '../src/core/secrets/redact';
import { ensureHistorySchema } from '../src/core/history/schema';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { expandEnv, intSetting, InvalidSettingError, resolveDataDir, resolveStateDir, sentimentThresholds } from '../src/extension/config';
import { cellText, escapeHtml, previewHtml } from '../src/extension/preview-html';
import { describeMysqlUrl, MYSQL_URL_KEY, readMysqlUrl, storeMysqlUrl, validateMysqlUrl, withPassword } from '../src/extension/secrets';
import { readSnapshot } from '../src/core/targets/local/snapshot';
import { ExternalChangeRefresher } from '../src/extension/external-changes';
import { formatAgo } from '../src/extension/relative-time';
import { attachIcebergView, commitIcebergOverwrite, icebergTableDir } from '../src/core/iceberg';
import { table } from '../src/core/manifest';
import { treeChildren, treeParent } from '../src/extension/task-tree';
import { WarehouseAccess, WarehouseBusyError } from '../src/core/targets/local/warehouse-access';
import { COMMAND_IDS } from '../src/extension/command-ids';
import { REPO } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'retail-ext-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the task tree shows every task of the DAG exactly once, under a predecessor', () => {
  const seen: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const t of treeChildren(parent)) {
      seen.push(t.name);
      walk(t.name, depth + 1);
    }
  };
  walk(undefined, 0);
  assert.deepEqual([...seen].sort(), TASKS.map((t) => t.name).sort());
  assert.deepEqual(treeChildren(undefined).map((t) => t.name), [ROOT_TASK]);
  // bronze_silver_task waits for all eight loads (siblings under the root): it hangs beside them.
  assert.equal(treeParent(TASKS.find((t) => t.name === 'bronze_silver_task')!), ROOT_TASK);
  assert.deepEqual(treeChildren('bronze_silver_task').map((t) => t.name).sort(), ['data_validation_task', 'silver_gold_task']);
  assert.deepEqual(treeChildren('silver_gold_task').map((t) => t.name).sort(), ['customer_analytics_task', 'order_analytics_task']);
  for (const t of TASKS) {
    const p = treeParent(t);
    if (t.after.length === 1) assert.equal(p, t.after[0]);
  }
});

test('settings: the data folder resolves against the workspace and expands ${env:X}', () => {
  assert.equal(expandEnv('${env:RP_A}/x/${env:RP_MISSING}', { RP_A: 'a' }), 'a/x/');
  assert.equal(resolveDataDir('/ws', undefined, {}), join('/ws', 'sample_data'));
  assert.equal(resolveDataDir('/ws', '  ', {}), join('/ws', 'sample_data'));
  assert.equal(resolveDataDir('/ws', 'data/in', {}), join('/ws', 'data/in'));
  assert.equal(resolveDataDir('/ws', '${env:RP_DATA}', { RP_DATA: '/abs/data' }), '/abs/data');
});

test('settings: state folder, bounded integers, sentiment thresholds checked with the settings named', () => {
  assert.equal(resolveStateDir('/ws', undefined, {}), join('/ws', '.retail'), 'default unchanged: <workspace>/.retail');
  assert.equal(resolveStateDir('/ws', '  ', {}), join('/ws', '.retail'));
  assert.equal(resolveStateDir('/ws', 'state/local', {}), join('/ws', 'state/local'));
  assert.equal(resolveStateDir('/ws', '${env:RP_STATE}/rp', { RP_STATE: '/var/tmp' }), '/var/tmp/rp');
  assert.equal(resolveStateDir('/ws', '${env:RP_UNSET}', {}), join('/ws', '.retail'), 'a variable that expands to nothing is the default');

  assert.equal(intSetting(8, 4, 1, 32), 8);
  for (const bad of [undefined, null, 0, 33, 2.5, '8', Number.NaN]) assert.equal(intSetting(bad, 4, 1, 32), 4, String(bad));

  assert.equal(sentimentThresholds(undefined, undefined), undefined, 'unset: the target keeps its default');
  assert.equal(sentimentThresholds(null, null), undefined);
  assert.deepEqual(sentimentThresholds(0.3, -0.2), { positive: 0.3, negative: -0.2 });
  assert.deepEqual(sentimentThresholds(0.3, null), { positive: 0.3, negative: -0.05 }, 'the other one from the local default');
  assert.deepEqual(sentimentThresholds(null, -0.7, { positive: 0.5, negative: -0.5 }), { positive: 0.5, negative: -0.7 });
  assert.deepEqual(sentimentThresholds(0.1, 0.1), { positive: 0.1, negative: 0.1 }, 'equal is allowed: no neutral band');
  assert.throws(() => sentimentThresholds(0.1, 0.3), (e: unknown) => e instanceof InvalidSettingError
    && e.setting === 'retailPipeline.sentiment.negativeThreshold'
    && e.message.includes('retailPipeline.sentiment.positiveThreshold = 0.1') && e.message.includes('negative (0.3) must not exceed positive (0.1)'));
  assert.throws(() => sentimentThresholds(1.5, 0), (e: unknown) => e instanceof InvalidSettingError
    && e.setting === 'retailPipeline.sentiment.positiveThreshold' && /from -1 to 1/.test(e.message));
  assert.throws(() => sentimentThresholds(0.2, -2), (e: unknown) => e instanceof InvalidSettingError && e.setting === 'retailPipeline.sentiment.negativeThreshold');
});

test('MySQL URL: validated, password percent-encoded, kept in secret storage and redacted', async () => {
  assert.equal(validateMysqlUrl('mysql://root@127.0.0.1:3306/retail_db'), undefined);
  assert.match(validateMysqlUrl('') ?? '', /Enter a URL/);
  assert.match(validateMysqlUrl('postgres://h/db') ?? '', /mysql:\/\//);
  assert.match(validateMysqlUrl('mysql://127.0.0.1:3306') ?? '', /database/);
  assert.match(validateMysqlUrl('not a url') ?? '', /Not a URL/);
  const password = 'p@ss:w/rd#Q9-unit';
  const url = withPassword('mysql://root@127.0.0.1:3306/retail_db', password);
  assert.equal(decodeURIComponent(new URL(url).password), password);
  assert.equal(describeMysqlUrl(url), 'mysql://root:****@127.0.0.1:3306/retail_db');
  // SecretStorage stand-in: a map with the same three methods.
  const map = new Map<string, string>();
  const store = { get: async (k: string) => map.get(k), store: async (k: string, v: string) => void map.set(k, v), delete: async (k: string) => void map.delete(k) };
  assert.equal(await readMysqlUrl(store), undefined);
  await storeMysqlUrl(store, url);
  assert.equal(map.get(MYSQL_URL_KEY), url);
  assert.equal(await readMysqlUrl(store), url);
  // Once known, the password is hidden wherever it appears, even outside a URL (a driver message).
  assert.equal(redact(`Access denied (tried ${password})`), 'Access denied (tried ****)');
});

test('preview page: every value escaped, strict CSP with a nonce, NULLs marked', () => {
  const evil = `<script>alert("x")</script>&'`;
  const html = previewHtml({
    table: 'GOLD_<T>', columns: [{ name: 'a<b', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }, { name: 'j', type: 'JSON' }],
    rows: [{ 'a<b': evil, n: null, j: { k: '<i>' } }], total: 1, limit: 200,
  }, { cspSource: 'https://webview.test', nonce: 'abc123def456ghi789', styleUri: 'https://webview.test/preview.css' });
  assert.ok(!html.includes('<script>alert'), 'cell markup is not live');
  assert.ok(html.includes(escapeHtml(evil)));
  assert.ok(html.includes('GOLD_&lt;T&gt;') && html.includes('a&lt;b'));
  assert.ok(html.includes(escapeHtml('{"k":"<i>"}')));
  assert.match(html, /<td class="null">NULL<\/td>/);
  const csp = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123def456ghi789'/);
  assert.match(csp, /style-src https:\/\/webview\.test/);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="abc123def456ghi789">']);
  assert.deepEqual(cellText(0), { text: '0', isNull: false });
  assert.deepEqual(cellText(undefined), { text: 'NULL', isNull: true });
});

test('snapshot: row counts of built tables; last run per task from TASK_HISTORY; "never run" without it', async () => {
  const ws = join(tmp, 'snap');
  const wh = await LocalWarehouse.open(ws);
  try {
    let snap = await readSnapshot(wh);
    assert.equal(snap.rowCounts.size, 0);
    assert.equal(snap.lastRuns.size, 0);
    await wh.run(`create table BRONZE_CUSTOMERS as select i::varchar as customer_id from range(7) t(i)`);
    await wh.run(`create view GOLD_CUSTOMER_INSIGHTS as select 1 as customer_id union all select 2`);
    // A TASK_HISTORY of some other shape must not break the view.
    await wh.run(`create table TASK_HISTORY (x integer)`);
    snap = await readSnapshot(wh);
    assert.equal(snap.rowCounts.get('BRONZE_CUSTOMERS'), 7);
    assert.equal(snap.rowCounts.get('GOLD_CUSTOMER_INSIGHTS'), 2);
    assert.equal(snap.rowCounts.has('SILVER_CUSTOMERS'), false);
    assert.equal(snap.lastRuns.size, 0);
    await wh.run('drop table TASK_HISTORY');
    const conn = await wh.connect();
    await ensureHistorySchema(conn);
    conn.closeSync();
    const ins = `insert into TASK_HISTORY (NAME, STATE, QUERY_START_TIME, COMPLETED_TIME, GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER, DURATION_MS, ERROR_MESSAGE)
      values (?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?)`;
    await wh.run(ins, ['silver_gold_task', 'FAILED', '2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z', 'g1', 1, 2000, 'boom']);
    await wh.run(ins, ['silver_gold_task', 'SUCCEEDED', '2026-01-02T00:00:00Z', '2026-01-02T00:00:01Z', 'g2', 1, 1000, null]);
    await wh.run(ins, ['bronze_silver_task', 'FAILED', '2026-01-02T00:00:00Z', '2026-01-02T00:00:03Z', 'g2', 1, 3000, 'bad row']);
    snap = await readSnapshot(wh);
    assert.deepEqual({ ...snap.lastRuns.get('silver_gold_task'), completedAt: undefined }, { state: 'SUCCEEDED', durationMs: 1000, errorMessage: undefined, completedAt: undefined });
    assert.equal(snap.lastRuns.get('bronze_silver_task')?.errorMessage, 'bad row');
    assert.equal(snap.lastRuns.has('order_analytics_task'), false);
  } finally {
    wh.close();
  }
});

test('snapshot: last updated per table from the last successful run of its writer task, Iceberg tables from their metadata', async () => {
  const ws = join(tmp, 'updated');
  const wh = await LocalWarehouse.open(ws);
  try {
    const conn = await wh.connect();
    await ensureHistorySchema(conn);
    await wh.run(`create table BRONZE_CUSTOMERS as select i::varchar as customer_id from range(3) t(i)`);
    await wh.run(`create table SILVER_CUSTOMERS as select i::varchar as customer_id from range(2) t(i)`);
    await wh.run(`create table SILVER_ORDERS as select 1 as order_id`);
    const ins = `insert into TASK_HISTORY (NAME, STATE, QUERY_START_TIME, COMPLETED_TIME, GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER)
      values (?, ?, ?::timestamptz, ?::timestamptz, ?, 1)`;
    // mysql_customer_task writes BRONZE_CUSTOMERS: its last SUCCEEDED run counts, not the later failure.
    await wh.run(ins, ['mysql_customer_task', 'SUCCEEDED', '2026-03-01T10:00:00Z', '2026-03-01T10:00:05.250Z', 'g1']);
    await wh.run(ins, ['mysql_customer_task', 'SUCCEEDED', '2026-03-02T10:00:00Z', '2026-03-02T10:00:07Z', 'g2']);
    await wh.run(ins, ['mysql_customer_task', 'FAILED', '2026-03-03T10:00:00Z', '2026-03-03T10:00:01Z', 'g3']);
    // bronze_silver_task writes SILVER_CUSTOMERS and SILVER_ORDERS; a time in another zone is normalised.
    await wh.run(ins, ['bronze_silver_task', 'SUCCEEDED', '2026-03-02T12:00:00+02:00', '2026-03-02T12:00:09+02:00', 'g2']);
    // A real Iceberg commit of GOLD_CUSTOMER_INSIGHTS, and a history row that must not win over its metadata.
    const def = table('GOLD_CUSTOMER_INSIGHTS');
    const dir = icebergTableDir(ws, def.name);
    const cols = def.columns.map((c) => `${c.nullable === false ? `'C' || i` : `null::${c.type}`} as ${c.name}`).join(', ');
    const before = Date.now();
    await commitIcebergOverwrite(conn, { tableDir: dir, tableName: def.name, columns: def.columns, selectSql: `select ${cols} from range(4) t(i)` });
    const afterCommit = Date.now();
    await attachIcebergView(conn, def.name, dir);
    await wh.run(ins, ['silver_gold_task', 'SUCCEEDED', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', 'g0']);
    conn.closeSync();
    const snap = await readSnapshot(wh);
    assert.equal(snap.lastUpdated.get('BRONZE_CUSTOMERS'), '2026-03-02T10:00:07.000Z');
    assert.equal(snap.lastUpdated.get('SILVER_CUSTOMERS'), '2026-03-02T10:00:09.000Z');
    assert.equal(snap.lastUpdated.get('SILVER_ORDERS'), '2026-03-02T10:00:09.000Z');
    assert.equal(snap.rowCounts.get('GOLD_CUSTOMER_INSIGHTS'), 4);
    const gold = Date.parse(snap.lastUpdated.get('GOLD_CUSTOMER_INSIGHTS') ?? '');
    assert.ok(gold >= before && gold <= afterCommit, `Iceberg last-updated-ms ${snap.lastUpdated.get('GOLD_CUSTOMER_INSIGHTS')} is the commit's`);
    // Tables that do not exist have no time, even when their writer ran.
    assert.equal(snap.lastUpdated.has('SILVER_PRODUCTS'), false);
    assert.equal(snap.lastUpdated.has('BRONZE_PRODUCTS'), false);
  } finally {
    wh.close();
  }
});

test('relative times for the tree: "just now", minutes, hours, days, then the date', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  assert.equal(formatAgo('2026-03-10T11:59:30Z', now), 'just now');
  assert.equal(formatAgo('2026-03-10T12:05:00Z', now), 'just now');
  assert.equal(formatAgo('2026-03-10T11:57:00Z', now), '3 min ago');
  assert.equal(formatAgo('2026-03-10T09:00:00Z', now), '3 h ago');
  assert.equal(formatAgo('2026-03-09T10:00:00Z', now), '1 day ago');
  assert.equal(formatAgo('2026-03-01T12:00:00Z', now), '9 days ago');
  assert.equal(formatAgo('2025-12-01T12:00:00Z', now), 'on 2025-12-01');
  assert.equal(formatAgo('not a time', now), '');
});

test('external changes: one refresh per burst after the quiet time, none while this window runs', async () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let refreshes = 0;
  let running = false;
  const r = new ExternalChangeRefresher({ delayMs: 300, ownActivity: () => running, refresh: () => refreshes++ });
  try {
    // A burst of 10 events 20 ms apart (far shorter than the delay, even on a busy machine): one refresh, after the last.
    for (let i = 0; i < 10; i++) { r.notify(); await wait(20); }
    assert.equal(refreshes, 0, 'still inside the burst');
    await wait(500);
    assert.equal(refreshes, 1);
    // Events during this window's own run are dropped, and so is one pending from before it.
    r.notify();
    running = true;
    r.notify();
    assert.equal(r.pending, false);
    await wait(500);
    assert.equal(refreshes, 1);
    // A run that starts while a refresh waits: the refresh is skipped when the timer fires.
    running = false;
    r.notify();
    running = true;
    await wait(500);
    assert.equal(refreshes, 1);
    running = false;
    r.notify();
    await wait(500);
    assert.equal(refreshes, 2);
    r.dispose();
    r.notify();
    await wait(500);
    assert.equal(refreshes, 2, 'nothing after dispose');
  } finally {
    r.dispose();
  }
});

test('external changes: file events that arrive just after this window\'s own run ended are its own (the watcher delivers late)', async () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let refreshes = 0;
  let running = false;
  const r = new ExternalChangeRefresher({ delayMs: 100, settleMs: 400, ownActivity: () => running, refresh: () => refreshes++ });
  try {
    // The run starts and ends (the session's change events), with no file event seen meanwhile:
    // the validation's writes are all delivered after it ended.
    running = true;
    r.ownActivityChanged();
    running = false;
    r.ownActivityChanged();
    r.notify();
    await wait(250);
    assert.equal(refreshes, 0, 'a late event of our own run redraws nothing');
    // Past the settle time an event is another process's again.
    await wait(300);
    r.notify();
    await wait(250);
    assert.equal(refreshes, 1);
  } finally {
    r.dispose();
  }
});

test('the warehouse is open only while used: another process (the CLI) can write between uses, not during one', async () => {
  const ws = join(tmp, 'access');
  const access = new WarehouseAccess(ws, undefined, (w, dir) => LocalWarehouse.open(w, { stateDir: dir }));
  assert.equal(access.exists(), false);
  // Another process writing the warehouse, as the CLI does (DuckDB's own API, so the test
  // does not depend on the rest of the CLI).
  const cliWrite = () => spawnSync(process.execPath, ['-e', `
    const { DuckDBInstance } = require('@duckdb/node-api');
    DuckDBInstance.create(${JSON.stringify(join(ws, '.retail', 'warehouse.duckdb'))})
      .then(async (i) => { const c = await i.connect(); await c.run('create or replace table CLI_T as select 1 as x'); c.closeSync(); i.closeSync(); })
      .catch((e) => { process.stderr.write(String(e)); process.exit(3); });`], { encoding: 'utf8', cwd: REPO });
  await access.use(async (wh) => {
    await wh.run('create table EXT_T as select 42 as x');
    assert.equal(access.isOpen, true);
    const during = cliWrite();
    assert.notEqual(during.status, 0, 'DuckDB refuses a second writer while the extension holds the file');
  });
  assert.equal(access.isOpen, false);
  const between = cliWrite();
  assert.equal(between.status, 0, between.stderr);
  // Two users at once share one instance; both see the CLI's table.
  const [a, b] = await Promise.all([
    access.use((wh) => wh.query<{ x: number }>('select x from CLI_T')),
    access.use((wh) => wh.query<{ x: number }>('select x from EXT_T')),
  ]);
  assert.deepEqual([a[0].x, b[0].x], [1, 42]);
  // A warehouse held by another process: a clear error, not DuckDB's lock message.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', `
    const { DuckDBInstance } = require('@duckdb/node-api');
    DuckDBInstance.create(${JSON.stringify(join(ws, '.retail', 'warehouse.duckdb'))}).then(async (i) => {
      await i.connect(); process.stdout.write('held\\n'); setTimeout(() => process.exit(0), 3000);
    });`], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res) => child.stdout!.on('data', (d: Buffer) => { if (String(d).includes('held')) res(); }));
  await assert.rejects(access.use(async () => 1), (e: unknown) => e instanceof WarehouseBusyError && /in use by another process/.test(e.message));
  await new Promise((res) => child.once('exit', res));
  assert.equal(await access.use(async () => 2), 2);
});

test('activation loads a small bundle and no DuckDB, MySQL or pipeline code', () => {
  const bundle = join(REPO, 'dist', 'extension.js');
  const size = statSync(bundle).size;
  assert.ok(size < 200_000, `dist/extension.js is ${size} bytes`);
  const probe = spawnSync(process.execPath, ['-e', `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (req, ...rest) { return req === 'vscode' ? {} : load.call(this, req, ...rest); };
    const t = process.hrtime.bigint();
    const ext = require(${JSON.stringify(bundle)});
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const loaded = Object.keys(require.cache).filter((k) => k !== ${JSON.stringify(bundle)});
    process.stdout.write(JSON.stringify({ ms, loaded, exports: Object.keys(ext) }));`], { encoding: 'utf8' });
  assert.equal(probe.status, 0, probe.stderr);
  const r = JSON.parse(probe.stdout) as { ms: number; loaded: string[]; exports: string[] };
  assert.deepEqual(r.exports.sort(), ['activate', 'deactivate']);
  assert.deepEqual(r.loaded, [], 'nothing else is required while the bundle loads');
  process.stderr.write(`# dist/extension.js: ${size} bytes, loaded in ${r.ms.toFixed(1)} ms\n`);
});

test('the activation bundle contains no DuckDB, mysql2 or snowflake-sdk code, inlined or required', () => {
  // Inlined code would not show up in require.cache: the build lists the bundle's inputs.
  const inputs = JSON.parse(readFileSync(join(REPO, 'dist', 'extension.inputs.json'), 'utf8')) as string[];
  assert.ok(inputs.includes('src/extension/extension.ts'), 'the list is the activation bundle\'s');
  const drivers = /node_modules\/(@duckdb|duckdb|mysql2|snowflake-sdk|vscode-languageclient)\//;
  assert.deepEqual(inputs.filter((i) => drivers.test(i)), [], 'driver code in dist/extension.js');
  // Nor the core modules that open them (they belong to the heavy bundle, required on first use).
  // The targets themselves are here (target-factory.ts makes them); their drivers are not.
  assert.deepEqual(inputs.filter((i) => /^src\/core\/(targets\/local\/(warehouse|local-driver)\.ts|targets\/snowflake\/snowflake-driver|runner\/|sources\/|snowflake\/(client|operate|deploy-run|load-mysql))/.test(i)), []);
  assert.ok(inputs.includes('src/core/targets/local/local-target.ts') && inputs.includes('src/core/targets/snowflake/snowflake-target.ts'), 'both targets are held by activation');
  // Nor the command implementations (dist/extension-commands.js, required on the first command).
  assert.deepEqual(inputs.filter((i) => /^src\/extension\/((snowflake-|quality-|tree-)?commands|run|preview|panels\/(panels|commands|retry))\.ts$/.test(i)), []);
  const text = readFileSync(join(REPO, 'dist', 'extension.js'), 'utf8');
  const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)].filter((m) => !/^(vscode|node:\w+|\.\/extension-(commands|heavy|snowflake|lsp)\.js)$/.test(m)), [], 'requires of the activation bundle');
});

test('activation registers every command id of package.json; the commands bundle implements each one', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...COMMAND_IDS].sort(), contributed, 'command-ids.ts against package.json');
  // The built table (its top level evaluated with a stand-in vscode module: no command runs).
  const bundle = join(REPO, 'dist', 'extension-commands.js');
  const probe = spawnSync(process.execPath, ['-e', `
    const Module = require('module');
    const load = Module._load;
    const stub = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : stub), construct: () => ({}), apply: () => stub });
    Module._load = function (req, ...rest) { return req === 'vscode' ? stub : load.call(this, req, ...rest); };
    process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(bundle)}).COMMANDS)));`], { encoding: 'utf8' });
  assert.equal(probe.status, 0, probe.stderr);
  assert.deepEqual((JSON.parse(probe.stdout) as string[]).sort(), contributed, 'dist/extension-commands.js COMMANDS');
});

test('the heavy bundle (DuckDB, MySQL, steps) carries no snowflake-sdk: the Snowflake target is its own bundle', () => {
  // Every local-target use loads dist/extension-heavy.js; snowflake-sdk would triple what it parses.
  const inputs = JSON.parse(readFileSync(join(REPO, 'dist', 'extension-heavy.inputs.json'), 'utf8')) as string[];
  assert.ok(inputs.includes('src/extension/heavy.ts'), 'the list is the heavy bundle\'s');
  assert.ok(inputs.some((i) => i.startsWith('src/core/targets/local/')), 'the heavy bundle holds the local target');
  assert.deepEqual(inputs.filter((i) => /node_modules\/snowflake-sdk\/|^src\/core\/snowflake\/(client|operate|deploy-run|connections|panel-)/.test(i)), []);
  const text = readFileSync(join(REPO, 'dist', 'extension-heavy.js'), 'utf8');
  assert.ok(!/snowflake-sdk|extension-snowflake/.test(text), 'dist/extension-heavy.js names snowflake-sdk');
  // The Snowflake bundle exists beside it and is what carries the driver.
  const sf = readFileSync(join(REPO, 'dist', 'extension-snowflake.js'), 'utf8');
  assert.ok(sf.includes('node_modules/snowflake-sdk/'), 'dist/extension-snowflake.js bundles snowflake-sdk');
});
