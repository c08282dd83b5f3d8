// The five relational tables (sample_data/mysql/*.csv), with the columns of the contract in
// contract order. Orders and their items are written in one pass so that every order's
// total_amount is exactly the sum of quantity * unit_price of its items (in integer cents).
//
// The quirks of the original pipeline's sample data are kept on purpose, at every scale: about
// half of the order items name a product the product file does not list, some customers never
// order, and some listed products are neither sold nor stocked (new listings).
import { CATEGORIES, product } from './catalog';
import { dataSetIds } from './ids';
import { address, email, person, phone } from './people';
import { Rng } from './prng';
import type { Sizes } from './sizes';
import { DAY, END_2024, sec, START_2023, timestampText } from './time';
import { csvLine, type FileWriter } from './writer';

export const CSV_HEADERS = {
  customer_data: ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'address', 'created_date', 'last_updated'],
  product_data: ['product_id', 'product_name', 'category', 'price', 'description', 'created_date', 'last_updated'],
  order_data: ['order_id', 'customer_id', 'order_date', 'total_amount', 'status', 'payment_method', 'created_date', 'last_updated'],
  inventory_data: ['inventory_id', 'product_id', 'quantity', 'warehouse_id', 'last_updated'],
  order_items: ['order_id', 'product_id', 'quantity', 'unit_price', 'created_date', 'last_updated'],
} as const;


const money = (cents: number): string => (cents / 100).toFixed(2);

/** What later files need from the products, indexed by product - 1. */
export interface ProductFacts {
  /** Prices of every product id, listed and unknown (products + unknownProducts). */
  priceCents: Int32Array;
  /** Category and noun of the listed products. */
  category: Uint8Array;
  noun: string[];
  /** 1 for a listed product that is never sold and never stocked. */
  newListing: Uint8Array;
}

/** Share of the order items that name a product the product file does not list (original: 102 of 200). */
export const UNKNOWN_PRODUCT_ITEM_SHARE = 0.5;
/** Share of the customers who never order (the original's sample: 42 of 100 without orders). */
const NON_BUYER_SHARE = 0.2;
/** Share of the listed products that are neither sold nor stocked. */
const NEW_LISTING_SHARE = 0.04;

/** `count` distinct positions of 0..n-1 flagged 1: at least one, whatever the seed. */
function flagSome(rng: Rng, n: number, share: number): Uint8Array {
  const flags = new Uint8Array(n);
  const count = Math.min(n - 1, Math.max(1, Math.round(n * share)));
  for (let marked = 0; marked < count;) {
    const k = rng.int(0, n - 1);
    if (!flags[k]) { flags[k] = 1; marked++; }
  }
  return flags;
}

/** Between a and b (seconds), uniformly. */
const between = (rng: Rng, a: number, b: number): number => a + Math.floor(rng.next() * (b - a + 1));

/** Writes customers; returns each customer's creation time, so orders never predate it. */
export async function writeCustomers(out: FileWriter, seed: number | string, sizes: Sizes): Promise<Int32Array> {
  const rng = new Rng(seed, 'customers');
  const id = dataSetIds(sizes).customer;
  const n = sizes.customers;
  const created = new Int32Array(n);
  await out.write(csvLine(CSV_HEADERS.customer_data));
  for (let i = 1; i <= n; i++) {
    const p = person(rng);
    const addr = address(rng);
    const c = between(rng, START_2023, sec(2024, 7, 1));
    const updated = rng.chance(0.4) ? c : between(rng, c, END_2024);
    created[i - 1] = c;
    // Some contact fields are missing, as in real customer tables.
    await out.write(csvLine([
      id(i), p.first, p.last,
      rng.chance(0.04) ? null : email(rng, p),
      rng.chance(0.08) ? null : phone(rng, addr.areaCode),
      rng.chance(0.03) ? null : addr.text,
      timestampText(c), timestampText(updated),
    ]));
    out.rows++;
  }
  return created;
}

export async function writeProducts(out: FileWriter, seed: number | string, sizes: Sizes): Promise<ProductFacts> {
  const rng = new Rng(seed, 'products');
  const id = dataSetIds(sizes).product;
  const n = sizes.products;
  const facts: ProductFacts = {
    priceCents: new Int32Array(n + sizes.unknownProducts), category: new Uint8Array(n), noun: new Array<string>(n),
    newListing: flagSome(new Rng(seed, 'new-listings'), n, NEW_LISTING_SHARE),
  };
  // The unknown products have a price too (one per product, so their items agree); they get
  // their own stream so that the listed products do not depend on how many unknown ones exist.
  const unknown = new Rng(seed, 'unknown-products');
  for (let i = n; i < facts.priceCents.length; i++) facts.priceCents[i] = product(unknown).priceCents;
  await out.write(csvLine(CSV_HEADERS.product_data));
  for (let i = 1; i <= n; i++) {
    const p = product(rng);
    const c = between(rng, START_2023, sec(2023, 3, 31));
    const updated = rng.chance(0.5) ? c : between(rng, c, END_2024);
    facts.priceCents[i - 1] = p.priceCents;
    facts.category[i - 1] = CATEGORIES.indexOf(p.category);
    facts.noun[i - 1] = p.noun.toLowerCase();
    await out.write(csvLine([id(i), p.name, p.category.name, money(p.priceCents), p.description, timestampText(c), timestampText(updated)]));
    out.rows++;
  }
  return facts;
}

