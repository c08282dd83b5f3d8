// Attacks on the pipeline through what users and data files control, each through the real code
// path (the CLI, the real readers and warehouse, the real webview bundles in Chromium, the real
// snowflake-sdk against the wire double):
//  - identifier injection through configuration, on the Snowflake and the DuckDB/MySQL side;
//  - XSS through source data into every webview (Run History, Traces, Dashboard, Chart Preview,
//    Table Preview), after a real pipeline run on hostile data;
//  - secrets (MySQL password; Snowflake password, token, key passphrase) in no output, error,
//    log, warehouse table (TASK_HISTORY, EVENTS, rejects…), workspace file or SQL text;
//  - a connections.toml readable by others gets a warning;
//  - path traversal in stage file names;
//  - malformed webview messages: ignored and logged by the host, ignored by the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadChart, loadDashboard } from '../../src/core/dashboard/data';
import { listTraces, loadRunHistory, loadTrace } from '../../src/core/dashboard/history-data';
import { table } from '../../src/core/manifest';
import { seedMysql } from '../../src/core/mysql/seed';
import { parseSuite } from '../../src/core/quality/suite';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { resolveConnection } from '../../src/core/snowflake/connections';
import { openMysqlTable } from '../../src/core/sources/mysql';
import { parseMysqlUrl } from '../../src/core/sources/mysql-connection';
import { quoteIdent } from '../../src/core/sql/identifiers';
import { LocalStage } from '../../src/core/stage/local-stage';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { previewHtml } from '../../src/extension/preview-html';
import type { HostMessage, PanelKind } from '../../src/shared/webview-protocol';
import { cli, REPO } from '../helpers/cli';
import { mysqlUnreachableReason, tempDatabase, type TempDatabase } from '../helpers/mysql';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from '../helpers/snowflake-double';
import { chromiumPath, launchChromium, MEDIA, offline, openPanel, type Responder } from '../helpers/webview-harness';

const tmp = mkdtempSync(join(tmpdir(), 'rp-attacks-'));
const INJECTION = 'x"; drop table y; --';
const MYSQL_INJECTION = 'x`; drop table y; --';

/** Attack attempts shown to be blocked; printed when every test passed. */
let blocked = 0;
let failedTests = 0;
const blockedBy = (n = 1) => { blocked += n; };
after(() => {
  console.log(failedTests === 0 ? `attacks: ${blocked}, all blocked` : `attacks: ${blocked} blocked, ${failedTests} test(s) failed`);
  rmSync(tmp, { recursive: true, force: true });
});
/** A test whose failure is counted, so the summary never claims "all blocked" falsely. */
function attack(name: string, opts: { timeout?: number }, fn: (t: TestContext) => Promise<void> | void): void {
  test(name, opts, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failedTests++;
      throw e;
    }
  });
}

// ---- the hostile run -------------------------------------------------------------------------

// Markup that would run if any panel put data into HTML unescaped. Each sets window.__pwned.
const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">',
  script: '</script><script>window.__pwned=2;alert(2)</script>',
  svg: '<svg onload=window.__pwned=3>',
  cat: '<img src=y onerror=window.__pwned=4>',
  review: '<img src=z onerror=alert(5)>',
  enc: '<img src=e onerror=window.__pwned=9>',
};
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

const WS = join(tmp, 'ws');
const DATA = join(tmp, 'data');
let db: TempDatabase | undefined;
let mysqlUser: { name: string; password: string; url: string } | undefined;
const WRONG_PASSWORD = `Wrong-${randomBytes(6).toString('hex')}`;
/** Everything the CLI printed during the hostile runs. */
const outputs: string[] = [];

