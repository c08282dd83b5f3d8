// The MySQL source on a real MariaDB: seeding from CSV, loading through the pipeline's own step
// code, partitioned reads, a connection killed mid-load, awkward values and wrong passwords.
// Every test works in a database of its own (retail_db_t_<random>) and drops it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, type TestContext } from 'node:test';
import { writeBronze } from '../src/core/load/bronze-writer';
import type { Logger } from '../src/core/log';
import { table, task } from '../src/core/manifest';
import { retailDbScript } from '../src/core/mysql/schema';
import { seedMysql } from '../src/core/mysql/seed';
import type { PipelineContext } from '../src/core/pipeline/context';
import { executeStep } from '../src/core/pipeline/steps';
import { openMysqlTable } from '../src/core/sources/mysql';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { requireMysql, tempDatabase, writeMysqlCsvFixtures, type TempDatabase } from './helpers/mysql';

const ROOT = resolve(__dirname, '..');
const LOAD = ['mysql_customer_task', 'mysql_product_task', 'mysql_inventory_task', 'mysql_order_task', 'mysql_order_items_task'];
const KEYS: Record<string, string> = {
  BRONZE_CUSTOMERS: 'customer_id', BRONZE_PRODUCTS: 'product_id', BRONZE_ORDERS: 'order_id',
  BRONZE_INVENTORY: 'inventory_id', BRONZE_ORDER_ITEMS: 'order_id, product_id',
};

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (s, m) => { lines.push(`${s} ${m}`); } };
}

function tempDir(t: TestContext, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function workspace(t: TestContext, dataDir: string, mysqlUrl?: string, mysqlPartitions?: number): Promise<PipelineContext> {
  const ws = tempDir(t, 'rp-mysql-ws-');
  const wh = await LocalWarehouse.open(ws);
  t.after(() => wh.close());
  return { workspace: ws, wh, dataDir, mysqlUrl, mysqlPartitions, log: collectingLogger() };
}

async function database(t: TestContext): Promise<TempDatabase> {
  const db = await tempDatabase();
  t.after(() => db.drop());
  return db;
}

/** Every row of a bronze table in key order, values as text (exact DECIMAL, dates as text). */
async function bronze(ctx: PipelineContext, name: string): Promise<Record<string, unknown>[]> {
  const cols = table(name).columns.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ');
  return ctx.wh.query(`SELECT ${cols} FROM "${name}" ORDER BY ${KEYS[name] ?? '1'}`);
}

async function count(ctx: PipelineContext, name: string): Promise<number> {
  return Number((await ctx.wh.query<{ n: number }>(`SELECT count(*)::INT AS n FROM "${name}"`))[0].n);
}

test('sql/mysql/retail_db.sql is the DDL seed-mysql runs', () => {
  assert.equal(readFileSync(join(ROOT, 'sql/mysql/retail_db.sql'), 'utf8'), retailDbScript('retail_db'));
});

test('seeded MySQL and the CSV files load identical bronze tables through the pipeline steps', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 300, {
    'customer_data.csv': ['CUST9999,Bad,Row,,,,not a date,'],
  });
  const db = await database(t);
  const seeded = await seedMysql(db.url, data, { log: collectingLogger() });
  const customers = seeded.find((s) => s.table === 'customers')!;
  assert.deepEqual([customers.read, customers.inserted, customers.skipped], [302, 301, 1]);
  // Clean files go in through LOAD DATA LOCAL INFILE, not the row-by-row fallback.
  assert.deepEqual(seeded.map((s) => s.loadDataRows), seeded.map((s) => s.inserted));
  assert.match(customers.examples[0].record, /^line 303$/);
  assert.match(customers.examples[0].reason, /created_date: expected a timestamp/);

  // Seeding again replaces the content instead of adding to it.
  const again = await seedMysql(db.url, data, { log: collectingLogger() });
  assert.deepEqual(again.map((s) => s.inserted), seeded.map((s) => s.inserted));
  const [[{ n }]] = await db.admin.query(`SELECT COUNT(*) AS n FROM order_items`) as unknown as [[{ n: string }]];
  assert.equal(Number(n), 900);

  const viaCsv = await workspace(t, data);
  const viaMysql = await workspace(t, data, db.url);
  for (const name of LOAD) {
    const fromCsv = await executeStep(task(name), viaCsv);
    const fromMysql = await executeStep(task(name), viaMysql);
    const target = task(name).writes[0];
    assert.equal(fromMysql.rowsOut, fromCsv.rowsOut, `${name}: rows loaded`);
    assert.ok(fromMysql.rowsOut > 0, `${name}: loaded something`);
    assert.deepEqual(await bronze(viaMysql, target), await bronze(viaCsv, target), `${name}: values`);
    // The CSV path rejects the bad line itself; from MySQL it never arrives (seed skipped it).
    assert.equal(fromCsv.rejected, name === 'mysql_customer_task' ? 1 : 0);
    assert.equal(fromMysql.rejected, 0);
    assert.equal(fromMysql.rowsIn, fromMysql.rowsOut + fromMysql.rejected);
  }
  // Spot-check values that are easy to get wrong on the way through MySQL.
  const zoe = (await bronze(viaMysql, 'BRONZE_CUSTOMERS'))[0];
  assert.deepEqual(zoe, {
    customer_id: 'CUST0000', first_name: 'Zoë 😀👍🏽', last_name: 'O\'Neil, "Jr"', email: '', phone: '555-0100',
    address: '5165 Pine St, Phoenix', created_date: '2024-01-02 03:04:05', last_updated: null,
  });
  const prices = await viaMysql.wh.query(`SELECT product_id, CAST(price AS VARCHAR) AS price, description FROM "BRONZE_PRODUCTS" WHERE product_id IN ('PROD0000', 'PRODMIN0', 'PRODNULL') ORDER BY 1`);
  assert.deepEqual(prices, [
    { product_id: 'PROD0000', price: '99999999.99', description: 'multi\nline, with 😀, a \\N, a \\ and a \t tab' },
    { product_id: 'PRODMIN0', price: '-99999999.99', description: '' },
    { product_id: 'PRODNULL', price: null, description: '' },
  ]);
});

