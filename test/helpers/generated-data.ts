// The generated data sets as the generate-data tests read them: temporary output folders
// (removed when the file's tests end), the CSVs parsed against the contract's headers, the
// reviews and the two XML files, and one scale-3 set shared by a file's read-only checks.
// Used by test/generate.test.ts and test/generate-content.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { DATA_FILES, generateData } from '../../src/core/generate/generate';
import { CSV_HEADERS } from '../../src/core/generate/mysql-tables';

export const SAMPLE_DATA = join(__dirname, '..', '..', 'sample_data');
const temps: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'retail-generate-'));
  temps.push(d);
  return d;
}
test.after(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

export const read = (dir: string, rel: string) => readFileSync(join(dir, rel));
export type Row = Record<string, string>;

/** Parses a generated CSV, checking its header is exactly the contract's column list. */
function csv(dir: string, rel: string, header: readonly string[]): Row[] {
  const text = read(dir, rel).toString('utf8');
  const records = parseCsv(text, { relax_column_count: false }) as string[][];
  assert.deepEqual(records[0], [...header], `${rel} header`);
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

export interface Review {
  review_id: string; product_id: string; customer_id: string; rating: number; title: string; content: string;
  date: string; verified_purchase: boolean; helpful_votes: number; aspects: { name: string; rating: number }[];
}

export function loadAll(dir: string) {
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

export const xml = new XMLParser({ isArray: (name) => ['customer', 'preference', 'product', 'specification'].includes(name), parseTagValue: false });

// One scale-3 data set shared by the read-only checks of a test file.
let scale3Dir: string | undefined;
export async function scale3(): Promise<string> {
  if (!scale3Dir) {
    scale3Dir = tempDir();
    await generateData({ out: scale3Dir, scale: 3, seed: 42 });
  }
  return scale3Dir;
}
