// The local bronze load's MySQL reader (sources/mysql-staged.ts: row packets straight to staged
// CSV bytes) against the reader that builds a mysql2 object per row and checks every value
// (sources/mysql.ts readRange), on a real MariaDB: both must load the same bronze rows and the
// same rejects, for the retail tables and for a table whose column types differ from bronze's
// (numbers, zero-filled integers, DOUBLE, DATE, fractional DATETIME, latin1 and binary text).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { writeBronze, type LoadStats } from '../src/core/load/bronze-writer';
import { silentLogger } from '../src/core/log';
import { table } from '../src/core/manifest';
import { seedMysql } from '../src/core/mysql/seed';
import { openMysqlTable } from '../src/core/sources/mysql';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { connectionsLeft, requireMysql, tempDatabase, writeMysqlCsvFixtures, type TempDatabase } from './helpers/mysql';

function tempDir(t: TestContext, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function database(t: TestContext): Promise<TempDatabase> {
  const db = await tempDatabase();
  t.after(() => db.drop());
  return db;
}

interface Loaded {
  stats: Omit<LoadStats, 'rejects'>;
  rows: string[];
  rejects: string[];
}

/** Loads `source` of `url` into bronze `bronzeName` with one reader and returns what landed, sorted. */
async function load(t: TestContext, url: string, source: string, bronzeName: string, staged: boolean, partitions: number): Promise<Loaded> {
  const wh = await LocalWarehouse.open(tempDir(t, 'rp-staged-ws-'));
  try {
    const def = table(bronzeName);
    const src = await openMysqlTable(url, source, def, { partitions, threshold: 1, log: silentLogger, staged });
    const { table: name, read, loaded, rejected, partitions: parts } = await writeBronze(wh, bronzeName, src.partitions).finally(() => src.close());
    // Every value as text (NULL spelled out), so that types and exact decimals are compared.
    const cols = def.columns.map((c) => `coalesce(CAST("${c.name}" AS VARCHAR), '<NULL>')`).join(` || '|' || `);
    const rows = (await wh.query<{ r: string }>(`SELECT ${cols} AS r FROM "${bronzeName}" ORDER BY 1`)).map((x) => x.r);
    const rejects = (await wh.query<{ r: string }>(`SELECT source_file || '|' || record_ref || '|' || raw_record || '|' || reason AS r FROM "${bronzeName}_REJECTS" ORDER BY 1`)).map((x) => x.r);
    return { stats: { table: name, read, loaded, rejected, partitions: parts }, rows, rejects };
  } finally {
    await wh.close();
  }
}

test('staged bytes and mysql2 objects load the same bronze rows and rejects from the retail tables', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await database(t);
  await seedMysql(db.url, writeMysqlCsvFixtures(tempDir(t, 'rp-staged-data-'), 300), { log: silentLogger });
  // A lax source: values that a strict server would refuse, as real sources hold them.
  await db.admin.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
  await db.admin.query(`INSERT INTO orders VALUES
    ('Z1', 'a,"b"', '2024-03-01', 0.00, 'line\\nbreak', 'cr\\rhere', '2024-01-01 00:00:00', NULL),
    ('Z2', '', '2024-02-29 23:59:59', -1.50, '', '🦄 Émilie', '1970-01-01 00:00:01', '2038-01-19 03:14:07'),
    ('  ', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('Z3', ' CUST ', '2024-12-31', 99999999.99, '"', ',', '0000-00-00 00:00:00', '2024-01-01 00:00:00'),
    ('Z4', 'C', '0000-00-00', 1.00, 'Shipped', 'PayPal', NULL, NULL)`);
  await db.admin.query(`INSERT INTO inventory VALUES ('I1', 'P1', -5, 'W1', NULL), ('I2', 'P1', 0, '', '2024-01-01 00:00:00'), ('I3', NULL, 2147483647, NULL, NULL)`);
  for (const [source, bronze] of [['orders', 'BRONZE_ORDERS'], ['order_items', 'BRONZE_ORDER_ITEMS'], ['inventory', 'BRONZE_INVENTORY'], ['customers', 'BRONZE_CUSTOMERS'], ['products', 'BRONZE_PRODUCTS']]) {
    const objects = await load(t, db.url, source, bronze, false, 3);
    const staged = await load(t, db.url, source, bronze, true, 3);
    assert.ok(objects.stats.loaded > 0, `${source}: rows loaded`);
    assert.deepEqual(staged, objects, `${source}: the same load both ways`);
    assert.equal(staged.stats.read, staged.stats.loaded + staged.stats.rejected);
  }
  const orders = await load(t, db.url, 'orders', 'BRONZE_ORDERS', true, 3);
  assert.ok(orders.rejects.some((r) => /order_id=\s*\|.*column order_id: expected a value, got an empty string/.test(r)), 'a blank key is rejected');
  assert.ok(orders.rejects.some((r) => /order_id=Z4\|.*MySQL zero date/.test(r)), 'a zero date is rejected by name');
  assert.ok(orders.rows.some((r) => r.startsWith('Z1|a,"b"|')), 'quotes and commas survive the staging file');
});