function hostileData(): void {
  cpSync(join(REPO, 'sample_data'), DATA, { recursive: true });
  const prefs = join(DATA, 'customer_preferences.xml');
  writeFileSync(prefs, readFileSync(prefs, 'utf8')
    // The most frequent pair of the sample, so it is on the top-preferences chart.
    .replace(/<type>Newsletter<\/type>/g, `<type>${xmlEscape(PAYLOADS.img)}</type>`)
    .replace(/<value>Subscribed<\/value>/g, `<value>${xmlEscape(PAYLOADS.script)}</value>`));
  const customers = join(DATA, 'mysql', 'customer_data.csv');
  const lines = readFileSync(customers, 'utf8').split('\n');
  for (let i = 1; i <= 5; i++) lines[i] = lines[i].replace(/^(CUST\d+),[^,]*,/, `$1,${csvQuote(PAYLOADS.svg)},`);
  writeFileSync(customers, lines.join('\n'));
  const products = join(DATA, 'mysql', 'product_data.csv');
  writeFileSync(products, readFileSync(products, 'utf8').replace(/,Electronics,/g, `,${csvQuote(PAYLOADS.cat)},`));
  // One review whose rating is markup: a reject whose reason (logged, in the event table) quotes it.
  const reviews = join(DATA, 'product_reviews.json');
  const all = JSON.parse(readFileSync(reviews, 'utf8')) as Record<string, unknown>[];
  all[0].rating = PAYLOADS.review;
  writeFileSync(reviews, JSON.stringify(all, null, 1));
  // A second data folder whose only file fails as a whole, with markup in the error message.
  mkdirSync(join(tmp, 'data-bad'));
  writeFileSync(join(tmp, 'data-bad', 'product_specifications.xml'), `<?xml version="1.0" encoding="${PAYLOADS.enc}"?>\n<product><product_id>P1</product_id></product>\n`);
}

