// The three gold tables, from the original's silver_to_gold_transformation (transformations.py)
// and issue 14 §1 (items 5, 7, 8), in plain TypeScript.
import type { Inputs, Item, Pair } from './inputs';
import { groupBy, keyPart, roundDiv, sum, type OracleTable, type Row } from './table';

/** One row per customer, as the original's customers LEFT JOIN orders grouped by customer. */
export function goldCustomerInsights(d: Inputs): OracleTable {
  const ordersOf = groupBy([...d.orders.values()], (o) => keyPart(o.customerId));
  const rows: Row[] = [...d.customers.values()].map((c) => {
    const orders = ordersOf.get(keyPart(c.id)) ?? [];
    const amounts = orders.map((o) => o.totalCents).filter((x): x is number => x !== null);
    const spent = sum(amounts);
    const dates = orders.map((o) => o.orderDate).filter((x): x is string => x !== null).sort();
    return {
      customer_id: c.id,
      // The customer's state. The original reads it through the orders (its silver customers
      // have no state column), which is the same state; the contract gives SILVER_CUSTOMERS a
      // state, so a customer without orders keeps theirs.
      state: c.state,
      // COUNT of the joined order ids: 0 without orders; the sums and averages are NULL (§1.7).
      total_orders: orders.length,
      total_spent: spent,
      avg_order_value: spent === null ? null : roundDiv(spent, amounts.length),
      // §1.8: the order date keeps its time of day, so the last order is a timestamp.
      last_order_date: dates.at(-1) ?? null,
      last_updated: 'now',
    };
  });
  return {
    name: 'GOLD_CUSTOMER_INSIGHTS', key: ['customer_id'], rows,
    columns: { customer_id: 'text', state: 'text', total_orders: 'int', total_spent: 'money', avg_order_value: 'money', last_order_date: 'time', last_updated: 'present' },
  };
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null);

/**
 * One row per reviewed product. Aspect averages follow the original's pivot: per review the
 * highest rating given to that aspect, then the mean over the reviews that rate it. Every review
 * counts in the other columns, also one without aspects (the original's EXPLODE drops it; README
 * "Differences from the original" keeps it on purpose).
 */
export function goldProductReviewsAnalytics(d: Inputs): OracleTable {
  const rows: Row[] = [];
  for (const [, reviews] of groupBy(d.reviews, (r) => keyPart(r.productId))) {
    const aspect = (name: string) => mean(reviews.flatMap((r) => {
      const given = r.aspects.filter((a) => a.name === name).map((a) => a.ratingTenths);
      return given.length ? [Math.max(...given) / 10] : [];
    }));
    rows.push({
      product_id: reviews[0].productId,
      avg_rating: mean(reviews.filter((r) => r.ratingTenths !== null).map((r) => r.ratingTenths! / 10)),
      total_reviews: reviews.length,
      verified_reviews: reviews.filter((r) => r.verified === true).length,
      avg_battery_rating: aspect('Battery Life'),
      avg_quality_rating: aspect('Quality'),
      avg_value_rating: aspect('Value for Money'),
      positive_reviews: reviews.filter((r) => r.sentiment === 'Positive').length,
      negative_reviews: reviews.filter((r) => r.sentiment === 'Negative').length,
      last_updated: 'now',
    });
  }
  return {
    name: 'GOLD_PRODUCT_REVIEWS_ANALYTICS', key: ['product_id'], rows,
    columns: {
      product_id: 'text', avg_rating: 'double', total_reviews: 'int', verified_reviews: 'int', avg_battery_rating: 'double',
      avg_quality_rating: 'double', avg_value_rating: 'double', positive_reviews: 'int', negative_reviews: 'int', last_updated: 'present',
    },
  };
}

/** 'YYYY-MM-01' of a timestamp: DATE_TRUNC('month', order_date) as a DATE. */
const monthStart = (ts: string | null): string | null => (ts === null ? null : `${ts.slice(0, 7)}-01`);

/**
 * Monthly sales per product: the original's order items LEFT JOIN orders grouped by product and
 * month, then every listed product LEFT JOIN those (§1.5): a product without sales has one row
 * with no month and no figures; items of unlisted products have no product row to join to.
 */
export function goldProductPerformance(d: Inputs): OracleTable {
  const salesOf = groupBy(d.items, (i) => i.productId);
  const rows: Row[] = [];
  for (const p of d.products.values()) {
    const base = { product_id: p.id, product_name: p.name, category: p.category, specifications: (d.specifications.get(p.id) ?? null) as Pair[] | null };
    const items = salesOf.get(p.id) ?? [];
    if (!items.length) {
      rows.push({ ...base, order_month: null, total_sales: null, total_orders: null, avg_price: null });
      continue;
    }
    const byMonth = groupBy(items, (i: Item) => keyPart(monthStart(d.orders.get(i.orderId)?.orderDate ?? null)));
    for (const [, lines] of byMonth) {
      const prices = lines.map((i) => i.unitCents).filter((x): x is number => x !== null);
      rows.push({
        ...base,
        order_month: monthStart(d.orders.get(lines[0].orderId)?.orderDate ?? null),
        total_sales: sum(lines.map((i) => (i.quantity === null || i.unitCents === null ? null : i.quantity * i.unitCents))),
        // COUNT(order_id) of the lines; (order_id, product_id) is the key, so also the distinct orders.
        total_orders: lines.length,
        avg_price: prices.length ? roundDiv(sum(prices)!, prices.length) : null,
      });
    }
  }
  return {
    name: 'GOLD_PRODUCT_PERFORMANCE', key: ['product_id', 'order_month'], rows,
    columns: { product_id: 'text', product_name: 'text', category: 'text', order_month: 'time', total_sales: 'money', total_orders: 'int', avg_price: 'money', specifications: 'pairs' },
  };
}
