// generate-data: deterministic, right sizes, sample_data/ exactly what the generator writes for
// scale 1, seed 42, ids that fit VARCHAR(8) at any supported scale, the CLI command, and files
// the project's own loaders read without a reject. What is in the files (formats, keys and
// totals, the original's quirks, reviews, XML shapes) is test/generate-content.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILES, generateData } from '../src/core/generate/generate';
import { dataSetIds, idFormat, IdRangeError, MAX_ID_LENGTH } from '../src/core/generate/ids';
import { sizesFor } from '../src/core/generate/sizes';
import { generateDataCommand } from '../src/cli/commands/generate-data';
import { UsageError } from '../src/cli/args';
import { table } from '../src/core/manifest';
import { readCsv } from '../src/core/sources/csv';
import { canonicalRow } from '../src/core/load/values';
import { loadAll, read, SAMPLE_DATA, scale3, tempDir, xml, type Review } from './helpers/generated-data';

test('same seed writes byte-identical files; another seed writes different ones', async () => {
  const a = tempDir(), b = tempDir(), c = tempDir();
  await generateData({ out: a, scale: 1, seed: 7 });
  await generateData({ out: b, scale: 1, seed: 7 });
  await generateData({ out: c, scale: 1, seed: 8 });
  for (const rel of Object.values(DATA_FILES)) {
    assert.ok(read(a, rel).equals(read(b, rel)), `${rel} differs between two runs with seed 7`);
    assert.ok(!read(a, rel).equals(read(c, rel)), `${rel} is the same for seeds 7 and 8`);
  }
});

test('the committed sample_data/ is exactly a fresh generation at scale 1, seed 42', async () => {
  const out = tempDir();
  await generateData({ out, scale: 1 });
  for (const rel of Object.values(DATA_FILES)) {
    assert.ok(read(out, rel).equals(read(SAMPLE_DATA, rel)), `sample_data/${rel} is stale: run retail-pipeline generate-data --scale 1 --out sample_data`);
  }
});

test('row counts follow the scale (1 and 3)', async () => {
  const one = tempDir();
  const r1 = await generateData({ out: one, scale: 1 });
  const d1 = loadAll(one);
  assert.deepEqual(
    [d1.customers.length, d1.products.length, d1.orders.length, d1.items.length, d1.inventory.length, d1.reviews.length],
    [100, 100, 100, 200, 100, 220],
  );
  assert.equal(r1.files.find((f) => f.file === DATA_FILES.orderItems)?.rows, 200);

  const d3 = loadAll(await scale3());
  assert.deepEqual(
    [d3.customers.length, d3.products.length, d3.orders.length, d3.items.length, d3.inventory.length, d3.reviews.length],
    [300, 300, 900, 1800, 300, 660],
  );
  const prefs = xml.parse(d3.preferencesXml).customer as unknown[];
  // Most of the 300 customers, plus 9 customer ids the customer file does not have.
  assert.ok(prefs.length > 200 && prefs.length <= 309, `preferences for most customers, got ${prefs.length}`);
  assert.equal((xml.parse(d3.specificationsXml).product_specifications.product as unknown[]).length, 300);

  assert.deepEqual(sizesFor(100), { customers: 10_000, products: 10_000, inventory: 10_000, orders: 100_000, orderItems: 200_000, reviews: 22_000, warehouses: 5, unknownProducts: 10_000, unknownCustomers: 300 });
  assert.equal(sizesFor(1000).orders, 1_000_000);
  assert.throws(() => sizesFor(0), RangeError);
});

