// Attacks on the pipeline through configuration and file names, each through the real code
// path (the CLI, the real stage, the real DuckDB warehouse and MariaDB):
//  - identifier injection through configuration, on the Snowflake and the DuckDB/MySQL side;
//  - path traversal in stage file names.
// XSS and webview messages: test/reliability/attacks-webview.test.ts; secrets and settings:
// test/reliability/attacks-secrets.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { table } from '../../src/core/manifest';
import { parseSuite } from '../../src/core/quality/suite';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { resolveConnection } from '../../src/core/snowflake/connections';
import { openMysqlTable } from '../../src/core/sources/mysql';
import { parseMysqlUrl } from '../../src/core/sources/mysql-connection';
import { quoteIdent } from '../../src/core/sql/identifiers';
import { LocalStage } from '../../src/core/stage/local-stage';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { cli, REPO } from '../helpers/cli';
import { mysqlUnreachableReason, tempDatabase, type TempDatabase } from '../helpers/mysql';
import { attackCounter, INJECTION, MYSQL_INJECTION } from './helpers/attack-count';

const tmp = mkdtempSync(join(tmpdir(), 'rp-attacks-injection-'));
const { attack, blockedBy } = attackCounter('attacks (identifiers, path traversal)');
after(() => { rmSync(tmp, { recursive: true, force: true }); });

/** The workspace the CLI is pointed at. */
const WS = join(tmp, 'ws');
mkdirSync(WS);
/** A database of its own on the shared MariaDB, when one answers. */
let db: TempDatabase | undefined;
before(async () => {
  if (!(await mysqlUnreachableReason())) db = await tempDatabase();
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
