// generate-data: deterministic, right sizes, files every loader can read, consistent keys and
// totals, ids that fit VARCHAR(8) at any supported scale, and sample_data/ is exactly what the
// generator writes for scale 1, seed 42.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Sentiment from 'sentiment';
import { DATA_FILES, generateData } from '../src/core/generate/generate';
import { dataSetIds, idFormat, IdRangeError, MAX_ID_LENGTH } from '../src/core/generate/ids';
import { sizesFor } from '../src/core/generate/sizes';
import { US_CITIES, STATE_NAMES } from '../src/core/generate/us-cities';
import { CSV_HEADERS } from '../src/core/generate/mysql-tables';
import { generateDataCommand } from '../src/cli/commands/generate-data';
import { UsageError } from '../src/cli/args';
import { table } from '../src/core/manifest';
import { readCsv } from '../src/core/sources/csv';
import { canonicalRow } from '../src/core/load/values';

const SAMPLE_DATA = join(__dirname, '..', 'sample_data');
const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'retail-generate-'));
  temps.push(d);
  return d;
}
test.after(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

const read = (dir: string, rel: string) => readFileSync(join(dir, rel));
type Row = Record<string, string>;

/** Parses a generated CSV, checking its header is exactly the contract's column list. */
function csv(dir: string, rel: string, header: readonly string[]): Row[] {
  const text = read(dir, rel).toString('utf8');
  const records = parseCsv(text, { relax_column_count: false }) as string[][];
  assert.deepEqual(records[0], [...header], `${rel} header`);
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

interface Review {
  review_id: string; product_id: string; customer_id: string; rating: number; title: string; content: string;
  date: string; verified_purchase: boolean; helpful_votes: number; aspects: { name: string; rating: number }[];
}

function loadAll(dir: string) {
  return {
    customers: csv(dir, DATA_FILES.customers, CSV_HEADERS.customer_data),
    products: csv(dir, DATA_FILES.products, CSV_HEADERS.product_data),
    orders: csv(dir, DATA_FILES.orders, CSV_HEADERS.order_data),
    inventory: csv(dir, DATA_FILES.inventory, CSV_HEADERS.inventory_data),
    items: csv(dir, DATA_FILES.orderItems, CSV_HEADERS.order_items),
    reviews: JSON.parse(read(dir, DATA_FILES.reviews).toString('utf8')) as Review[],
    preferencesXml: read(dir, DATA_FILES.preferences).toString('utf8'),
    specificationsXml: read(dir, DATA_FILES.specifications).toString('utf8'),
  };
}

const xml = new XMLParser({ isArray: (name) => ['customer', 'preference', 'product', 'specification'].includes(name), parseTagValue: false });

// One scale-3 data set shared by the read-only checks below.
let scale3Dir: string | undefined;
async function scale3(): Promise<string> {
  if (!scale3Dir) {
    scale3Dir = tempDir();
    await generateData({ out: scale3Dir, scale: 3, seed: 42 });
  }
  return scale3Dir;
}

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

test('CSV values have the contract formats, and fields with commas or quotes are quoted', async () => {
  const dir = await scale3();
  const d = loadAll(dir);
  const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
  const MONEY = /^\d+\.\d{2}$/;
  for (const [name, rows] of Object.entries({ customers: d.customers, products: d.products, orders: d.orders, items: d.items })) {
    for (const r of rows) {
      assert.match(r.created_date, TS, `${name} created_date`);
      assert.match(r.last_updated, TS, `${name} last_updated`);
      assert.ok(r.last_updated >= r.created_date, `${name}: last_updated before created_date`);
      assert.ok(r.created_date >= '2023-01-01' && r.last_updated <= '2024-12-31 23:59:59', `${name}: dates within 2023-2024`);
    }
  }
  for (const r of d.inventory) assert.match(r.last_updated, TS);
  for (const r of d.orders) {
    assert.match(r.order_date, TS, 'order_date is a timestamp');
    assert.equal(r.order_date, r.created_date, 'an order is created when it is placed');
    assert.match(r.total_amount, MONEY);
    assert.ok(['Pending', 'Processing', 'Shipped', 'Delivered', 'Cancelled', 'Returned'].includes(r.status), r.status);
    assert.ok(['Credit Card', 'PayPal', 'Debit Card', 'Bank Transfer', 'Apple Pay'].includes(r.payment_method), r.payment_method);
  }
  assert.equal(new Set(d.orders.map((o) => o.status)).size, 6, 'every status occurs');
  for (const p of d.products) assert.match(p.price, MONEY);
  for (const i of d.items) assert.match(i.unit_price, MONEY);
  for (const i of d.inventory) assert.match(i.quantity, /^\d+$/);

  // RFC 4180: a value with a quote is written "…""…" and reads back intact.
  const raw = read(dir, DATA_FILES.products).toString('utf8');
  const quoted = d.products.find((p) => p.description?.includes('"'));
  assert.ok(quoted, 'some description holds a double quote');
  assert.ok(raw.includes(`"${quoted.description.replace(/"/g, '""')}"`));
});

test('customers: UTF-8 names, empty optional fields, US addresses in mixed formats', async () => {
  const { customers } = loadAll(await scale3());
  assert.ok(customers.some((c) => /[^\x00-\x7f]/.test(c.first_name + c.last_name)), 'non-ASCII names');
  assert.ok(customers.some((c) => c.last_name.includes("'")), "names with an apostrophe");
  for (const field of ['email', 'phone', 'address'] as const) {
    const empty = customers.filter((c) => c[field] === '').length;
    assert.ok(empty > 0 && empty < customers.length / 5, `some but few empty ${field} (${empty})`);
  }
  for (const c of customers) if (c.email) assert.match(c.email, /^[a-z0-9._]+@[a-z.]+$/);

  const addresses = customers.map((c) => c.address).filter(Boolean);
  const cityNames = new Set(US_CITIES.map((c) => c.city));
  let stateless = 0, zip = 0, fullState = 0, unit = 0;
  for (const a of addresses) {
    const parts = a.split(', ');
    const last = parts[parts.length - 1];
    // "…, Seattle, Washington" ends with a state that is also a city name: stateless only when
    // the part before the city is not itself a city.
    if (cityNames.has(last) && !cityNames.has(parts[parts.length - 2])) {
      // City only: allowed only where the city name settles the state.
      stateless++;
      const matches = US_CITIES.filter((c) => c.city === last);
      assert.ok(matches.length === 1 && matches[0].unambiguous, `"${a}" has no state but ${last} is ambiguous`);
    } else {
      assert.ok(/ [A-Z]{2}( \d{5})?$/.test(a) || Object.values(STATE_NAMES).some((s) => a.endsWith(`, ${s}`)), `no state in "${a}"`);
    }
    if (/ \d{5}$/.test(a)) zip++;
    if (Object.values(STATE_NAMES).some((s) => a.endsWith(`, ${s}`))) fullState++;
    if (/\b(Apt|Unit|Suite) |#\d/.test(a)) unit++;
  }
  assert.ok(stateless > 20 && zip > 20 && fullState > 10 && unit > 10, `address formats: ${JSON.stringify({ stateless, zip, fullState, unit })}`);
});

test('keys and amounts are consistent across files', async () => {
  const d = loadAll(await scale3());
  const customers = new Map(d.customers.map((c) => [c.customer_id, c]));
  const products = new Map(d.products.map((p) => [p.product_id, p]));
  const orders = new Map(d.orders.map((o) => [o.order_id, o]));
  assert.equal(customers.size, d.customers.length, 'customer ids unique');
  assert.equal(products.size, d.products.length, 'product ids unique');
  assert.equal(orders.size, d.orders.length, 'order ids unique');
  assert.equal(new Set(d.inventory.map((i) => i.inventory_id)).size, d.inventory.length, 'inventory ids unique');

  const cents = (s: string) => Math.round(Number(s) * 100);
  const totals = new Map<string, number>();
  const pairs = new Set<string>();
  const unknownPrice = new Map<string, string>();
  const lastListed = [...products.keys()].sort().at(-1)!;
  for (const it of d.items) {
    const order = orders.get(it.order_id);
    const product = products.get(it.product_id);
    assert.ok(order, `item references missing order ${it.order_id}`);
    if (product) {
      assert.equal(it.unit_price, product.price, 'unit_price is the product price');
    } else {
      // A product the file does not list: an id past the listed ones, one price for all its items.
      assert.ok(it.product_id > lastListed && it.product_id.length === lastListed.length, `unknown product id ${it.product_id}`);
      assert.equal(unknownPrice.get(it.product_id) ?? it.unit_price, it.unit_price, `${it.product_id} has one unit price`);
      unknownPrice.set(it.product_id, it.unit_price);
    }
    assert.equal(it.created_date, order.created_date);
    const key = `${it.order_id}/${it.product_id}`;
    assert.ok(!pairs.has(key), `duplicate order item ${key}`);
    pairs.add(key);
    totals.set(it.order_id, (totals.get(it.order_id) ?? 0) + Number(it.quantity) * cents(it.unit_price));
  }
  for (const o of d.orders) {
    const customer = customers.get(o.customer_id);
    assert.ok(customer, `order ${o.order_id} references missing customer ${o.customer_id}`);
    assert.ok(o.created_date >= customer.created_date, `order ${o.order_id} predates its customer`);
    assert.equal(cents(o.total_amount), totals.get(o.order_id), `order ${o.order_id} total_amount = sum of its items`);
  }
  for (const i of d.inventory) {
    assert.ok(products.has(i.product_id), `inventory references missing product ${i.product_id}`);
    assert.match(i.warehouse_id, /^WH\d{3}$/);
  }
  for (const r of d.reviews) {
    assert.ok(products.has(r.product_id), `review references missing product ${r.product_id}`);
    assert.ok(customers.has(r.customer_id), `review references missing customer ${r.customer_id}`);
  }
  const lastCustomer = [...customers.keys()].sort().at(-1)!;
  for (const c of xml.parse(d.preferencesXml).customer as { customer_id: string }[]) {
    assert.ok(customers.has(c.customer_id) || (c.customer_id > lastCustomer && c.customer_id.length === lastCustomer.length), c.customer_id);
  }
  for (const p of xml.parse(d.specificationsXml).product_specifications.product as { product_id: string }[]) assert.ok(products.has(p.product_id));
});

/** The quirks of the original pipeline's sample data that the pipeline must handle (issue 14). */
function quirks(dir: string) {
  const d = loadAll(dir);
  const products = new Set(d.products.map((p) => p.product_id));
  const customers = new Set(d.customers.map((c) => c.customer_id));
  const ordering = new Set(d.orders.map((o) => o.customer_id));
  const sold = new Set(d.items.map((i) => i.product_id));
  const stocked = new Set(d.inventory.map((i) => i.product_id));
  const s = new Sentiment();
  const mood = (text: string) => Math.sign(s.analyze(text).score);
  const prefIds = (xml.parse(d.preferencesXml).customer as { customer_id: string }[]).map((c) => c.customer_id);
  return {
    unknownProductItemShare: d.items.filter((i) => !products.has(i.product_id)).length / d.items.length,
    customersWithoutOrders: d.customers.filter((c) => !ordering.has(c.customer_id)).length,
    productsNeitherSoldNorStocked: [...products].filter((p) => !sold.has(p) && !stocked.has(p)).length,
    // Not in half steps: 4.7, 3.2 (the original has 3.6, 4.7, …).
    tenthRatings: d.reviews.filter((r) => !Number.isInteger(r.rating * 2)).length,
    // A title that says the opposite of the body: "Five stars" over "Awful quality, it broke …".
    contradictingTitles: d.reviews.filter((r) => mood(r.title) * mood(r.content) === -1).length / d.reviews.length,
    preferencesOfUnknownCustomers: prefIds.filter((id) => !customers.has(id)).length,
    ordersAtMidnight: d.orders.filter((o) => o.order_date.endsWith(' 00:00:00')).length / d.orders.length,
    customers: d.customers.length,
    reviews: d.reviews.length,
  };
}

for (const scale of [1, 3, 12]) {
  test(`the original's data quirks are present at scale ${scale}`, async () => {
    let dir: string;
    if (scale === 1) dir = SAMPLE_DATA; // the committed sample (equal to a fresh scale-1 set, see above)
    else if (scale === 3) dir = await scale3();
    else {
      dir = tempDir();
      await generateData({ out: dir, scale, seed: 42 });
    }
    const q = quirks(dir);
    assert.ok(q.unknownProductItemShare > 0.4 && q.unknownProductItemShare < 0.6, `about half the order items name unlisted products: ${q.unknownProductItemShare}`);
    assert.ok(q.customersWithoutOrders >= q.customers * 0.15, `customers without orders: ${q.customersWithoutOrders} of ${q.customers}`);
    assert.ok(q.productsNeitherSoldNorStocked >= 1, 'a product with no order items and no inventory');
    assert.ok(q.tenthRatings > q.reviews / 2, `ratings in tenths: ${q.tenthRatings} of ${q.reviews}`);
    assert.ok(q.contradictingTitles > 0.05 && q.contradictingTitles < 0.3, `titles contradicting the body: ${q.contradictingTitles}`);
    assert.ok(q.preferencesOfUnknownCustomers >= 1, 'preferences of a customer id the customer file lacks');
    assert.ok(q.ordersAtMidnight < 0.01, `order dates keep a time of day (${q.ordersAtMidnight} at midnight)`);
  });
}

test('reviews: one JSON array of the contract shape, with mixed sentiment', async () => {
  const dir = await scale3();
  const text = read(dir, DATA_FILES.reviews).toString('utf8');
  const reviews = JSON.parse(text) as Review[];
  assert.ok(Array.isArray(reviews));
  const ASPECTS = ['Quality', 'Battery Life', 'Value for Money', 'Design', 'Ease of Use'];
  // Ratings in tenths within 1..5, as the original's 3.5, 4.7.
  const TENTHS = Array.from({ length: 41 }, (_, k) => (10 + k) / 10);
  for (const r of reviews) {
    assert.deepEqual(Object.keys(r), ['review_id', 'product_id', 'customer_id', 'rating', 'title', 'content', 'date', 'verified_purchase', 'helpful_votes', 'aspects']);
    assert.match(r.review_id, /^REV\d{4,}$/);
    assert.ok(TENTHS.includes(r.rating), `rating ${r.rating}`);
    assert.ok(typeof r.title === 'string' && r.title && typeof r.content === 'string' && r.content);
    assert.match(r.date, /^202[34]-\d{2}-\d{2}$/);
    assert.equal(typeof r.verified_purchase, 'boolean');
    assert.ok(Number.isInteger(r.helpful_votes) && r.helpful_votes >= 0 && r.helpful_votes <= 50);
    assert.ok(r.aspects.length >= 1);
    for (const a of r.aspects) {
      assert.ok(ASPECTS.includes(a.name), a.name);
      assert.ok(TENTHS.includes(a.rating), `aspect rating ${a.rating}`);
    }
  }
  // Ratings keep their decimal in the file: 4.0, not 4.
  assert.equal((text.match(/"rating": \d\.\d\b/g) ?? []).length, reviews.length + reviews.reduce((n, r) => n + r.aspects.length, 0));
  assert.ok(reviews.some((r) => r.verified_purchase) && reviews.some((r) => !r.verified_purchase));
  for (const name of ['Quality', 'Battery Life', 'Value for Money']) assert.ok(reviews.some((r) => r.aspects.some((a) => a.name === name)), name);

  // The body carries the mood and the rating mostly agrees with it (the title may not: see the
  // quirks test).
  const s = new Sentiment();
  const high = reviews.filter((r) => r.rating >= 4), low = reviews.filter((r) => r.rating <= 2), mid = reviews.filter((r) => r.rating > 2 && r.rating < 4);
  assert.ok(high.length > 100 && low.length > 50 && mid.length > 50, `mixed ratings ${high.length}/${mid.length}/${low.length}`);
  const positive = (rs: Review[]) => rs.filter((r) => s.analyze(r.content).score > 0).length / rs.length;
  const negative = (rs: Review[]) => rs.filter((r) => s.analyze(r.content).score < 0).length / rs.length;
  assert.ok(positive(high) > 0.8, `high ratings with positive text: ${positive(high)}`);
  assert.ok(negative(low) > 0.8, `low ratings with negative text: ${negative(low)}`);
  assert.ok(negative(high) > 0 || positive(low) > 0, 'a few ratings disagree with their text');
});

test('customer_preferences.xml has no single root; product_specifications.xml has one', async () => {
  const dir = await scale3();
  const prefs = read(dir, DATA_FILES.preferences).toString('utf8');
  assert.ok(prefs.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<customer>\n'));
  const v = XMLValidator.validate(prefs);
  assert.ok(v !== true && /Multiple possible root nodes/.test(v.err.msg), 'a sequence of <customer> elements, not one document element');
  assert.equal(XMLValidator.validate(prefs.replace(/^<\?xml[^>]*\?>/, '<root>') + '</root>'), true, 'well-formed once wrapped');
  const customers = xml.parse(prefs).customer as { customer_id: string; preference: { type: string; value: string }[] }[];
  for (const c of customers) {
    assert.ok(c.preference.length >= 2 && c.preference.length <= 4);
    for (const p of c.preference) assert.ok(p.type && p.value);
  }
  assert.ok(customers.some((c) => c.preference.some((p) => p.value === 'Home & Kitchen')), 'an escaped & reads back');

  const specs = read(dir, DATA_FILES.specifications).toString('utf8');
  assert.equal(XMLValidator.validate(specs), true);
  const products = xml.parse(specs).product_specifications.product as { product_id: string; specification: { name: string; value: string }[] }[];
  for (const p of products) {
    assert.ok(p.specification.length >= 3);
    assert.equal(new Set(p.specification.map((x) => x.name)).size, p.specification.length, 'spec names unique per product');
  }
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
