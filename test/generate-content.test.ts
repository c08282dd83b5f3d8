// What generate-data writes: CSV values in the contract formats (RFC 4180 quoting), customers
// with UTF-8 names and US addresses in mixed formats, keys and amounts consistent across files,
// the original pipeline's data quirks at several scales, reviews of the contract shape with mixed
// sentiment, and the two XML files' shapes. Determinism, sizes, ids and the command are
// test/generate.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import Sentiment from 'sentiment';
import { DATA_FILES, generateData } from '../src/core/generate/generate';
import { US_CITIES, STATE_NAMES } from '../src/core/generate/us-cities';
import { loadAll, read, SAMPLE_DATA, scale3, tempDir, xml, type Review } from './helpers/generated-data';

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
