// Attacks on the pipeline's secrets, each through the real code path (the CLI, the real readers
// and warehouse after a real run on hostile data, the real snowflake-sdk against the wire double):
//  - secrets (MySQL password; Snowflake password, token, key passphrase) in no output, error,
//    log, warehouse table (TASK_HISTORY, EVENTS, rejects…), workspace file or SQL text;
//  - a connections.toml readable by others gets a warning;
//  - no contributed setting holds a credential.
// Identifiers and path traversal: test/reliability/attacks-injection.test.ts; XSS and webview
// messages: test/reliability/attacks-webview.test.ts.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { quoteIdent } from '../../src/core/sql/identifiers';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { REPO } from '../helpers/cli';
import type { TempDatabase } from '../helpers/mysql';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from '../helpers/snowflake-double';
import { attackCounter } from './helpers/attack-count';
import { hostileRun, type MysqlUser } from './helpers/hostile-run';

const tmp = mkdtempSync(join(tmpdir(), 'rp-attacks-secrets-'));
const { attack, blockedBy } = attackCounter('attacks (secrets, settings)');
after(() => { rmSync(tmp, { recursive: true, force: true }); });

// ---- the hostile run (test/reliability/helpers/hostile-run.ts) -----------------------------

const WS = join(tmp, 'ws');
const DATA = join(tmp, 'data');
let db: TempDatabase | undefined;
let mysqlUser: MysqlUser | undefined;
const WRONG_PASSWORD = `Wrong-${randomBytes(6).toString('hex')}`;
/** Everything the CLI printed during the hostile runs. */
const outputs: string[] = [];
before(async () => { ({ db, mysqlUser } = await hostileRun({ tmp, WS, DATA, WRONG_PASSWORD, outputs })); });
after(async () => { await db?.drop(); });

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
