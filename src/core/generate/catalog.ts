// Product categories, names, prices, descriptions and specifications. Categories carry their
// own price range and specification names, so "Battery Life" specs (and review aspects) belong
// to products that have a battery, and prices per category differ enough for the analytics.
import type { Rng } from './prng';

export interface Category {
  readonly name: string;
  readonly nouns: readonly string[];
  readonly price: readonly [number, number]; // dollars
  readonly hasBattery: boolean;
  readonly specs: readonly ((rng: Rng) => [string, string])[];
}

const pickSpec = (name: string, values: readonly string[]) => (rng: Rng): [string, string] => [name, rng.pick(values)];
const COLORS = ['Black', 'White', 'Silver', 'Space Gray', 'Navy Blue', 'Forest Green', 'Rose Gold', 'Red'];
const color = pickSpec('Color', COLORS);
const warranty = pickSpec('Warranty', ['90 days', '1 year', '2 years', '3 years', 'Lifetime']);
const weight = (lo: number, hi: number) => (rng: Rng): [string, string] => ['Weight', `${(rng.int(lo * 10, hi * 10) / 10).toFixed(1)} lbs`];
const battery = (rng: Rng): [string, string] => ['Battery Life', `${rng.int(4, 60)} hours`];
// The original's sample gives devices a "Storage" spec; its dashboard charts the first number of
// it as GB (a "1 TB" would chart as 1, so the values stay in GB).
const storage = pickSpec('Storage', ['16 GB', '32 GB', '64 GB', '128 GB', '256 GB', '512 GB']);
const dims = (rng: Rng): [string, string] => ['Dimensions', `${rng.int(2, 30)} x ${rng.int(2, 20)} x ${rng.int(1, 10)} in`];

export const CATEGORIES: readonly Category[] = [
  {
    name: 'Electronics', price: [19, 1499], hasBattery: true,
    nouns: ['Wireless Headphones', 'Bluetooth Speaker', 'Smartwatch', 'Tablet', 'Laptop', 'Fitness Tracker', 'E-Reader', 'Power Bank', 'Noise-Cancelling Earbuds', 'Action Camera'],
    specs: [battery, color, weight(0.1, 6), warranty, pickSpec('Connectivity', ['Bluetooth 5.3', 'Wi-Fi 6', 'Wi-Fi 6E + Bluetooth', 'USB-C', 'NFC']), pickSpec('Screen Size', ['6.1"', '10.9"', '13.3"', '15.6"', 'None']), storage],
  },
  {
    name: 'Home & Kitchen', price: [9, 399], hasBattery: false,
    nouns: ['Coffee Maker', 'Blender', 'Air Fryer', 'Knife Set', 'Cast Iron Skillet', 'Stand Mixer', 'Electric Kettle', 'Food Storage Set'],
    specs: [color, weight(0.5, 25), warranty, dims, pickSpec('Material', ['Stainless Steel', 'Cast Iron', 'BPA-free Plastic', 'Glass & Bamboo', 'Ceramic']), pickSpec('Capacity', ['1 qt', '1.7 L', '5.5 qt', '12 cups', '24 oz'])],
  },
  {
    name: 'Sports & Outdoors', price: [12, 599], hasBattery: false,
    nouns: ['Yoga Mat', 'Camping Tent', 'Hiking Backpack', 'Water Bottle', 'Road Bike Helmet', 'Dumbbell Set', 'Sleeping Bag', 'Trekking Poles'],
    specs: [color, weight(0.2, 40), dims, pickSpec('Material', ['Ripstop Nylon', 'TPE Foam', 'Aluminum', 'Polyester', 'Carbon Fiber']), pickSpec('Water Resistance', ['None', 'Splash-proof', 'IPX4', 'Waterproof'])],
  },
  {
    name: 'Books', price: [5, 89], hasBattery: false,
    nouns: ['Cookbook', 'Mystery Novel', 'Field Guide', 'Programming Handbook', 'Biography', "Children's Picture Book", 'Travel Guide'],
    specs: [pickSpec('Format', ['Hardcover', 'Paperback', 'Spiral-bound']), pickSpec('Language', ['English', 'Spanish', 'English & French']), (rng) => ['Pages', String(rng.int(32, 900))], pickSpec('Publisher', ['Northwind Press', 'Blue Heron Books', 'Atlas & Finch', 'Cobalt House'])],
  },
  {
    name: 'Clothing', price: [8, 249], hasBattery: false,
    nouns: ['Rain Jacket', 'Running Shoes', 'Wool Sweater', 'Denim Jeans', 'Cotton T-Shirt', 'Fleece Hoodie', 'Winter Gloves'],
    specs: [color, pickSpec('Size', ['XS', 'S', 'M', 'L', 'XL', 'XXL', '8', '10', '32x32']), pickSpec('Material', ['100% Cotton', 'Merino Wool', 'Polyester/Spandex', 'Gore-Tex', 'Recycled Nylon']), pickSpec('Fit', ['Slim', 'Regular', 'Relaxed'])],
  },
  {
    name: 'Beauty & Personal Care', price: [4, 159], hasBattery: true,
    nouns: ['Electric Toothbrush', 'Hair Dryer', 'Moisturizer', 'Beard Trimmer', 'Sunscreen SPF 50', 'Facial Cleanser'],
    specs: [battery, pickSpec('Skin Type', ['All', 'Dry', 'Oily', 'Sensitive']), pickSpec('Volume', ['50 ml', '100 ml', '8 fl oz', 'N/A']), warranty],
  },
  {
    name: 'Toys & Games', price: [6, 199], hasBattery: true,
    nouns: ['Building Blocks Set', 'Board Game', 'Remote Control Car', 'Puzzle (1000 pcs)', 'Plush Bear', 'Science Kit'],
    specs: [battery, pickSpec('Age Range', ['3+', '6+', '8-12', '12+', 'Adult']), pickSpec('Players', ['1', '2-4', '2-6', '1+']), dims],
  },
  {
    name: 'Office Products', price: [3, 449], hasBattery: false,
    nouns: ['Ergonomic Chair', 'Standing Desk Converter', 'Fountain Pen', 'Label Printer', 'Notebook (3-pack)', 'Desk Lamp'],
    specs: [color, weight(0.1, 45), dims, warranty, pickSpec('Material', ['Mesh & Steel', 'Bamboo', 'Recycled Paper', 'Aluminum'])],
  },
];

