// Client-side MySQL load (`load-mysql --connection`): MariaDB (real, a throw-away database) ->
// gzip CSV -> PUT (the driver copies into the double's LOCAL_FS stage) -> COPY INTO a _LOAD copy
// -> SWAP. The staged files are read back with csv-parse under the COPY file format's rules and
// must hold exactly the rows the local target loads into bronze from the same database.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test, type TestContext } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { streamLogger } from '../src/core/log';
import { LOAD_TASKS, table, task } from '../src/core/manifest';
import { seedMysql } from '../src/core/mysql/seed';
import { executeStep } from '../src/core/pipeline/steps';
import { withClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { loadMysqlToSnowflake } from '../src/core/snowflake/load-mysql';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { requireMysql, tempDatabase, writeMysqlCsvFixtures } from './helpers/mysql';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from './helpers/snowflake-double';

const cfg = resolveDeployConfig();
const logger = streamLogger(() => undefined);
const MYSQL = LOAD_TASKS.filter((t) => t.source?.kind === 'mysql');

function tempDir(t: TestContext, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Rows of the staged gzip CSV files, read as COPY's file format reads them (an empty unquoted field = NULL). */
function stagedRows(dir: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv.gz')).sort()) {
    const parsed = parseCsv(gunzipSync(readFileSync(join(dir, f))), { relax_quotes: false, quote: '"', escape: '"', cast: (v, ctx) => (!ctx.quoting && v === '' ? null : v) }) as (string | null)[][];
    rows.push(...parsed);
  }
  return rows;
}

/** The double answers COPY INTO like Snowflake: one row per file with the rows it loaded. */
function serveCopy(d: SnowflakeDouble): void {
  d.respond((st) => {
    const m = /^COPY INTO .*\nFROM @"RETAIL_PIPELINE"\."RETAIL"\."SOURCE_FILES"\/(\S+)\n/.exec(st.sqlText);
    if (!m) return undefined;
    const dir = join(d.stageDir, 'SOURCE_FILES', ...m[1].split('/').filter(Boolean));
    const files = readdirSync(dir).sort();
    return {
      columns: [{ name: 'file', type: 'text' }, { name: 'status', type: 'text' }, { name: 'rows_parsed', type: 'fixed' }, { name: 'rows_loaded', type: 'fixed' }],
      rows: files.map((f) => {
        const n = (parseCsv(gunzipSync(readFileSync(join(dir, f)))) as unknown[]).length;
        return [`${m[1]}${f}`, 'LOADED', String(n), String(n)];
      }),
    };
  });
}

/** A throw-away MariaDB database seeded with `n` rows of fixtures, dropped after the test; its
 * data folder and a login user. Undefined (the test skipped) when no MariaDB answers. */
async function seededMysql(t: TestContext, n: number): Promise<{ data: string; user: { name: string; password: string; url: string } } | undefined> {
  if (!(await requireMysql(t))) return undefined;
  const db = await tempDatabase();
  t.after(() => db.drop());
  const data = writeMysqlCsvFixtures(tempDir(t, 'sf-mysql-data-'), n);
  await seedMysql(db.url, data, { log: logger });
  return { data, user: await db.user() };
}

test('load-mysql: every MySQL table staged as gzip CSV equal to the local bronze load, COPY INTO a _LOAD copy, SWAP', async (t) => {
  const mysql = await seededMysql(t, 400);
  if (!mysql) return;
  const { data, user } = mysql;

  const d = await SnowflakeDouble.start();
  t.after(() => d.stop());
  serveCopy(d);
  const results = await withClient(d.connectionOptions(), logger, (c) => loadMysqlToSnowflake(c, cfg, { mysqlUrl: user.url, logger, partitions: 3, partitionThreshold: 500, parallel: 3 }));
  assert.deepEqual(results.map((r) => r.table), MYSQL.map((t) => (t.source as { table: string }).table));

  // The local target's bronze tables from the same database, for comparison.
  const ws = tempDir(t, 'sf-mysql-ws-');
  const wh = await LocalWarehouse.open(ws);
  t.after(() => wh.close());
  const [runDir] = readdirSync(join(d.stageDir, 'SOURCE_FILES', 'mysql_load'));
  for (const lt of MYSQL) {
    const src = (lt.source as { table: string }).table;
    const bronze = lt.writes[0];
    const r = results.find((x) => x.table === src)!;
    const local = await executeStep(task(lt.name), { workspace: ws, wh, dataDir: data, mysqlUrl: user.url, log: logger });
    assert.equal(r.loaded, local.rowsOut, `${src}: rows`);
    assert.equal(r.read, r.loaded + r.rejected);
    const cols = table(bronze).columns.map((c) => c.name);
    const want = (await wh.query(`SELECT ${cols.map((c) => `CAST("${c}" AS VARCHAR) AS "${c}"`).join(', ')} FROM "${bronze}"`)).map((row) => cols.map((c) => row[c] as string | null));
    const got = stagedRows(join(d.stageDir, 'SOURCE_FILES', 'mysql_load', runDir, src));
    const key = (row: (string | null)[]) => JSON.stringify(row);
    assert.deepEqual(got.map(key).sort(), want.map(key).sort(), `${src}: staged values equal the local bronze values`);
    // The statements for this table, in order.
    const mine = d.sqlTexts.filter((s) => s.includes(`"${bronze}_LOAD"`) || s.includes(`/${src}/`));
    assert.match(mine[0], new RegExp(`^PUT 'file://.*${src}_1\\.csv\\.gz' @"RETAIL_PIPELINE"\\."RETAIL"\\."SOURCE_FILES"/mysql_load/${runDir}/${src}/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE$`));
    const rest = mine.filter((s) => !s.startsWith('PUT '));
    assert.equal(mine.length - rest.length, r.files);
    assert.equal(rest[0], `CREATE OR REPLACE TABLE "RETAIL_PIPELINE"."RETAIL"."${bronze}_LOAD" LIKE "RETAIL_PIPELINE"."RETAIL"."${bronze}"`);
    assert.match(rest[1], new RegExp(`^COPY INTO "RETAIL_PIPELINE"\\."RETAIL"\\."${bronze}_LOAD" \\(${cols.map((c) => `"${c.toUpperCase()}"`).join(', ')}\\)\\nFROM @"RETAIL_PIPELINE"\\."RETAIL"\\."SOURCE_FILES"/mysql_load/${runDir}/${src}/\\nFILE_FORMAT = \\(TYPE = CSV .*FIELD_OPTIONALLY_ENCLOSED_BY = '"' .*NULL_IF = \\(\\) EMPTY_FIELD_AS_NULL = TRUE COMPRESSION = GZIP.*\\)\\nON_ERROR = ABORT_STATEMENT\\nPURGE = TRUE$`));
    assert.deepEqual(rest.slice(2), [
      `ALTER TABLE "RETAIL_PIPELINE"."RETAIL"."${bronze}_LOAD" SWAP WITH "RETAIL_PIPELINE"."RETAIL"."${bronze}"`,
      `DROP TABLE IF EXISTS "RETAIL_PIPELINE"."RETAIL"."${bronze}_LOAD"`,
    ]);
  }
  // Tables over the threshold were read in 3 key-range partitions, one file each.
  assert.equal(results.find((r) => r.table === 'order_items')!.files, 3);
  assert.equal(results.find((r) => r.table === 'customers')!.files, 1);
  // The MySQL user's password never reached Snowflake.
  assert.equal(d.requestsCarrying(user.password).length, 0);
});

test('load-mysql: a COPY that loads fewer rows than were sent leaves bronze alone and says so; the CLI reports it', async (t) => {
  const mysql = await seededMysql(t, 50);
  if (!mysql) return;
  const { user } = mysql;
  const d = await SnowflakeDouble.start();
  t.after(() => d.stop());
  d.answer(/^COPY INTO/, { columns: [{ name: 'file', type: 'text' }, { name: 'status', type: 'text' }, { name: 'rows_loaded', type: 'fixed' }], rows: [['x.csv.gz', 'PARTIALLY_LOADED', '3']] });
  const home = snowflakeHome(d, tempDir(t, 'sf-mysql-home-'));
  const r = await runCliAsync(['load-mysql', '--connection', 'double', '--tables', 'customers'], { SNOWFLAKE_HOME: home, RETAIL_MYSQL_URL: user.url });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error: customers: COPY INTO BRONZE_CUSTOMERS loaded 3 rows, 51 were sent; BRONZE_CUSTOMERS left as it was/);
  assert.ok(!d.sqlTexts.some((s) => /SWAP WITH/.test(s)));
  assert.equal(d.sqlTexts.at(-1), 'DROP TABLE IF EXISTS "RETAIL_PIPELINE"."RETAIL"."BRONZE_CUSTOMERS_LOAD"');
  assert.ok(!(r.stdout + r.stderr).includes(user.password));
  const bad = await runCliAsync(['load-mysql', '--connection', 'double', '--tables', 'customers,nope'], { SNOWFLAKE_HOME: home, RETAIL_MYSQL_URL: user.url });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown MySQL table\(s\) nope; expected customers, products, inventory, orders, order_items/);
});