test('seeding loads the good rows and names each row MySQL cannot hold, with LOAD DATA or INSERT alike', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 5, {
    'customer_data.csv': [
      'CUST0001,Dup,Key,,,,2024-01-01 00:00:00,',
      'CUST0100,Too,Old,,,,1960-01-01 00:00:00,',
      'CUST12345,Too,Long,,,,2024-01-01 00:00:00,',
      'CUST0101,"tab\there","back\\slash \\N",,,,2024-01-01 00:00:00.250,',
      'CUST0102,"tab\there","back\\slash \\N",,,,2024-01-01 00:00:00,',
    ],
  });
  const db = await database(t);
  const contents: unknown[] = [];
  for (const loadData of [true, false]) {
    const [customers] = (await seedMysql(db.url, data, { log: collectingLogger(), loadData })).filter((r) => r.table === 'customers');
    assert.deepEqual([customers.read, customers.inserted, customers.skipped], [11, 7, 4], `loadData=${loadData}`);
    if (!loadData) assert.equal(customers.loadDataRows, 0);
    const reasons = customers.examples.map((e) => `${e.record}: ${e.reason}`).sort();
    assert.equal(reasons.length, 4);
    assert.match(reasons[0], /^customer_id=CUST0001: refused by the server: Duplicate entry 'CUST0001'/);
    assert.match(reasons[1], /^customer_id=CUST0100: refused by the server: Incorrect datetime value: '1960-01-01 00:00:00' for column .*created_date/);
    assert.match(reasons[2], /^customer_id=CUST0101: column created_date: expected whole seconds \(MySQL TIMESTAMP\)/);
    assert.match(reasons[3], /^customer_id=CUST12345: column customer_id: expected at most 8 characters \(VARCHAR\(8\)\), got 9/);
    const [rows] = await db.admin.query('SELECT * FROM customers ORDER BY customer_id');
    contents.push(rows);
  }
  assert.deepEqual(contents[0], contents[1], 'LOAD DATA and INSERT store the same values');
  const odd = (contents[0] as { customer_id: string; first_name: string; last_name: string }[]).find((r) => r.customer_id === 'CUST0102');
  assert.deepEqual([odd?.first_name, odd?.last_name], ['tab\there', 'back\\slash \\N']);
});

