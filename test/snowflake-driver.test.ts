// The client on the REAL snowflake-sdk against the wire double: each auth method's login,
// results, Snowflake errors with code and message, an expired session renewed, a dropped
// connection retried, a long query polled, PUT through the LOCAL_FS stage, and secrets kept out
// of errors and the driver's log.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { streamLogger, type Logger } from '../src/core/log';
import { configureDriverLogging, SnowflakeClient, SnowflakeStatementError, withClient } from '../src/core/snowflake/client';
import { resolveConnection } from '../src/core/snowflake/connections';
import { raw, SnowflakeDouble, type DoubleOptions } from './helpers/snowflake-double';

const tmp = mkdtempSync(join(tmpdir(), 'sf-driver-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: streamLogger((l) => lines.push(l), 'DEBUG'), lines };
}

/** A connections.toml pointing at the double, resolved the way the CLI resolves it. */
function connection(d: SnowflakeDouble, body: string) {
  const home = mkdtempSync(join(tmp, 'home-'));
  mkdirSync(join(home, '.snowflake'));
  writeFileSync(join(home, '.snowflake', 'connections.toml'), `[t]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\n${body}\n`, { mode: 0o600 });
  return resolveConnection('t', { env: {}, platform: 'linux', homedir: home }).options;
}

async function withDouble(fn: (d: SnowflakeDouble) => Promise<void>, opts?: DoubleOptions): Promise<void> {
  const d = await SnowflakeDouble.start(opts);
  try {
    await fn(d);
  } finally {
    await d.stop();
  }
}

test('password login, typed rows, session deleted on destroy', () => withDouble(async (d) => {
  d.answer(/FROM typed/, {
    columns: [{ name: 'N', type: 'fixed' }, { name: 'T', type: 'timestamp_ltz' }, { name: 'V', type: 'variant' }, { name: 'B', type: 'boolean' }, { name: 'S', type: 'text' }],
    rows: [['42', raw.ts('2026-01-02T03:04:05.123Z'), raw.json({ a: [1, 2] }), '1', null]],
  });
  const { logger } = capture();
  const opts = connection(d, 'user = "ann"\npassword = "pw-driver-1"\nwarehouse = "WH"\nrole = "R"');
  const rows = await withClient(opts, logger, (c) => c.execute('SELECT * FROM typed'));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].N, 42);
  assert.equal((rows[0].T as Date).toISOString(), '2026-01-02T03:04:05.123Z');
  assert.deepEqual(rows[0].V, { a: [1, 2] });
  assert.equal(rows[0].B, true);
  assert.equal(rows[0].S, null);
  assert.equal(d.logins.length, 1);
  assert.equal(d.logins[0].loginName, 'ann');
  assert.equal(d.logins[0].password, 'pw-driver-1');
  assert.equal(d.logins[0].query.warehouse, 'WH');
  assert.equal(d.logins[0].query.roleName, 'R');
  assert.equal(d.sessionsDeleted, 1);
}));

test('a rejected login surfaces Snowflake\'s code and message, without the password', () => withDouble(async (d) => {
  const { logger } = capture();
  const opts = connection(d, 'user = "ann"\npassword = "wrong-pw-77"');
  await assert.rejects(SnowflakeClient.connect(opts, logger), (e: SnowflakeStatementError) => {
    assert.ok(e instanceof SnowflakeStatementError);
    assert.equal(e.code, '390100');
    assert.match(e.message, /connect to account testaccount: Snowflake error 390100.*Incorrect username or password/);
    assert.doesNotMatch(e.message + e.stack, /wrong-pw-77/);
    return true;
  });
}, { expect: { user: 'ann', password: 'right-pw' } }));