export async function writeInventory(out: FileWriter, seed: number | string, sizes: Sizes, products: ProductFacts): Promise<void> {
  const rng = new Rng(seed, 'inventory');
  const ids = dataSetIds(sizes);
  const id = ids.inventory, productId = ids.product, warehouseId = ids.warehouse;
  await out.write(csvLine(CSV_HEADERS.inventory_data));
  for (let i = 1; i <= sizes.inventory; i++) {
    // Mostly one row per product; some products are stocked twice and some not at all (new
    // listings never).
    let prod = rng.chance(0.85) ? ((i - 1) % sizes.products) + 1 : rng.int(1, sizes.products);
    while (products.newListing[prod - 1]) prod = rng.int(1, sizes.products);
    const qty = rng.chance(0.05) ? 0 : Math.floor(1000 * rng.next() ** 2) + 1;
    await out.write(csvLine([id(i), productId(prod), qty, warehouseId(rng.int(1, sizes.warehouses)), timestampText(between(rng, sec(2024, 1, 1), END_2024))]));
    out.rows++;
  }
}

const STATUS_WEIGHTS: [string, number][] = [['Delivered', 50], ['Shipped', 15], ['Processing', 10], ['Pending', 8], ['Cancelled', 10], ['Returned', 7]];
const PAYMENT_WEIGHTS: [string, number][] = [['Credit Card', 40], ['PayPal', 20], ['Debit Card', 20], ['Bank Transfer', 8], ['Apple Pay', 12]];
export const ORDER_STATUSES = STATUS_WEIGHTS.map(([s]) => s);
export const PAYMENT_METHODS = PAYMENT_WEIGHTS.map(([p]) => p);
const QUANTITY_WEIGHTS: [number, number][] = [[1, 55], [2, 25], [3, 10], [4, 6], [5, 4]];

/** 1-3 items per order and exactly 2 per order overall: orders come in pairs of (k, 4-k) items. */
function itemCount(rng: Rng, orderIndex: number, orders: number, pairFirst: { k: number }): number {
  if (orderIndex === orders && orders % 2 === 1) return 2;
  if (orderIndex % 2 === 1) {
    pairFirst.k = rng.int(1, 3);
    return pairFirst.k;
  }
  return 4 - pairFirst.k;
}

export async function writeOrders(orderOut: FileWriter, itemOut: FileWriter, seed: number | string, sizes: Sizes, customerCreated: Int32Array, products: ProductFacts): Promise<void> {
  const rng = new Rng(seed, 'orders');
  const ids = dataSetIds(sizes);
  const orderId = ids.order, customerId = ids.customer, productId = ids.product;
  const nonBuyer = flagSome(new Rng(seed, 'non-buyers'), sizes.customers, NON_BUYER_SHARE);
  const pair = { k: 2 };
  const chosen: number[] = [];
  await orderOut.write(csvLine(CSV_HEADERS.order_data));
  await itemOut.write(csvLine(CSV_HEADERS.order_items));
  for (let i = 1; i <= sizes.orders; i++) {
    // Some customers order much more than others; popular products sell more.
    let cust: number;
    do cust = Math.floor(sizes.customers * rng.next() ** 1.3) + 1; while (nonBuyer[cust - 1]);
    const placed = between(rng, customerCreated[cust - 1], END_2024);
    const status = rng.weighted(STATUS_WEIGHTS);
    const settled = status === 'Pending' ? placed : Math.min(END_2024, placed + between(rng, 3600, 12 * DAY));
    const id = orderId(i);
    const created = timestampText(placed);
    const updated = timestampText(settled);
    let total = 0;
    chosen.length = 0;
    const items = itemCount(rng, i, sizes.orders, pair);
    while (chosen.length < items) {
      const prod = rng.chance(UNKNOWN_PRODUCT_ITEM_SHARE)
        ? sizes.products + Math.floor(sizes.unknownProducts * rng.next() ** 1.6) + 1
        : Math.floor(sizes.products * rng.next() ** 1.6) + 1;
      if (prod <= sizes.products && products.newListing[prod - 1]) continue;
      if (chosen.includes(prod)) continue; // (order_id, product_id) is the primary key
      chosen.push(prod);
      const qty = rng.weighted(QUANTITY_WEIGHTS);
      const price = products.priceCents[prod - 1];
      total += qty * price;
      // ids, numbers, dates and statuses never need CSV quoting: joined directly (hot path).
      if (itemOut.add(`${id},${productId(prod)},${qty},${money(price)},${created},${updated}\n`)) await itemOut.flush();
      itemOut.rows++;
    }
    // order_date keeps its time of day (the MySQL column is a TIMESTAMP).
    if (orderOut.add(`${id},${customerId(cust)},${created},${money(total)},${status},${rng.weighted(PAYMENT_WEIGHTS)},${created},${updated}\n`)) await orderOut.flush();
    orderOut.rows++;
  }
}