test('seed-mysql on the command line reports what it loaded', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 20);
  const db = await database(t);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'seed-mysql', '--mysql-url', db.url, '--data', data, '--json'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RETAIL_MYSQL_URL: '' } });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { tables: { table: string; inserted: number }[] };
  assert.deepEqual(out.tables.map((x) => [x.table, x.inserted]), [['customers', 21], ['products', 23], ['inventory', 22], ['orders', 20], ['order_items', 60]]);
});

test('a partitioned read returns exactly the rows of an unpartitioned one', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 2000);
  const db = await database(t);
  await seedMysql(db.url, data, { log: collectingLogger() });
  const whole = await workspace(t, data);
  const split = await workspace(t, data);
  for (const [source, target] of [['order_items', 'BRONZE_ORDER_ITEMS'], ['customers', 'BRONZE_CUSTOMERS']]) {
    const one = await openMysqlTable(db.url, source, table(target), { partitions: 1, threshold: 100, log: whole.log });
    const s1 = await writeBronze(whole.wh, target, one.partitions).finally(() => one.close());
    const four = await openMysqlTable(db.url, source, table(target), { partitions: 4, threshold: 100, log: split.log });
    const s4 = await writeBronze(split.wh, target, four.partitions).finally(() => four.close());
    assert.equal(s1.partitions, 1);
    assert.equal(s4.partitions, 4, `${source}: split into 4`);
    assert.equal(s4.loaded, four.rowCount);
    assert.equal(s4.loaded, s1.loaded);
    assert.deepEqual(await bronze(split, target), await bronze(whole, target), `${source}: same rows`);
    // No row read twice: the composite key stays unique.
    const dup = await split.wh.query(`SELECT ${KEYS[target]}, count(*) AS n FROM "${target}" GROUP BY ALL HAVING count(*) > 1`);
    assert.deepEqual(dup, []);
  }
  // Through the pipeline step: the partitions come from the context, the threshold from the env.
  process.env.RETAIL_MYSQL_PARTITION_THRESHOLD = '100';
  t.after(() => { delete process.env.RETAIL_MYSQL_PARTITION_THRESHOLD; });
  const viaStep = await workspace(t, data, db.url, 3);
  const step = await executeStep(task('mysql_order_task'), viaStep);
  assert.ok((viaStep.log as ReturnType<typeof collectingLogger>).lines.some((l) => /\.orders: 2000 rows in 3 partition\(s\) on order_id/.test(l)));
  const csv = await workspace(t, data);
  await executeStep(task('mysql_order_task'), csv);
  assert.equal(step.rowsOut, 2000);
  assert.deepEqual(await bronze(viaStep, 'BRONZE_ORDERS'), await bronze(csv, 'BRONZE_ORDERS'));
  delete process.env.RETAIL_MYSQL_PARTITION_THRESHOLD;
  // Below the threshold the table is read in one go whatever was asked.
  const small = await openMysqlTable(db.url, 'customers', table('BRONZE_CUSTOMERS'), { partitions: 4, log: split.log });
  assert.equal(small.partitions.length, 1);
  await small.close();
});

test('more partitions than distinct leading key values still reads every row once', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 3);
  const db = await database(t);
  await seedMysql(db.url, data, { log: collectingLogger() });
  // 3 orders with 3 items each: split values repeat, and must be kept once each.
  const ctx = await workspace(t, data);
  const src = await openMysqlTable(db.url, 'order_items', table('BRONZE_ORDER_ITEMS'), { partitions: 8, threshold: 1, log: ctx.log });
  assert.ok(src.partitions.length > 1 && src.partitions.length <= 3, `partitions: ${src.partitions.length}`);
  const stats = await writeBronze(ctx.wh, 'BRONZE_ORDER_ITEMS', src.partitions).finally(() => src.close());
  assert.equal(stats.loaded, 9);
  assert.equal(await count(ctx, 'BRONZE_ORDER_ITEMS'), 9);
});