test('key pair (SNOWFLAKE_JWT): the driver signs a JWT with the encrypted private key; the double verifies it with the public key', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-pass-77' },
  });
  const keyFile = join(tmp, 'rsa_key.p8');
  writeFileSync(keyFile, privateKey, { mode: 0o600 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const { logger } = capture();
  await withDouble(async (d) => {
    const opts = connection(d, `user = "ann"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = ${JSON.stringify(keyFile)}\nprivate_key_file_pwd = "key-pass-77"`);
    assert.deepEqual(await withClient(opts, logger, (c) => c.execute('SELECT 1')), [{ status: 'Statement executed successfully.' }]);
    assert.equal(d.logins[0].authenticator, 'SNOWFLAKE_JWT');
    assert.equal(d.logins[0].password, undefined);
  }, { expect: { publicKeyPem: publicKey } });
  await withDouble(async (d) => {
    const opts = connection(d, `user = "ann"\nauthenticator = "SNOWFLAKE_JWT"\nprivate_key_file = ${JSON.stringify(keyFile)}\nprivate_key_file_pwd = "key-pass-77"`);
    await assert.rejects(SnowflakeClient.connect(opts, logger), /390100.*JWT token is invalid/);
  }, { expect: { publicKeyPem: other.publicKey } });
});

test('OAUTH and PROGRAMMATIC_ACCESS_TOKEN send the token as the login token', async () => {
  const { logger } = capture();
  await withDouble(async (d) => {
    await withClient(connection(d, 'authenticator = "oauth"\ntoken = "oauth-tok-77"'), logger, async () => undefined);
    assert.equal(d.logins[0].authenticator, 'OAUTH');
    assert.equal(d.logins[0].token, 'oauth-tok-77');
  }, { expect: { token: 'oauth-tok-77' } });
  await withDouble(async (d) => {
    await withClient(connection(d, 'user = "ann"\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\ntoken = "pat-tok-77"'), logger, async () => undefined);
    assert.equal(d.logins[0].authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
    assert.equal(d.logins[0].token, 'pat-tok-77');
    assert.equal(d.logins[0].loginName, 'ann');
  }, { expect: { token: 'pat-tok-77' } });
});

test('a Snowflake error keeps its code, SQL state and message, and names the statement', () => withDouble(async (d) => {
  d.failOn(/FROM missing_table/, { code: '002003', sqlState: '42S02', message: "SQL compilation error:\nObject 'MISSING_TABLE' does not exist or not authorized." });
  const { logger } = capture();
  await withClient(d.connectionOptions(), logger, async (c) => {
    await assert.rejects(c.execute('SELECT *\nFROM missing_table', { summary: 'read the missing table' }), (e: SnowflakeStatementError) => {
      assert.equal(e.code, '002003');
      assert.equal(e.sqlState, '42S02');
      assert.equal(e.statement, 'read the missing table');
      assert.match(e.snowflakeMessage, /Object 'MISSING_TABLE' does not exist or not authorized/);
      assert.match(e.message, /^read the missing table: Snowflake error 002003 \(42S02\): SQL compilation error/);
      return true;
    });
    // Without a summary, the statement's first line names it.
    d.failOn(/FROM missing_table/, { code: '002003', message: 'does not exist' });
    await assert.rejects(c.execute('SELECT *\nFROM missing_table'), (e: Error) => /^SELECT \*: Snowflake error 002003 \(42000\): does not exist$/.test(e.message));
    // The connection is still usable.
    assert.equal((await c.execute('SELECT 1')).length, 1);
  });
}));

test('an expired session (390112) is renewed with the master token and the statement re-sent once', () => withDouble(async (d) => {
  d.answer(/SELECT 7/, { columns: [{ name: 'N', type: 'fixed' }], rows: [['7']] });
  d.expireSessionOn(/SELECT 7/);
  const { logger } = capture();
  await withClient(d.connectionOptions(), logger, async (c) => {
    assert.deepEqual(await c.execute('SELECT 7'), [{ N: 7 }]);
    assert.deepEqual(await c.execute('SELECT 7'), [{ N: 7 }]);
  });
  assert.equal(d.renewals, 1);
  assert.equal(d.logins.length, 1, 'renewed, not logged in again');
  assert.deepEqual(d.sqlTexts, ['SELECT 7', 'SELECT 7']);
  assert.equal(d.requests.filter((r) => r.path === '/queries/v1/query-request').length, 3);
}));

test('a session that is gone for good (master token expired too) is replaced by a fresh login, and the statement sent once', () => withDouble(async (d) => {
  d.endSessionOn(/SELECT 8/);
  const { logger, lines } = capture();
  await withClient(d.connectionOptions(), logger, async (c) => {
    assert.deepEqual(await c.execute('SELECT 8'), [{ status: 'Statement executed successfully.' }]);
    assert.equal((await c.execute('SELECT 9')).length, 1);
    assert.equal(c.reconnects, 1);
  });
  assert.equal(d.logins.length, 2);
  assert.deepEqual(d.sqlTexts, ['SELECT 8', 'SELECT 9']);
  assert.match(lines.join(''), /WARN the Snowflake session ended \(407002: Unable to perform operation using terminated connection\.\); logging in again/);
}));

test('a dropped connection is retried by the driver with the same request id; the statement runs once', () => withDouble(async (d) => {
  d.dropConnectionOn(/CREATE TABLE t1/);
  const { logger } = capture();
  await withClient(d.connectionOptions(), logger, (c) => c.execute('CREATE TABLE t1 (A INT)'));
  const sent = d.requests.filter((r) => r.path === '/queries/v1/query-request');
  assert.equal(sent.length, 2);
  assert.equal(sent[0].query.requestId, sent[1].query.requestId);
  assert.deepEqual(d.sqlTexts, ['CREATE TABLE t1 (A INT)']);
}));

test('a long-running statement is polled until its result is ready', () => withDouble(async (d) => {
  d.answer(/CALL slow/, { columns: [{ name: 'SLOW', type: 'text' }], rows: [['done']] });
  d.slowOn(/CALL slow/, 3);
  const { logger } = capture();
  assert.deepEqual(await withClient(d.connectionOptions(), logger, (c) => c.execute('CALL slow()')), [{ SLOW: 'done' }]);
  assert.equal(d.requests.filter((r) => r.method === 'GET' && /^\/queries\/.+\/result$/.test(r.path)).length, 4);
}));

test('PUT uploads the local file (LOCAL_FS stage of the double) byte for byte', () => withDouble(async (d) => {
  const file = join(tmp, "it's data.json");
  const body = JSON.stringify([{ review: 'great' }, { review: 'ok' }]);
  writeFileSync(file, body);
  const { logger } = capture();
  const rows = await withClient(d.connectionOptions(), logger, (c) => c.execute(`PUT 'file://${file.replace(/'/g, "''")}' @SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE`));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, 'UPLOADED');
  assert.equal(readFileSync(join(d.stageDir, 'SOURCE_FILES', "it's data.json"), 'utf8'), body);
}));

