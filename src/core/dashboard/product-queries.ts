// The original dashboard's product sections: the top-selling products table, the product
// reviews analysis (positive vs negative reviews per product, and each product's
// specifications) and the battery-life and storage charts from SILVER_PRODUCTS.
import type { ProductReviewRow, ProductSpec, TopProductRow } from '../../shared/webview-protocol';
import { labelProducts, type SectionQuery } from './section-query';

export const TOP_PRODUCTS_QUERY: SectionQuery = {
  id: 'top-products',
  title: 'Top selling products',
  group: 'products',
  tables: ['ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE'],
  sql: `SELECT product_id, product_name, category, total_orders, total_quantity_sold, CAST(total_revenue AS DOUBLE) AS total_revenue
FROM ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE ORDER BY total_revenue DESC NULLS LAST, product_id LIMIT 10`,
  transform: labelProducts,
};

/** The ten most reviewed products with their names and specifications. The original ordered by
 * total_reviews only, so ties came back in any order; the product id breaks them here. NULLS
 * LAST spelled out: Snowflake sorts NULL first in DESC order, DuckDB last. */
export const PRODUCT_REVIEWS_QUERY: SectionQuery = {
  id: 'product-reviews',
  title: 'Product reviews distribution',
  group: 'products',
  tables: ['GOLD_PRODUCT_REVIEWS_ANALYTICS', 'SILVER_PRODUCTS'],
  sql: `SELECT pa.product_id, p.product_name, p.specifications, CAST(pa.avg_rating AS DOUBLE) AS avg_rating,
       pa.total_reviews, pa.positive_reviews, pa.negative_reviews
FROM GOLD_PRODUCT_REVIEWS_ANALYTICS AS pa
LEFT JOIN SILVER_PRODUCTS AS p ON pa.product_id = p.product_id
ORDER BY pa.total_reviews DESC NULLS LAST, pa.product_id LIMIT 10`,
  transform: labelProducts,
};

/** The first number of a specification value ("10 hours" -> 10, "7.5 hours" -> 7.5), or null.
 * The original took the first run of digits, so "7.5 hours" became 7: decimals are kept here. */
export function firstNumber(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /\d+(?:\.\d+)?/.exec(value);
  return m ? Number(m[0]) : null;
}

/** A specification chart: one bar per product with a number in its `name` specification,
 * highest first. Rows of the SQL are (product, value) pairs; a product with the spec twice keeps
 * its highest number (the original's MAX over the value text). */
function specificationQuery(id: string, title: string, specName: string, valueField: string): SectionQuery {
  return {
    id, title, group: 'specifications',
    tables: ['SILVER_PRODUCTS'],
    // Names compared case-insensitively, as the original's ILIKE did.
    sql: `SELECT p.product_id, p.product_name, {{ field(s.value, 'VALUE', 'VARCHAR') }} AS spec_value
FROM SILVER_PRODUCTS AS p, {{ flatten(p.specifications) }} AS s
WHERE LOWER({{ field(s.value, 'NAME', 'VARCHAR') }}) = '${specName}'
ORDER BY p.product_id`,
    transform: (rows) => {
      const best = new Map<string, Record<string, unknown>>();
      for (const r of rows) {
        const n = firstNumber(r.spec_value);
        if (n === null) continue;
        const key = String(r.product_id);
        const prev = best.get(key);
        if (!prev || n > (prev[valueField] as number)) best.set(key, { product_id: r.product_id, product_name: r.product_name, spec_value: r.spec_value, [valueField]: n });
      }
      const sorted = [...best.values()].sort((a, b) => (b[valueField] as number) - (a[valueField] as number) || String(a.product_id).localeCompare(String(b.product_id)));
      return labelProducts(sorted);
    },
  };
}

export const SPECIFICATION_QUERIES: readonly SectionQuery[] = [
  specificationQuery('battery-life', 'Battery life by product', 'battery life', 'battery_life_hours'),
  specificationQuery('storage', 'Storage capacity by product', 'storage', 'storage_gb'),
];

/** SILVER_PRODUCTS.specifications as {name, value} pairs: DuckDB gives a list of structs,
 * Snowflake an ARRAY as JSON text; keys may be upper or lower case. Anything else: no specs. */
export function parseSpecifications(raw: unknown): ProductSpec[] {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  const out: ProductSpec[] = [];
  for (const item of v) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const name = o.NAME ?? o.name;
    const value = o.VALUE ?? o.value;
    if (name === null || name === undefined) continue;
    out.push({ name: String(name), value: value === null || value === undefined ? '' : String(value) });
  }
  return out;
}

const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export function toTopProducts(rows: readonly Record<string, unknown>[]): TopProductRow[] {
  return rows.map((r) => ({
    productId: String(r.product_id ?? ''), product: String(r.product), category: r.category === null || r.category === undefined ? null : String(r.category),
    totalOrders: n(r.total_orders), totalQuantitySold: n(r.total_quantity_sold), totalRevenue: n(r.total_revenue),
  }));
}

export function toProductReviews(rows: readonly Record<string, unknown>[]): ProductReviewRow[] {
  return rows.map((r) => ({
    productId: String(r.product_id ?? ''), product: String(r.product),
    avgRating: r.avg_rating === null || r.avg_rating === undefined ? null : n(r.avg_rating),
    totalReviews: n(r.total_reviews), positiveReviews: n(r.positive_reviews), negativeReviews: n(r.negative_reviews),
    specifications: parseSpecifications(r.specifications),
  }));
}
