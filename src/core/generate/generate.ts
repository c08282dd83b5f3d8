// `generate-data`: writes a complete, deterministic data set in the layout of sample_data/
// (the pipeline contract): five CSVs under mysql/, product_reviews.json and two XML files.
// Same seed and scale -> byte-identical files. Every file draws from its own seeded stream.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writePreferences, writeReviews, writeSpecifications } from './documents';
import { writeCustomers, writeInventory, writeOrders, writeProducts } from './mysql-tables';
import { sizesFor, type Sizes } from './sizes';
import { FileWriter } from './writer';

export const DEFAULT_SEED = 42;

/** Changes whenever the files a (scale, seed) gives change, so that caches of generated sets
 *  (bench/lib.ts) are not reused across versions. 2: the original's quirks (issue 14); 3: a
 *  Storage spec on electronics, as the original's sample has (its dashboard charts it). */
export const GENERATOR_VERSION = 3;

/** The files of a data folder, relative to it (the contract's sample_data layout). */
export const DATA_FILES = {
  customers: 'mysql/customer_data.csv',
  products: 'mysql/product_data.csv',
  orders: 'mysql/order_data.csv',
  inventory: 'mysql/inventory_data.csv',
  orderItems: 'mysql/order_items.csv',
  reviews: 'product_reviews.json',
  preferences: 'customer_preferences.xml',
  specifications: 'product_specifications.xml',
} as const;

export interface WrittenFile {
  file: string; // relative to the output folder
  rows: number;
  nested: number;
  bytes: number;
}

export interface GenerateOptions {
  out: string;
  scale: number;
  seed?: number | string;
  /** Called as each file is completed (the CLI prints it). */
  onFile?: (f: WrittenFile) => void;
}

export async function generateData(opts: GenerateOptions): Promise<{ sizes: Sizes; files: WrittenFile[] }> {
  const sizes = sizesFor(opts.scale);
  const seed = opts.seed ?? DEFAULT_SEED;
  mkdirSync(join(opts.out, 'mysql'), { recursive: true });
  const files: WrittenFile[] = [];
  const open: FileWriter[] = [];
  const writer = (rel: string) => {
    const w = new FileWriter(join(opts.out, rel));
    open.push(w);
    return w;
  };
  const done = async (rel: string, w: FileWriter) => {
    await w.close();
    open.splice(open.indexOf(w), 1);
    const f = { file: rel, rows: w.rows, nested: w.nested, bytes: w.bytes };
    files.push(f);
    opts.onFile?.(f);
  };

  try {
    const customers = writer(DATA_FILES.customers);
    const customerCreated = await writeCustomers(customers, seed, sizes);
    await done(DATA_FILES.customers, customers);

    const products = writer(DATA_FILES.products);
    const productFacts = await writeProducts(products, seed, sizes);
    await done(DATA_FILES.products, products);

    const inventory = writer(DATA_FILES.inventory);
    await writeInventory(inventory, seed, sizes, productFacts);
    await done(DATA_FILES.inventory, inventory);

    const orders = writer(DATA_FILES.orders);
    const items = writer(DATA_FILES.orderItems);
    await writeOrders(orders, items, seed, sizes, customerCreated, productFacts);
    await done(DATA_FILES.orders, orders);
    await done(DATA_FILES.orderItems, items);

    const reviews = writer(DATA_FILES.reviews);
    await writeReviews(reviews, seed, sizes, productFacts);
    await done(DATA_FILES.reviews, reviews);

    const prefs = writer(DATA_FILES.preferences);
    await writePreferences(prefs, seed, sizes);
    await done(DATA_FILES.preferences, prefs);

    const specs = writer(DATA_FILES.specifications);
    await writeSpecifications(specs, seed, sizes, productFacts);
    await done(DATA_FILES.specifications, specs);
  } catch (e) {
    for (const w of open) w.abort();
    throw e;
  }
  return { sizes, files };
}