test('a connection killed mid-load fails the load, keeps the previous bronze table, shows no password', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 50);
  const db = await database(t);
  await seedMysql(db.url, data, { log: collectingLogger() });
  const user = await db.user();
  const ctx = await workspace(t, data, user.url);
  const first = await executeStep(task('mysql_order_task'), ctx);
  assert.equal(first.rowsOut, 50);
  const before = await bronze(ctx, 'BRONZE_ORDERS');

  // 1,000,000 more orders, generated on the server; the default threshold splits the read in 4.
  // Enough that each partition is still streaming when the kill lands, however fast the load.
  await db.admin.query(`INSERT INTO orders (order_id, customer_id, order_date, total_amount, status, payment_method, created_date, last_updated)
    SELECT CONCAT('X', LPAD(n, 7, '0')), 'CUST0001', '2024-05-01', 10.5, 'Shipped', 'PayPal', '2024-05-01 10:00:00', '2024-05-01 10:00:00'
    FROM (SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d AS n
          FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
               (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
               (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
               (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e,
               (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) f,
               (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) g) s`);

  // Kill the first streaming connection as soon as the server is sending its rows.
  let killed: number | undefined;
  let loadDone = false;
  const killer = (async () => {
    const deadline = Date.now() + 30_000;
    while (!loadDone && Date.now() < deadline) {
      const [rows] = await db.admin.query(
        `SELECT id FROM information_schema.processlist WHERE user = ? AND info LIKE '%retail-pipeline load orders partition%' LIMIT 1`, [user.name]) as unknown as [{ id: number }[]];
      if (rows.length) {
        await db.admin.query(`KILL CONNECTION ${Number(rows[0].id)}`);
        killed = Number(rows[0].id);
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const err = await executeStep(task('mysql_order_task'), ctx).then(() => undefined, (e: Error) => e).finally(() => { loadDone = true; });
  await killer;
  assert.ok(killed !== undefined, 'the test found the streaming connection to kill');
  assert.ok(err instanceof Error, 'the load failed');
  assert.match(err.message, /reading retail_db_t_\w+\.orders \(partition \d\/4, after \d+ rows\)/);
  assert.match(err.message, /kill|interrupt|lost|closed/i);
  assert.ok(!err.message.includes(user.password), 'no password in the message');
  assert.ok(!(ctx.log as ReturnType<typeof collectingLogger>).lines.join('\n').includes(user.password), 'no password in the log');
  assert.deepEqual(await bronze(ctx, 'BRONZE_ORDERS'), before, 'the previous bronze table is intact');

  // The load closed all its connections, including the partitions still streaming. The server
  // notices a closed client on its next write, so its threads may linger briefly: poll.
  let open = -1;
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    const [left] = await db.admin.query('SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?', [user.name]) as unknown as [{ n: string }[]];
    open = Number(left[0].n);
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(open, 0, 'no connection left open');
});

test('cancelling a load stops the stream and closes its connections', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 3000);
  const db = await database(t);
  await seedMysql(db.url, data, { log: collectingLogger() });
  const user = await db.user();
  const controller = new AbortController();
  const src = await openMysqlTable(user.url, 'order_items', table('BRONZE_ORDER_ITEMS'), { partitions: 1, signal: controller.signal, log: collectingLogger() });
  const it = src.partitions[0][Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.done, false);
  assert.ok(first.value!.rows.length > 0 && first.value!.rows.length < 9000, 'the first batch is part of the table');
  controller.abort(new Error('cancelled by the test'));
  await assert.rejects(it.next(), /cancelled by the test/);
  await src.close();
  await new Promise((r) => setTimeout(r, 300));
  const [left] = await db.admin.query('SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?', [user.name]) as unknown as [{ n: string }[]];
  assert.equal(Number(left[0].n), 0, 'no connection left open');
});