test('ids fit VARCHAR(8) at scale 1000 and keep the ORD0001 style at small scales', () => {
  const big = sizesFor(1000);
  const counts = { customer: big.customers, product: big.products, order: big.orders, inventory: big.inventory, review: big.reviews, warehouse: big.warehouses } as const;
  for (const [entity, count] of Object.entries(counts) as [keyof typeof counts, number][]) {
    const id = idFormat(entity, count);
    for (const n of [1, count]) assert.ok(id(n).length <= MAX_ID_LENGTH[entity], `${entity} ${id(n)} longer than ${MAX_ID_LENGTH[entity]}`);
    assert.ok(id(count - 1) < id(count), 'ids sort in numeric order');
  }
  // The data set's formats cover the unknown product and customer ids too.
  const ids = dataSetIds(big);
  assert.equal(ids.product(big.products + big.unknownProducts), 'P200000');
  assert.equal(ids.customer(big.customers + big.unknownCustomers), 'C103000');
  assert.equal(dataSetIds(sizesFor(1)).product(200), 'PROD0200');
  assert.equal(idFormat('order', big.orders)(big.orders), 'O1000000');
  assert.equal(idFormat('customer', big.customers)(1), 'C000001');
  const small = sizesFor(1);
  assert.equal(idFormat('customer', small.customers)(1), 'CUST0001');
  assert.equal(idFormat('product', small.products)(100), 'PROD0100');
  assert.equal(idFormat('order', small.orders)(1), 'ORD0001');
  assert.equal(idFormat('inventory', small.inventory)(1), 'INV0001');
  assert.equal(idFormat('review', small.reviews)(220), 'REV0220');
  assert.equal(idFormat('warehouse', small.warehouses)(1), 'WH001');
  assert.equal(idFormat('order', 99_999)(99_999), 'ORD99999');
  assert.throws(() => idFormat('order', 10_000_000), IdRangeError);
});

test('generate-data command: writes the layout, reports files on stderr, rejects bad options', async () => {
  const ws = tempDir();
  const ctx = { out: () => undefined, logger: { log: () => undefined }, workspace: () => ws };
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await generateDataCommand.run(['--out', 'data', '--scale', '2', '--seed', '5'], ctx);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 0);
  for (const rel of Object.values(DATA_FILES)) assert.ok(existsSync(join(ws, 'data', rel)), rel);
  assert.ok(!lines.join('').includes('.partial'));
  assert.match(lines.join(''), /wrote mysql\/order_data\.csv: 400 rows/);
  assert.match(lines.join(''), /wrote product_reviews\.json: 440 records/);

  await assert.rejects(generateDataCommand.run(['--scale', '2'], ctx), UsageError);
  await assert.rejects(generateDataCommand.run(['--out', 'x', '--scale', '0'], ctx), UsageError);
  await assert.rejects(generateDataCommand.run(['--out', 'x', '--seed', 'abc'], ctx), UsageError);
});

test('the project\'s own CSV source and value checks accept every generated record', async () => {
  const dir = await scale3();
  const csvTables: [string, string][] = [
    [DATA_FILES.customers, 'BRONZE_CUSTOMERS'], [DATA_FILES.products, 'BRONZE_PRODUCTS'], [DATA_FILES.orders, 'BRONZE_ORDERS'],
    [DATA_FILES.inventory, 'BRONZE_INVENTORY'], [DATA_FILES.orderItems, 'BRONZE_ORDER_ITEMS'],
  ];
  for (const [rel, name] of csvTables) {
    let rows = 0;
    const rejects: unknown[] = [];
    for await (const b of readCsv(join(dir, rel), table(name))) {
      rows += b.rows.length;
      rejects.push(...b.rejects);
    }
    assert.deepEqual(rejects, [], `${rel} rejects`);
    assert.equal(rows, read(dir, rel).toString('utf8').trimEnd().split('\n').length - 1, `${rel} rows`);
  }
  const reviews = JSON.parse(read(dir, DATA_FILES.reviews).toString('utf8')) as Review[];
  for (const r of reviews) {
    const c = canonicalRow(table('BRONZE_PRODUCT_REVIEWS'), { ...r, review_date: r.date });
    assert.ok(c.ok, `${r.review_id}: ${c.ok ? '' : c.reason}`);
  }
});