const BRANDS = ['Aurora', 'Northwind', 'Zenith', 'Kestrel', 'Lumen', 'Sierra', 'Vortex', 'Maple & Co.', 'Orbit', 'Helix', 'Tidewater', 'Crestline'];
const ADJECTIVES = ['Pro', 'Max', 'Lite', 'Classic', 'Ultra', 'Essential', 'Plus', 'Mini', 'Elite', 'Eco'];

export interface Product {
  name: string;
  noun: string;
  category: Category;
  priceCents: number;
  description: string | null;
}

export function product(rng: Rng): Product {
  const category = rng.pick(CATEGORIES);
  const noun = rng.pick(category.nouns);
  const brand = rng.pick(BRANDS);
  const edition = rng.chance(0.6) ? rng.pick(ADJECTIVES) : null;
  const name = `${brand} ${noun}${edition ? ' ' + edition : ''}`;
  // Prices skew to the low end of the range, ending in .99 / .49 / .00 like real price lists.
  const [lo, hi] = category.price;
  const dollars = lo + Math.floor((hi - lo) * rng.next() ** 2);
  const priceCents = dollars * 100 + rng.pick([99, 99, 99, 49, 0, 95]);
  const description = rng.chance(0.08) ? null : rng.weighted<string>([
    [`The ${name} is a ${rng.pick(['reliable', 'versatile', 'best-selling', 'compact', 'premium'])} ${noun.toLowerCase()} for everyday use.`, 4],
    [`${noun} by ${brand}, built to last. Ships in recyclable packaging.`, 2],
    [`Our "${edition ?? 'Standard'}" edition, with a ${rng.int(1, 3)}-year warranty, free returns, and fast shipping.`, 1],
  ]);
  return { name, noun, category, priceCents, description };
}

/** 3-5 distinct specifications of a product of that category. */
export function specifications(rng: Rng, category: Category): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  const want = Math.min(category.specs.length, rng.int(3, 5));
  while (out.length < want) {
    const spec = rng.pick(category.specs)(rng);
    if (seen.has(spec[0])) continue;
    seen.add(spec[0]);
    out.push(spec);
  }
  return out;
}