test('awkward source rows are loaded or rejected with a reason; rows in = loaded + rejected', async (t) => {
  if (!(await requireMysql(t))) return;
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 1);
  const db = await database(t);
  await seedMysql(db.url, data, { log: collectingLogger() });
  const a = db.admin;
  // A source database as real ones are: lax sql_mode, no primary key on customers.
  await a.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
  await a.query('TRUNCATE orders');
  await a.query(`INSERT INTO orders VALUES
    ('ORD1', 'CUST0001', '0000-00-00', 1.00, 'Shipped', 'PayPal', '2024-01-01 00:00:00', '2024-01-01 00:00:00'),
    ('ORD2', 'CUST0001', '2024-02-30', 1.00, 'Shipped', 'PayPal', '2024-01-01 00:00:00', '2024-01-01 00:00:00'),
    ('ORD3', 'CUST0001', '2024-02-29', 1.00, 'Shipped', 'PayPal', '0000-00-00 00:00:00', NULL),
    ('ORD4', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('ORD5', 'CUST0001', '2024-12-31 23:59:59', 99999999.99, 'Shipped', 'PayPal', '2038-01-19 03:14:07', '1970-01-01 00:00:01'),
    ('ord5', 'CUST0001', '2024-12-31', -99999999.99, 'Shipped', 'PayPal', '2024-01-01 00:00:00', '2024-01-01 00:00:00')`);
  await a.query('ALTER TABLE customers DROP PRIMARY KEY, MODIFY customer_id VARCHAR(8) NULL');
  await a.query('TRUNCATE customers');
  await a.query(`INSERT INTO customers (customer_id, first_name, last_name, email, created_date) VALUES
    (NULL, 'No', 'Key', 'x@example.com', '2024-01-01 00:00:00'),
    ('CUST0001', '🦄 Émilie', '', NULL, '2024-01-01 00:00:00'),
    ('CUST0001', 'Same', 'Key', NULL, '2024-01-01 00:00:00')`);

  const ctx = await workspace(t, data, db.url);
  const orders = await executeStep(task('mysql_order_task'), ctx);
  assert.deepEqual([orders.rowsIn, orders.rowsOut, orders.rejected], [6, 3, 3]);
  const rej = await ctx.wh.query<{ record_ref: string; reason: string; source_file: string }>(
    'SELECT source_file, record_ref, reason FROM "BRONZE_ORDERS_REJECTS" ORDER BY record_ref');
  assert.deepEqual(rej.map((r) => [r.source_file, r.record_ref]), [1, 2, 3].map((i) => [`${db.name}.orders`, `order_id=ORD${i}`]));
  // order_date is a TIMESTAMP: MySQL cannot hold 30 February in one and stores its zero date
  // instead (lax sql_mode), which the loader rejects like a zero date written as such.
  assert.match(rej[0].reason, /order_date: expected a valid timestamp, got the MySQL zero date "0000-00-00 00:00:00"/);
  assert.match(rej[1].reason, /order_date: expected a valid timestamp, got the MySQL zero date "0000-00-00 00:00:00"/);
  assert.match(rej[2].reason, /created_date: expected a valid timestamp, got the MySQL zero date "0000-00-00 00:00:00"/);
  // A row of NULLs but its key is kept: bronze is a raw copy, silver decides what it needs.
  assert.deepEqual(await bronze(ctx, 'BRONZE_ORDERS').then((r) => r.find((x) => x.order_id === 'ORD4')),
    { order_id: 'ORD4', customer_id: null, order_date: null, total_amount: null, status: null, payment_method: null, created_date: null, last_updated: null });
  // The order's time of day is kept (order_date is a TIMESTAMP, as in the original).
  assert.deepEqual(await ctx.wh.query(`SELECT order_id, CAST(order_date AS VARCHAR) AS d, CAST(total_amount AS VARCHAR) AS amt, CAST(created_date AS VARCHAR) AS c, CAST(last_updated AS VARCHAR) AS u FROM "BRONZE_ORDERS" WHERE lower(order_id) = 'ord5' ORDER BY 1`), [
    { order_id: 'ORD5', d: '2024-12-31 23:59:59', amt: '99999999.99', c: '2038-01-19 03:14:07', u: '1970-01-01 00:00:01' },
    { order_id: 'ord5', d: '2024-12-31 00:00:00', amt: '-99999999.99', c: '2024-01-01 00:00:00', u: '2024-01-01 00:00:00' },
  ]);

  const customers = await executeStep(task('mysql_customer_task'), ctx);
  assert.deepEqual([customers.rowsIn, customers.rowsOut, customers.rejected], [3, 2, 1]);
  const [noKey] = await ctx.wh.query<{ record_ref: string; reason: string; raw_record: string }>('SELECT record_ref, reason, raw_record FROM "BRONZE_CUSTOMERS_REJECTS"');
  assert.match(noKey.reason, /customer_id: expected a value, got NULL/);
  assert.equal(noKey.record_ref, 'row 1');
  assert.match(noKey.raw_record, /x@example\.com/);
  assert.deepEqual(await bronze(ctx, 'BRONZE_CUSTOMERS').then((r) => r.map((x) => [x.customer_id, x.first_name, x.last_name, x.email])), [
    ['CUST0001', '🦄 Émilie', '', null],
    ['CUST0001', 'Same', 'Key', null],
  ]);
});