test('secret placeholders: the value goes only into the text sent; errors and the driver log never show it', () => withDouble(async (d) => {
  // A backslash and a quote: Snowflake string literals need both escaped.
  const secret = "Mysql-S3cret\\Val'ue";
  // Snowflake echoes the statement near the error; the client must redact it.
  d.respond((st) => (st.sqlText.includes('BROKEN') ? { error: { code: '001003', message: `SQL compilation error: syntax error near '${secret}'` } } : undefined));
  const { logger, lines } = capture();
  const c = await SnowflakeClient.connect(d.connectionOptions(), logger);
  try {
    configureDriverLogging(logger, 'TRACE');
    await c.execute('CREATE OR REPLACE SECRET s TYPE = PASSWORD USERNAME = :u PASSWORD = :p', { secrets: { u: 'mysql_user', p: secret } });
    assert.equal(d.sqlTexts.at(-1), `CREATE OR REPLACE SECRET s TYPE = PASSWORD USERNAME = 'mysql_user' PASSWORD = 'Mysql-S3cret\\\\Val''ue'`);
    await assert.rejects(c.execute('CREATE SECRET BROKEN :p', { secrets: { p: secret } }), (e: Error) => {
      assert.match(e.message, /^CREATE SECRET BROKEN :p: Snowflake error 001003 \(42000\): SQL compilation error: syntax error near '\*\*\*\*'/);
      assert.ok(!e.message.includes(secret));
      return true;
    });
  } finally {
    await c.destroy();
    configureDriverLogging(logger, 'ERROR');
  }
  assert.ok(lines.some((l) => l.includes('snowflake-sdk:')), 'the driver logged at TRACE through our logger');
  assert.ok(!lines.join('').includes(secret), 'secret in the driver log');
  // Sent escaped inside the two statements that carry it, nowhere else.
  assert.deepEqual(d.requestsCarrying("Mysql-S3cret\\\\Val''ue").map((r) => r.path), ['/queries/v1/query-request', '/queries/v1/query-request']);
  assert.equal(d.requestsCarrying(secret).length, 0, 'never sent unescaped');
}));
