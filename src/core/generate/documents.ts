// The three document sources: product_reviews.json (one JSON array), customer_preferences.xml
// (a sequence of <customer> elements with NO single root, as the original exports are) and
// product_specifications.xml (<product_specifications> root).
import { CATEGORIES, specifications } from './catalog';
import { dataSetIds } from './ids';
import type { ProductFacts } from './mysql-tables';
import { PAYMENT_METHODS } from './mysql-tables';
import { Rng } from './prng';
import { aspectRating, ratingFor, reviewText, type Mood } from './review-text';
import type { Sizes } from './sizes';
import { dateText, END_2024, sec } from './time';
import { xmlText, type FileWriter } from './writer';

export const ASPECT_NAMES = ['Quality', 'Battery Life', 'Value for Money', 'Design', 'Ease of Use'] as const;

const MOODS: [Mood, number][] = [['positive', 55], ['neutral', 20], ['negative', 25]];

/** Share of reviews whose title says the opposite of the body, as in the original's sample
 *  ("Fantastic quality" over "Disappointed with the performance."). */
const CONTRADICTING_TITLE_SHARE = 0.15;
const OPPOSITE: Record<Mood, readonly Mood[]> = { positive: ['negative'], negative: ['positive'], neutral: ['positive', 'negative'] };

/** Ratings keep one decimal ("rating": 4.0, 4.7), as the original files have them. */
const num1 = (r: number): string => r.toFixed(1);

export async function writeReviews(out: FileWriter, seed: number | string, sizes: Sizes, products: ProductFacts): Promise<void> {
  const rng = new Rng(seed, 'reviews');
  const ids = dataSetIds(sizes);
  const reviewId = ids.review, productId = ids.product, customerId = ids.customer;
  const from = sec(2023, 4, 1);
  await out.write('[');
  for (let i = 1; i <= sizes.reviews; i++) {
    const prod = Math.floor(sizes.products * rng.next() ** 1.5) + 1; // popular products get more reviews
    const mood = rng.weighted(MOODS);
    const rating = ratingFor(rng, mood);
    const titleMood = rng.chance(CONTRADICTING_TITLE_SHARE) ? rng.pick(OPPOSITE[mood]) : mood;
    const { title, content } = reviewText(rng, mood, titleMood, products.noun[prod - 1]);
    const names = ASPECT_NAMES.filter((a) => a !== 'Battery Life' || CATEGORIES[products.category[prod - 1]].hasBattery);
    const aspects: string[] = [];
    const used = new Set<string>();
    for (let k = rng.int(1, 3); k > 0; k--) {
      const name = rng.pick(names);
      if (used.has(name)) continue;
      used.add(name);
      aspects.push(`{"name": ${JSON.stringify(name)}, "rating": ${num1(aspectRating(rng, rating))}}`);
    }
    const fields = [
      `"review_id": ${JSON.stringify(reviewId(i))}`,
      `"product_id": ${JSON.stringify(productId(prod))}`,
      `"customer_id": ${JSON.stringify(customerId(rng.int(1, sizes.customers)))}`,
      `"rating": ${num1(rating)}`,
      `"title": ${JSON.stringify(title)}`,
      `"content": ${JSON.stringify(content)}`,
      `"date": "${dateText(from + Math.floor(rng.next() * (END_2024 - from)))}"`,
      `"verified_purchase": ${rng.chance(0.7)}`,
      `"helpful_votes": ${Math.floor(51 * rng.next() ** 3)}`,
      `"aspects": [${aspects.join(', ')}]`,
    ];
    await out.write(`${i > 1 ? ',' : ''}\n  {\n    ${fields.join(',\n    ')}\n  }`);
    out.rows++;
  }
  await out.write('\n]\n');
}

const BRANDS = ['Aurora', 'Northwind', 'Zenith', 'Kestrel', 'Lumen', 'Sierra', 'Orbit', 'Maple & Co.'];
const PREFERENCES: [string, (rng: Rng) => string][] = [
  ['Preferred Category', (rng) => rng.pick(CATEGORIES).name],
  ['Communication Channel', (rng) => rng.pick(['Email', 'SMS', 'Push Notification', 'Phone', 'Mail'])],
  ['Newsletter', (rng) => rng.pick(['Subscribed', 'Unsubscribed'])],
  ['Preferred Payment', (rng) => rng.pick(PAYMENT_METHODS)],
  ['Shopping Frequency', (rng) => rng.pick(['Weekly', 'Monthly', 'Quarterly', 'Occasionally'])],
  ['Price Range', (rng) => rng.pick(['Budget (< $50)', 'Mid-range ($50-$200)', 'Premium (> $200)'])],
  ['Favorite Brand', (rng) => rng.pick(BRANDS)],
];

/** One <customer> element with 2-4 distinct preferences. */
function preferencesElement(rng: Rng, customerId: string, out: FileWriter): string {
  const picked = new Set<number>();
  const want = rng.int(2, 4);
  while (picked.size < want) picked.add(rng.int(0, PREFERENCES.length - 1));
  let xml = `<customer>\n  <customer_id>${customerId}</customer_id>\n`;
  for (const k of picked) {
    const [type, value] = PREFERENCES[k];
    xml += `  <preference>\n    <type>${xmlText(type)}</type>\n    <value>${xmlText(value(rng))}</value>\n  </preference>\n`;
    out.nested++;
  }
  out.rows++;
  return xml + '</customer>\n';
}

export async function writePreferences(out: FileWriter, seed: number | string, sizes: Sizes): Promise<void> {
  const rng = new Rng(seed, 'preferences');
  const customerId = dataSetIds(sizes).customer;
  // The unknown customers (ids past the customer file) are spread through the file, one
  // after every `every` listed customers, the way a stale export mixes them in.
  const every = Math.floor(sizes.customers / (sizes.unknownCustomers + 1));
  let unknown = 0;
  await out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  for (let i = 1; i <= sizes.customers; i++) {
    // Not every customer has set preferences.
    if (!rng.chance(0.1)) await out.write(preferencesElement(rng, customerId(i), out));
    if (i % every === 0 && unknown < sizes.unknownCustomers) {
      unknown++;
      await out.write(preferencesElement(rng, customerId(sizes.customers + unknown), out));
    }
  }
}

export async function writeSpecifications(out: FileWriter, seed: number | string, sizes: Sizes, products: ProductFacts): Promise<void> {
  const rng = new Rng(seed, 'specifications');
  const productId = dataSetIds(sizes).product;
  await out.write('<?xml version="1.0" encoding="UTF-8"?>\n<product_specifications>\n');
  for (let i = 1; i <= sizes.products; i++) {
    let xml = `  <product>\n    <product_id>${productId(i)}</product_id>\n`;
    for (const [name, value] of specifications(rng, CATEGORIES[products.category[i - 1]])) {
      xml += `    <specification>\n      <name>${xmlText(name)}</name>\n      <value>${xmlText(value)}</value>\n    </specification>\n`;
      out.nested++;
    }
    out.rows++;
    await out.write(xml + '  </product>\n');
  }
  await out.write('</product_specifications>\n');
}
