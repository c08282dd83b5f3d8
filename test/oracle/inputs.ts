// The oracle's view of a data folder (the contract's sample_data layout), read in plain
// TypeScript: what the silver layer holds, modelled from the contract and the original
// pipeline's transformations.py, with no SQL and no DuckDB. Text is cleaned as silver cleans it
// (trimmed, empty -> NULL); money is kept in integer cents and ratings in integer tenths so
// that sums and averages are exact; the US state and the sentiment label come from the
// project's local AI functions (src/core/ai), the model of Cortex.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { scoreSentiment, sentimentLabel, type SentimentLabel } from '../../src/core/ai/sentiment';
import { extractState } from '../../src/core/ai/us-state';

export interface Customer { id: string; firstName: string | null; lastName: string | null; state: string | null }
export interface Product { id: string; name: string | null; category: string | null; priceCents: number | null }
export interface Order { id: string; customerId: string | null; orderDate: string | null; totalCents: number | null; status: string | null; paymentMethod: string | null }
export interface Item { orderId: string; productId: string; quantity: number | null; unitCents: number | null }
export interface Stock { productId: string | null; quantity: number | null; warehouseId: string | null }
export interface Aspect { name: string; ratingTenths: number }
export interface Review { reviewId: string; productId: string | null; ratingTenths: number | null; verified: boolean | null; sentiment: SentimentLabel | null; aspects: Aspect[] }
export interface Pair { NAME: string; VALUE: string }

export interface Inputs {
  customers: Map<string, Customer>;
  products: Map<string, Product>;
  orders: Map<string, Order>;
  items: Item[];
  inventory: Stock[];
  reviews: Review[];
  specifications: Map<string, Pair[]>;
}

type Rec = Record<string, string>;

/** Silver's text cleaning: trimmed, and an empty value is NULL. */
export const text = (s: string | null | undefined): string | null => (s == null || s.trim() === '' ? null : s.trim());

const whole = (s: string): number | null => (text(s) === null ? null : Number(s));

/** "12.34" -> 1234, exactly (the sources have at most two decimals). */
export function cents(s: string): number | null {
  const t = text(s);
  if (t === null) return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) throw new Error(`oracle: not an amount with at most 2 decimals: ${JSON.stringify(s)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0')));
}

/** A rating as a whole number of tenths (4.7 -> 47); the contract's DECIMAL(3,1). */
const tenths = (r: unknown): number | null => (typeof r === 'number' ? Math.round(r * 10) : null);

/** A date or timestamp as TIMESTAMP text 'YYYY-MM-DD HH:MM:SS' (a bare date is midnight). */
export function timestamp(s: string): string | null {
  const t = text(s);
  if (t === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t} 00:00:00`;
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/.test(t)) return t.replace('T', ' ');
  throw new Error(`oracle: not a timestamp: ${JSON.stringify(s)}`);
}

function csv(dir: string, file: string): Rec[] {
  return parseCsv(readFileSync(join(dir, 'mysql', file)), { columns: true, bom: true, skip_empty_lines: true }) as Rec[];
}

/** Keyed by id. The generated files never repeat an id, so the oracle need not model silver's
 *  "latest version wins"; it says so if that assumption breaks. */
function byId<T extends { id: string }>(rows: T[], file: string): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) {
    if (m.has(r.id)) throw new Error(`oracle: ${file} repeats the id ${r.id}; the oracle assumes unique ids`);
    m.set(r.id, r);
  }
  return m;
}

export function readInputs(dir: string): Inputs {
  const states = new Map<string, string | null>(); // addresses repeat; the state function is pure
  const stateOf = (address: string | null) => {
    if (address === null) return null;
    if (!states.has(address)) states.set(address, extractState(address));
    return states.get(address)!;
  };
  const customers = byId(csv(dir, 'customer_data.csv').map((r) => ({
    id: r.customer_id, firstName: text(r.first_name), lastName: text(r.last_name), state: stateOf(text(r.address)),
  })), 'customer_data.csv');
  const products = byId(csv(dir, 'product_data.csv').map((r) => ({
    id: r.product_id, name: text(r.product_name), category: text(r.category), priceCents: cents(r.price),
  })), 'product_data.csv');
  const orders = byId(csv(dir, 'order_data.csv').map((r) => ({
    id: r.order_id, customerId: text(r.customer_id), orderDate: timestamp(r.order_date), totalCents: cents(r.total_amount),
    status: text(r.status), paymentMethod: text(r.payment_method),
  })), 'order_data.csv');
  const items = csv(dir, 'order_items.csv').map((r) => ({ orderId: r.order_id, productId: r.product_id, quantity: whole(r.quantity), unitCents: cents(r.unit_price) }));
  const inventory = csv(dir, 'inventory_data.csv').map((r) => ({ productId: text(r.product_id), quantity: whole(r.quantity), warehouseId: text(r.warehouse_id) }));

  const raw = JSON.parse(readFileSync(join(dir, 'product_reviews.json'), 'utf8')) as Record<string, unknown>[];
  const reviews: Review[] = raw.map((r) => {
    const content = typeof r.content === 'string' ? r.content : null;
    return {
      reviewId: String(r.review_id), productId: typeof r.product_id === 'string' ? r.product_id : null,
      ratingTenths: tenths(r.rating), verified: typeof r.verified_purchase === 'boolean' ? r.verified_purchase : null,
      // Issue 14 §1: the label comes from the review body alone, never the title.
      sentiment: content === null ? null : sentimentLabel(scoreSentiment(content)),
      aspects: ((r.aspects ?? []) as { name: string; rating: number }[]).map((a) => ({ name: a.name, ratingTenths: tenths(a.rating)! })),
    };
  });
  byId(reviews.map((r) => ({ id: r.reviewId })), 'product_reviews.json');

  const xml = new XMLParser({ isArray: (n) => n === 'product' || n === 'specification', parseTagValue: false });
  const doc = xml.parse(readFileSync(join(dir, 'product_specifications.xml'), 'utf8')) as {
    product_specifications: { product?: { product_id: string; specification?: { name: string; value: string }[] }[] };
  };
  const specifications = new Map<string, Pair[]>();
  for (const p of doc.product_specifications.product ?? []) {
    // A product listed twice (the original's file has some) has all its specifications gathered.
    const list = specifications.get(p.product_id) ?? [];
    for (const s of p.specification ?? []) list.push({ NAME: String(s.name), VALUE: String(s.value) });
    specifications.set(p.product_id, list);
  }
  return { customers, products, orders, items, inventory, reviews, specifications };
}