test('staged bytes and mysql2 objects agree on source columns whose types differ from bronze', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await database(t);
  const a = db.admin;
  await a.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
  // No primary key: rejects are found again as `row N` of their partition.
  await a.query(`CREATE TABLE odd_orders (
    order_id VARCHAR(20) NULL, customer_id INT(6) UNSIGNED ZEROFILL NULL, order_date DATE NULL, total_amount DOUBLE NULL,
    status TEXT CHARACTER SET latin1 NULL, payment_method VARBINARY(20) NULL, created_date DATETIME(3) NULL, last_updated TIMESTAMP NULL)`);
  await a.query(`INSERT INTO odd_orders VALUES
    ('O1', 7, '2024-01-31', 10.5, 'Café', 'PayPal', '2024-01-01 10:00:00.250', '2024-01-01 00:00:00'),
    (NULL, 0, '2024-02-30', 1e3, 'ok', NULL, '2024-01-01 10:00:00.000', NULL),
    ('O3', 123456, '0000-00-00', -0.001, NULL, '', NULL, NULL),
    ('O4', NULL, NULL, NULL, '', NULL, '9999-12-31 23:59:59.999', NULL),
    ('O5', 42, '2024-05-05', 7, 'x', NULL, '2024-05-05 05:05:05.000', '2024-05-05 05:05:05')`);
  await a.query(`CREATE TABLE odd_inventory (inventory_id CHAR(8) NOT NULL, product_id TINYTEXT NULL, quantity BIGINT NULL,
    warehouse_id YEAR NULL, last_updated VARCHAR(40) NULL)`);
  await a.query(`INSERT INTO odd_inventory VALUES ('I1', 'P', 12, 2024, '2024-01-01 00:00:00'), ('I2', NULL, 99999999999, NULL, 'not a time'),
    ('I3', 'x', -0, 1999, '2024-01-01'), ('I4', '', NULL, NULL, '2024-01-01T10:00:00Z'), ('', NULL, 5, NULL, NULL)`);
  for (const [source, bronze] of [['odd_orders', 'BRONZE_ORDERS'], ['odd_inventory', 'BRONZE_INVENTORY']]) {
    const objects = await load(t, db.url, source, bronze, false, 1);
    const staged = await load(t, db.url, source, bronze, true, 1);
    assert.deepEqual(staged, objects, `${source}: the same load both ways`);
    assert.ok(staged.stats.loaded > 0 && staged.stats.rejected > 0, `${source}: some rows loaded, some rejected`);
  }
});

test('cancelling a staged load stops the stream and closes its connections', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await database(t);
  await seedMysql(db.url, writeMysqlCsvFixtures(tempDir(t, 'rp-staged-data-'), 20_000), { log: silentLogger });
  const user = await db.user();
  const controller = new AbortController();
  const src = await openMysqlTable(user.url, 'order_items', table('BRONZE_ORDER_ITEMS'), { partitions: 1, signal: controller.signal, log: silentLogger, staged: true });
  const it = src.partitions[0][Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.done, false);
  const rows = first.value!.encoded?.rows ?? 0;
  assert.ok(rows > 0 && rows < 60_000, `the first batch is part of the table (${rows} rows)`);
  controller.abort(new Error('cancelled by the test'));
  await assert.rejects(it.next(), /cancelled by the test/);
  await src.close();
  assert.equal(await connectionsLeft(db, user.name), 0, 'no connection left open');
});