before(async () => {
  hostileData();
  const why = await mysqlUnreachableReason();
  if (!why) {
    db = await tempDatabase();
    mysqlUser = await db.user();
    await seedMysql(db.url, DATA, { log: { log: () => undefined } });
  }
  const env = { RETAIL_LOG_LEVEL: 'debug', RETAIL_MYSQL_URL: '' };
  const run = (args: string[]) => {
    const r = cli([...args, '--workspace', WS], env);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const main = run(['run', '--data', DATA, ...(mysqlUser ? ['--mysql-url', mysqlUser.url] : [])]);
  assert.equal(main.code, 0, main.stderr);
  if (mysqlUser) {
    const wrong = mysqlUser.url.replace(encodeURIComponent(mysqlUser.password), WRONG_PASSWORD);
    const denied = run(['run', '--data', DATA, '--only', 'mysql_customer_task', '--mysql-url', wrong]);
    assert.equal(denied.code, 1, denied.stderr);
    assert.match(denied.stderr, /Access denied/);
  }
  // Last, so that Run History opens on it.
  const bad = run(['run', '--data', join(tmp, 'data-bad'), '--only', 'product_specification_task']);
  assert.equal(bad.code, 1, bad.stderr);
});
after(async () => { await db?.drop(); });

// ---- identifiers -------------------------------------------------------------------------------

attack('identifier injection through configuration is rejected (Snowflake, DuckDB, MySQL) or quoted as one name', { timeout: 120_000 }, async () => {
  // Snowflake deploy configuration: every configured name is validated before any SQL exists.
  for (const key of ['database', 'schema', 'warehouse', 'role', 'externalVolume', 'mysqlDatabase'] as const) {
    assert.throws(() => resolveDeployConfig({ [key]: INJECTION }), (e: Error) => e.name === 'InvalidIdentifierError' && e.message.includes(key), key);
    blockedBy();
  }
  assert.throws(() => resolveDeployConfig({ eventTable: `DB.S.${INJECTION}` }), /Invalid eventTable part/);
  assert.throws(() => resolveDeployConfig({ mysqlHostPort: `h:1'); drop table y; --` }), /expected host:port/);
  blockedBy(2);
  // …and through the CLI: nothing of the name reaches the printed plan.
  const r = cli(['deploy', '--dry-run', '--database', INJECTION, '--workspace', WS]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Invalid database "x\\"; drop table y; --"/);
  assert.doesNotMatch(r.stdout, /drop table y/i);
  blockedBy();
  // A connection name is only ever a lookup key: an unknown one is a clear error, no SQL.
  const home = mkdtempSync(join(tmp, 'sfhome-empty-'));
  assert.throws(() => resolveConnection(INJECTION, { env: { SNOWFLAKE_HOME: home }, platform: 'linux', homedir: tmp }), /No Snowflake connection named "x"; drop table y; --"/);
  blockedBy();

  // DuckDB side: stage names and suite table names are validated; quoting keeps a name one name.
  assert.throws(() => new LocalStage(WS, INJECTION), /Invalid stage name/);
  assert.throws(() => parseSuite(JSON.stringify({ expectation_suite_name: 's', data_asset: INJECTION, expectations: [] }), 'evil.json'), /Invalid table name/);
  blockedBy(2);
  const wh = await LocalWarehouse.open(join(tmp, 'ident-ws'));
  try {
    await wh.run('create table y (a int)');
    await wh.run(`create table ${quoteIdent(INJECTION)} (a int)`);
    await wh.run(`drop table ${quoteIdent(INJECTION)}`);
    assert.ok(await wh.tableExists('y'), 'quoted, the name did not break out: y still exists');
    assert.equal(quoteIdent(INJECTION), '"x""; drop table y; --"', 'the same doubling is Snowflake\'s quoting');
    blockedBy();
  } finally {
    wh.close();
  }

  // MySQL side: database and table names are validated before any statement is sent.
  assert.throws(() => parseMysqlUrl(`mysql://root@127.0.0.1:3306/${encodeURIComponent(INJECTION)}`), /Invalid MySQL database name/);
  blockedBy();
  if (db) {
    await db.admin.query('CREATE TABLE y (a INT)');
    await assert.rejects(openMysqlTable(db.url, MYSQL_INJECTION, table('BRONZE_CUSTOMERS'), { log: { log: () => undefined } }), /Invalid MySQL table name/);
    const [rows] = await db.admin.query(`SHOW TABLES LIKE 'y'`) as unknown as [unknown[]];
    assert.equal(rows.length, 1, 'table y still exists');
    blockedBy();
  }
});

// ---- XSS through data ----------------------------------------------------------------------

let browser: Browser | undefined;
const haveChromium = existsSync(chromiumPath()) && existsSync(join(MEDIA, 'run-history.js'));
before(async () => { if (haveChromium) browser = await launchChromium(); });
after(async () => { await browser?.close(); });

interface PanelData {
  history: Awaited<ReturnType<typeof loadRunHistory>>;
  traces: Awaited<ReturnType<typeof listTraces>>;
  detail: Awaited<ReturnType<typeof loadTrace>>;
  dashboard: Awaited<ReturnType<typeof loadDashboard>>;
  chart: Awaited<ReturnType<typeof loadChart>>;
}

async function panelData(): Promise<PanelData> {
  const wh = await LocalWarehouse.open(WS);
  try {
    const history = await loadRunHistory(wh);
    const traces = await listTraces(wh);
    // The trace of the full run: the one with the most spans (the failed run has a few).
    const main = [...traces].sort((a, b) => b.spanCount - a.spanCount)[0];
    return { history, traces, detail: await loadTrace(wh, main.traceId), dashboard: await loadDashboard(wh), chart: await loadChart(wh, 'top-preferences') };
  } finally {
    wh.close();
  }
}

const responder = (d: PanelData): Responder => (m) => {
  if (m.kind === 'ready') {
    if (m.panel === 'runHistory') return [{ kind: 'push', topic: 'history', data: d.history }];
    if (m.panel === 'traces') return [{ kind: 'push', topic: 'traces', traces: d.traces }];
    if (m.panel === 'dashboard') return [{ kind: 'push', topic: 'dashboard', data: d.dashboard }];
    if (m.panel === 'chartPreview') return [{ kind: 'push', topic: 'chart', data: d.chart }];
  }
  if (m.method === 'traces.get') return [{ kind: 'reply', id: m.id as number, ok: true, method: 'traces.get', result: d.detail }];
  return [{ kind: 'reply', id: m.id as number, ok: true, method: m.method, result: null } as HostMessage];
};

const INERT = `({
  pwned: window.__pwned,
  imgs: document.querySelectorAll('img').length,
  handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
  scripts: document.querySelectorAll('script').length,
  text: document.body.innerText + '\\n' + [...document.querySelectorAll('svg text, svg title')].map((t) => t.textContent).join('\\n'),
})`;
interface Inert { pwned: unknown; imgs: number; handlers: number; scripts: number; text: string }

attack('XSS: hostile source data, after a real run, renders as text in every panel, CSP or not', { timeout: 240_000 }, async (t) => {
  if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
  const d = await panelData();
  // The hostile strings really are in what the panels get: from the data, not planted.
  const json = JSON.stringify(d);
  for (const p of [PAYLOADS.img, PAYLOADS.script, PAYLOADS.enc, PAYLOADS.review]) assert.ok(json.includes(JSON.stringify(p).slice(1, -1)), `${p} reached the panel data`);
  const expected: Record<PanelKind, string[]> = {
    runHistory: [PAYLOADS.enc],
    traces: [PAYLOADS.review.slice(0, 20)],
    dashboard: [PAYLOADS.img.slice(0, 12)],
    chartPreview: [PAYLOADS.img.slice(0, 12)],
  };
  for (const csp of [true, false]) {
    for (const panel of ['runHistory', 'traces', 'dashboard', 'chartPreview'] as PanelKind[]) {
      const hp = await openPanel(browser, panel, responder(d), { csp });
      try {
        const { page } = hp;
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.waitForFunction('document.getElementById("app").childElementCount > 0');
        if (panel === 'runHistory') {
          // The failed run's task, with its error message.
          await page.locator('svg.dag .node[data-task="product_specification_task"]').click();
          await page.waitForSelector('#error-message');
          for (const tab of ['Grid', 'Gantt']) await page.getByRole('tab', { name: tab }).click();
        }
        if (panel === 'traces') {
          await page.waitForSelector('.span-row');
          // Open the span whose log carries the reject reason.
          const row = page.locator('.span-row', { hasText: 'productreview_task' }).first();
          if (await row.count()) await row.click();
        }
        if (panel === 'dashboard' || panel === 'chartPreview') await page.waitForSelector('body[data-rendered="true"]', { timeout: 60_000 });
        await page.waitForTimeout(300);
        const found = await page.evaluate(INERT) as Inert;
        assert.equal(found.pwned, undefined, `${panel}: no payload ran`);
        assert.deepEqual(hp.dialogs, [], `${panel}: no alert`);
        assert.equal(found.imgs, 0, `${panel}: no <img> made from data`);
        assert.equal(found.handlers, 0, `${panel}: no on* attribute`);
        assert.deepEqual(hp.pageErrors, [], `${panel}: no page error`);
        assert.deepEqual(hp.violations, [], `${panel}: nothing depended on the CSP`);
        for (const s of expected[panel]) assert.ok(found.text.includes(s), `${panel}: ${s} shown as text`);
        blockedBy();
      } finally {
        await hp.close();
      }
    }
  }
});

attack('XSS: the table preview of a hostile table shows the markup as text', { timeout: 120_000 }, async (t) => {
  if (!browser) return t.skip('Chromium is missing');
  const wh = await LocalWarehouse.open(WS);
  let html: string;
  try {
    const cols = await wh.query<{ name: string; type: string }>(`select column_name as name, data_type as type from information_schema.columns where table_name = 'SILVER_CUSTOMERS' order by ordinal_position`);
    const rows = await wh.query(`select * from SILVER_CUSTOMERS order by customer_id limit 200`);
    const text = JSON.stringify(rows);
    for (const p of [PAYLOADS.svg, PAYLOADS.img]) assert.ok(text.includes(JSON.stringify(p).slice(1, -1)), `${p} is in the table`);
    html = previewHtml({ table: 'SILVER_CUSTOMERS', columns: cols, rows, total: rows.length, limit: 200 },
      { cspSource: 'file:', nonce: randomBytes(16).toString('hex'), styleUri: pathToFileURL(join(MEDIA, 'webview.css')).href });
  } finally {
    wh.close();
  }
  for (const csp of [true, false]) {
    const file = join(tmp, `preview-${csp}.html`);
    writeFileSync(file, csp ? html : html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dl) => { dialogs.push(dl.message()); void dl.dismiss(); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await offline(page);
    try {
      await page.goto(pathToFileURL(file).href);
      await page.fill('#filter', PAYLOADS.svg);
      await page.waitForTimeout(200);
      const found = await page.evaluate(INERT) as Inert;
      assert.equal(found.pwned, undefined);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, []);
      assert.equal(found.imgs, 0);
      assert.equal(found.handlers, 0);
      assert.equal(found.scripts, 1, 'only the page\'s own script');
      assert.ok(found.text.includes(PAYLOADS.svg), 'the filtered row shows the markup as text');
      blockedBy();
    } finally {
      await page.close();
    }
  }
});

// ---- secrets -------------------------------------------------------------------------------

/** Every file under `dir`, as bytes: the DuckDB file and its WAL, Iceberg files, stages, logs. */
function filesContaining(dir: string, secret: string): string[] {
  const out: string[] = [];
  const needle = Buffer.from(secret);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (readFileSync(p).includes(needle)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

attack('secrets: the MySQL password is in no output, error, history/event row, table or workspace file', { timeout: 120_000 }, async (t) => {
  if (!mysqlUser) return t.skip('MariaDB not reachable: the run used the CSV files');
  const secrets = [mysqlUser.password, encodeURIComponent(mysqlUser.password), WRONG_PASSWORD];
  const printed = outputs.join('\n');
  assert.match(printed, /Access denied for user/, 'the failed login was reported');
  for (const s of secrets) assert.ok(!printed.includes(s), 'no password in stdout/stderr (debug log level, with stack traces)');
  blockedBy();
  const wh = await LocalWarehouse.open(WS);
  try {
    const [denied] = await wh.query<{ ERROR_MESSAGE: string }>(`select ERROR_MESSAGE from TASK_HISTORY where NAME = 'mysql_customer_task' and STATE = 'FAILED'`);
    assert.match(denied.ERROR_MESSAGE, /Access denied/);
    // Every table and view of the warehouse, every column, as text.
    const tables = await wh.query<{ n: string }>(`select table_name as n from information_schema.tables where table_schema = 'main'`);
    assert.ok(tables.some((x) => x.n === 'EVENTS') && tables.some((x) => x.n === 'TASK_HISTORY'));
    for (const { n } of tables) {
      const text = JSON.stringify(await wh.query(`select * from ${quoteIdent(n)}`));
      for (const s of secrets) assert.ok(!text.includes(s), `no password in ${n}`);
    }
    // The SQL the event table recorded does name the MySQL source, without its password.
    const sql = await wh.query<{ n: number }>(`select count(*)::INT as n from EVENTS where cast(RECORD_ATTRIBUTES as varchar) like '%db.query%'`);
    assert.ok(sql[0].n > 0, 'SQL statements are recorded in the event table');
    blockedBy(tables.length);
  } finally {
    wh.close();
  }
  for (const s of secrets) assert.deepEqual(filesContaining(WS, s), [], 'no workspace file holds the password');
  blockedBy();
});

attack('secrets: Snowflake password, token and key passphrase, and the MySQL password sent for CREATE SECRET, stay out of every output and SQL text', { timeout: 240_000 }, async () => {
  const sfPassword = `SfPw-${randomBytes(6).toString('hex')}`;
  const token = `pat-${randomBytes(12).toString('hex')}`;
  const passphrase = `kp-${randomBytes(6).toString('hex')}`;
  const mysqlPassword = `MyPw-${randomBytes(6).toString('hex')}`;
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  const keyFile = join(tmp, 'rsa_key.p8');
  writeFileSync(keyFile, keys.privateKey, { mode: 0o600 });
  const secrets = [sfPassword, token, passphrase, mysqlPassword];
  const env = (home: string) => ({
    SNOWFLAKE_HOME: home, RETAIL_LOG_LEVEL: 'debug', RETAIL_SNOWFLAKE_LOG: 'TRACE',
    RETAIL_MYSQL_URL: `mysql://loader:${encodeURIComponent(mysqlPassword)}@127.0.0.1:3306/retail_db`, RETAIL_MYSQL_USER: undefined, RETAIL_MYSQL_PASSWORD: undefined,
  });
  const data = join(tmp, 'sf-data');
  mkdirSync(data, { recursive: true });
  for (const f of ['product_reviews.json', 'customer_preferences.xml', 'product_specifications.xml']) writeFileSync(join(data, f), 'x\n');
  const printed: string[] = [];

  // 1. Password login; the CREATE SECRET statement fails and Snowflake's message quotes its text
  //    (as compilation errors do); the connections file is readable by others.
  const d1 = await SnowflakeDouble.start({ expect: { password: sfPassword } });
  try {
    const home = snowflakeHome(d1, tmp, 'pw', `user = "ann"\npassword = "${sfPassword}"`);
    chmodSync(join(home, 'connections.toml'), 0o644);
    d1.failOn(/CREATE OR REPLACE SECRET/, { code: '001003', message: `SQL compilation error: syntax error line 3 at position 12 unexpected '${mysqlPassword}'.` });
    const r = await runCliAsync(['deploy', '--connection', 'pw', '--data', data, '--only', 'setup,integrations', '--workspace', WS], env(home));
    printed.push(r.stdout, r.stderr);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /Snowflake error 001003/);
    assert.match(r.stderr, /connections\.toml is readable by other users \(mode 644\); run: chmod 0600/);
    blockedBy();
    // The MySQL password went out only inside CREATE SECRET (it has to), the Snowflake password in no SQL at all.
    const texts = d1.sqlTexts;
    assert.deepEqual(texts.filter((x) => x.includes(mysqlPassword)).map((x) => x.split('\n')[0]), ['CREATE OR REPLACE SECRET mysql_cred']);
    assert.ok(!texts.some((x) => x.includes(sfPassword)));
  } finally {
    await d1.stop();
  }

  // 2. A programmatic access token that the server refuses.
  const d2 = await SnowflakeDouble.start({ expect: { token: 'another-token' } });
  try {
    const home = snowflakeHome(d2, tmp, 'tok', `user = "ann"\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\ntoken = "${token}"`);
    const r = await runCliAsync(['snowflake', 'history', '--connection', 'tok', '--workspace', WS], env(home));
    printed.push(r.stdout, r.stderr);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /390100|Incorrect|invalid/i);
    blockedBy();
  } finally {
    await d2.stop();
  }

  // 3. A key pair whose passphrase is right but whose public key the server does not know, and
  //    one whose passphrase is wrong.
  const d3 = await SnowflakeDouble.start({ expect: { publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey } });
  try {
    for (const pwd of [passphrase, `${passphrase}-wrong`]) {
      const home = snowflakeHome(d3, tmp, 'jwt', `user = "ann"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = ${JSON.stringify(keyFile)}\nprivate_key_file_pwd = "${pwd}"`);
      const r = await runCliAsync(['snowflake', 'history', '--connection', 'jwt', '--workspace', WS], env(home));
      printed.push(r.stdout, r.stderr);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!r.stderr.includes(`${passphrase}-wrong`));
      blockedBy();
    }
  } finally {
    await d3.stop();
  }

  const all = printed.join('\n');
  for (const s of secrets) assert.ok(!all.includes(s), `a secret was printed: ${s.slice(0, 4)}…`);
  for (const s of secrets) assert.deepEqual(filesContaining(WS, s), [], 'no secret in the workspace');
});

attack('settings: no contributed setting holds a credential (they live in VS Code secret storage)', {}, () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const keys = Object.keys(pkg.contributes.configuration.properties);
  assert.ok(keys.length > 0);
  for (const k of keys) assert.doesNotMatch(k, /password|secret|token|passphrase|url|key/i, k);
  blockedBy();
});

// ---- path traversal ----------------------------------------------------------------------

attack('path traversal in stage file names is rejected; nothing outside the stage is read, written or removed', { timeout: 60_000 }, () => {
  const ws = mkdtempSync(join(tmp, 'stage-ws-'));
  const stage = new LocalStage(ws, 'SOURCE_FILES');
  const victim = join(ws, 'victim.txt');
  writeFileSync(victim, 'keep me\n');
  const src = join(ws, 'payload.txt');
  writeFileSync(src, 'evil\n');
  const names = ['../../../victim.txt', '../../victim.txt', '@SOURCE_FILES/../../../victim.txt', 'a/../../../../victim.txt', '..\\..\\..\\victim.txt',
    resolve(victim), '/etc/passwd', '../../etc/passwd', 'ok\0../../victim.txt', '', '..'];
  for (const n of names) {
    assert.throws(() => stage.put(src, n), /Invalid stage file name/, `put ${JSON.stringify(n)}`);
    assert.throws(() => stage.get(n, join(ws, 'out')), /Invalid stage file name/, `get ${JSON.stringify(n)}`);
    assert.throws(() => stage.remove(n), /Invalid stage file name/, `remove ${JSON.stringify(n)}`);
    blockedBy(3);
  }
  assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
  assert.ok(!existsSync(join(ws, 'out')));
  // Through the CLI: the warehouse file two levels up is neither fetched nor removed.
  const wh = join(ws, '.retail', 'warehouse.duckdb');
  mkdirSync(join(ws, '.retail'), { recursive: true });
  writeFileSync(wh, 'pretend warehouse');
  for (const args of [['get', '@SOURCE_FILES/../../warehouse.duckdb', join(ws, 'got')], ['remove', '@SOURCE_FILES/../../warehouse.duckdb']]) {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'retail-pipeline.js'), 'stage', ...args, '--workspace', ws], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^error: Invalid stage file name .*expected a path inside @SOURCE_FILES/m);
    blockedBy();
  }
  assert.equal(readFileSync(wh, 'utf8'), 'pretend warehouse');
  assert.ok(!existsSync(join(ws, 'got')));
});