test('a wrong password or a closed port is a clear error without the password', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await database(t);
  const user = await db.user();
  const wrong = 'Wr0ng-' + user.password.split('').reverse().join('');
  const badUrl = user.url.replace(encodeURIComponent(user.password), encodeURIComponent(wrong));
  const log = collectingLogger();
  await assert.rejects(openMysqlTable(badUrl, 'orders', table('BRONZE_ORDERS'), { log }), (e: Error) => {
    assert.match(e.message, /connecting on mysql:\/\/rp_\w+@127\.0\.0\.1:\d+\/retail_db_t_\w+ failed: Access denied/);
    assert.match(e.message, /check the user and password/);
    assert.ok(!e.message.includes(wrong), e.message);
    return true;
  });
  const data = writeMysqlCsvFixtures(tempDir(t, 'rp-mysql-data-'), 1);
  await assert.rejects(seedMysql(badUrl, data, { log }), (e: Error) => !e.message.includes(wrong) && /Access denied/.test(e.message));

  // Through the pipeline step, with the password in the URL and in the run's log.
  const ctx = await workspace(t, data, badUrl);
  await assert.rejects(executeStep(task('mysql_inventory_task'), ctx), (e: Error) => !e.message.includes(wrong) && /Access denied/.test(e.message));

  await assert.rejects(openMysqlTable(`mysql://root:${wrong}@127.0.0.1:1/retail_db`, 'orders', table('BRONZE_ORDERS'), { log }), (e: Error) => {
    assert.match(e.message, /ECONNREFUSED.*is the server running/);
    assert.ok(!e.message.includes(wrong));
    return true;
  });
  assert.ok(!log.lines.join('\n').includes(wrong));
});

test('table, column and database names are validated before any SQL is sent', async (t) => {
  if (!(await requireMysql(t))) return;
  const db = await database(t);
  const log = collectingLogger();
  await assert.rejects(openMysqlTable(db.url, 'orders`; DROP TABLE x; --', table('BRONZE_ORDERS'), { log }), /Invalid MySQL table name/);
  await assert.rejects(openMysqlTable(db.url.replace(db.name, 'retail-db'), 'orders', table('BRONZE_ORDERS'), { log }), /Invalid MySQL database name/);
  await assert.rejects(openMysqlTable(db.url, 'missing_table', table('BRONZE_ORDERS'), { log }), /missing_table does not exist .* expected the retail_db schema/);
});