// ---- webview messages ----------------------------------------------------------------------

/** The parts of the vscode API that PanelHost touches, so the real host runs outside VS Code. */
function withVscodeStub<T>(fn: () => T): T {
  const stub = {
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), toString() { return `file://${this.path}`; } }) },
    EventEmitter: class<E> {
      private ls: ((e: E) => void)[] = [];
      event = (l: (e: E) => void) => { this.ls.push(l); return { dispose: () => undefined }; };
      fire(e: E) { for (const l of this.ls) l(e); }
      dispose() { this.ls = []; }
    },
  };
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const original = M._resolveFilename;
  M._resolveFilename = (req: string, ...rest: unknown[]) => (req === 'vscode' ? 'vscode-stub' : original.call(Module, req, ...rest));
  M._cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: stub } as unknown;
  try {
    return fn();
  } finally {
    M._resolveFilename = original;
  }
}

attack('webview messages: the host drops and logs anything outside the protocol; the page ignores unknown host messages', { timeout: 120_000 }, async (t) => {
  const { PanelHost } = withVscodeStub(() => require('../../src/extension/panels/host') as typeof import('../../src/extension/panels/host'));
  let receive: ((m: unknown) => void) | undefined;
  const posted: unknown[] = [];
  const logs: string[] = [];
  const handled: unknown[] = [];
  const panel = {
    webview: {
      options: {}, html: '', cspSource: 'vscode-resource:',
      asWebviewUri: (u: unknown) => u,
      onDidReceiveMessage: (l: (m: unknown) => void) => { receive = l; return { dispose: () => undefined }; },
      postMessage: async (m: unknown) => { posted.push(m); return true; },
    },
    onDidDispose: () => ({ dispose: () => undefined }),
    dispose: () => undefined,
  };
  const ctx = {
    ext: { extensionUri: { path: '/ext' } },
    onDidChange: () => ({ dispose: () => undefined }),
    log: { warn: (m: string) => logs.push(`WARN ${m}`), error: (m: string) => logs.push(`ERROR ${m}`), info: () => undefined },
  };
  const host = new PanelHost(ctx as never, 'traces', panel as never, {
    initial: async () => [{ kind: 'push', topic: 'traces', traces: [] }],
    requests: { 'traces.get': async (p) => { handled.push(p); return { traceId: 'a'.repeat(32), spans: [], logs: [] }; } },
  });
  const send = async (m: unknown) => { receive!(m); await new Promise((r) => setTimeout(r, 20)); };
  const bad: unknown[] = [
    null, 'ready', 42, [], {}, { kind: 'ready' }, { kind: 'ready', panel: 'nope' },
    { kind: 'request', id: 1, method: 'constructor', params: {} },
    { kind: 'request', id: 1, method: '__proto__', params: {} },
    JSON.parse('{"kind": "request", "id": 1, "method": "traces.get", "params": {"__proto__": {"polluted": true}, "traceId": "x"}}'),
    { kind: 'request', id: 1, method: 'workbench.action.terminal.new', params: {} },
    { kind: 'request', id: -1, method: 'traces.get', params: { traceId: 'a'.repeat(32) } },
    { kind: 'request', id: 1, method: 'traces.get', params: { traceId: "x' or 1=1 --" } },
    { kind: 'request', id: 1, method: 'history.openSql', params: { task: '../../etc/passwd' } },
    { kind: 'reply', id: 1, ok: true, result: {} },
  ];
  await send({ kind: 'ready', panel: 'traces' });
  const afterReady = posted.length;
  for (const m of bad) await send(m);
  assert.equal(posted.length, afterReady, 'nothing answered a bad message');
  assert.deepEqual(handled, [], 'no handler ran');
  assert.equal(logs.filter((l) => /^WARN Traces: dropped a message that is not part of the webview protocol$/.test(l)).length, bad.length, logs.join('\n'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  blockedBy(bad.length);
  // A good request still gets its one reply.
  await send({ kind: 'request', id: 7, method: 'traces.get', params: { traceId: 'a'.repeat(32) } });
  assert.deepEqual((posted.at(-1) as { id: number; ok: boolean }).id, 7);
  host.dispose();

  // The page side: garbage from the host is ignored, the page keeps working.
  if (!browser) return t.skip('Chromium is missing');
  const d = await panelData();
  const hp = await openPanel(browser, 'traces', responder(d));
  try {
    await hp.page.waitForSelector('.span-row');
    for (const m of [null, 'x', 42, [], { kind: 'evil' }, { kind: 'push' }, { kind: 'push', topic: 'nope' }, { kind: 'reply', id: 999, ok: true, result: {} }, { kind: 'reply', id: 'x' }]) {
      await hp.push(m as HostMessage);
      blockedBy();
    }
    await hp.page.waitForTimeout(200);
    assert.deepEqual(hp.pageErrors, []);
    assert.ok(await hp.page.locator('.span-row').count() > 0, 'still showing the trace');
  } finally {
    await hp.close();
  }
});

// Found by this suite, left to the webview's owner: isHostMessage checks only the envelope, so a
// push of a known topic with a payload of the wrong shape throws inside the page. The host is
// trusted (the extension itself), so this is defence in depth, not an open door.
test('webview page: a push of a known topic with a malformed payload is ignored', { timeout: 60_000 }, async (t) => {
  if (!browser) return t.skip('Chromium is missing');
  const hp = await openPanel(browser, 'traces', responder(await panelData()));
  try {
    await hp.page.waitForSelector('.span-row');
    await hp.push({ kind: 'push', topic: 'traces', traces: 'not a list' } as unknown as HostMessage);
    await hp.page.waitForTimeout(200);
    assert.deepEqual(hp.pageErrors, []);
  } finally {
    await hp.close();
  }
});
