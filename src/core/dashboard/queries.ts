// SQL behind the dashboard: the KPIs and charts of the original Streamlit dashboard (its
// queries, with the fixes its comments name) and the charts this project adds. Written once
// with the step-SQL macros, so the same text renders for DuckDB (local) and Snowflake;
// everything outside `{{ }}` is SQL both accept. Column aliases are lower case and read
// case-insensitively (Snowflake upper-cases them). The product sections: product-queries.ts.
import type { Dialect } from '../sql/dialect';
import { PRODUCT_REVIEWS_QUERY, SPECIFICATION_QUERIES } from './product-queries';
import { labelNulls, NO_CATEGORY, runSection, type DashboardSource, type SectionQuery } from './section-query';

export * from './section-query';

export const KPI_QUERY: SectionQuery = {
  id: 'kpis',
  title: 'Key business metrics',
  group: 'sales',
  tables: ['ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE', 'GOLD_PRODUCT_PERFORMANCE'],
  // The original dashboard's definitions, kept as they are: revenue, orders and the average
  // order value come from the top-categories table (so they cover its five categories, and the
  // average is the plain mean of the category averages); products are the distinct products of
  // GOLD_PRODUCT_PERFORMANCE.
  sql: `SELECT (SELECT CAST(SUM(total_revenue) AS DOUBLE) FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) AS total_revenue,
       (SELECT SUM(total_orders) FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) AS total_orders,
       (SELECT CAST(AVG(avg_order_value) AS DOUBLE) FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE) AS avg_order_value,
       (SELECT COUNT(DISTINCT product_id) FROM GOLD_PRODUCT_PERFORMANCE) AS total_products`,
};

export const TOP_PREFERENCES_LIMIT = 10;

/** "Top customer preferences" as the original counts them: "type - value" over the bronze
 * preference rows, top 10. Two fixes: rows with a NULL type or value are left out (the original
 * counted them as one NULL bar), and ties are broken by the label so the ten bars are the same
 * on every run. Columns `preference`, `count`, the original's CSV header. */
export const TOP_PREFERENCES_QUERY: SectionQuery = {
  id: 'top-preferences',
  title: 'Top 10 customer preferences',
  group: 'preferences',
  tables: ['BRONZE_CUSTOMER_PREFERENCES'],
  sql: `SELECT preference_type || ' - ' || preference_value AS preference, COUNT(*) AS count
FROM BRONZE_CUSTOMER_PREFERENCES
WHERE preference_type IS NOT NULL AND preference_value IS NOT NULL
GROUP BY preference_type || ' - ' || preference_value
ORDER BY count DESC, preference
LIMIT ${TOP_PREFERENCES_LIMIT}`,
};

/** ANALYTICS_CUSTOMER_STATS' biggest spenders. Customers who never ordered have a NULL spend:
 * they are left out (the original, ordering DESC on Snowflake, listed them first). */
function biggestSpendersSql(limit: number): string {
  return `SELECT customer_id, first_name || ' ' || last_name AS customer, CAST(total_spend AS DOUBLE) AS total_spend,
       order_count, CAST(avg_order_value AS DOUBLE) AS avg_order_value
FROM ANALYTICS_CUSTOMER_STATS WHERE total_spend IS NOT NULL ORDER BY total_spend DESC, customer_id LIMIT ${limit}`;
}

/** The original sections, in its page order, then the project's additions. */
export const CHART_QUERIES: readonly SectionQuery[] = [
  {
    id: 'top-categories',
    title: 'Top categories by revenue',
    group: 'sales',
    tables: ['ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE'],
    sql: `SELECT category, CAST(total_revenue AS DOUBLE) AS total_revenue
FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE ORDER BY total_revenue DESC NULLS LAST, category LIMIT 10`,
    transform: labelNulls('category', NO_CATEGORY),
  },
  {
    id: 'order-status',
    title: 'Order status distribution',
    group: 'sales',
    tables: ['ANALYTICS_ORDER_STATUS_COUNTS'],
    sql: `SELECT status, CAST(SUM(count) AS BIGINT) AS orders
FROM ANALYTICS_ORDER_STATUS_COUNTS GROUP BY status ORDER BY orders DESC, status`,
  },
  {
    id: 'customer-spending',
    title: 'Customer spending analysis',
    group: 'customers',
    tables: ['ANALYTICS_CUSTOMER_STATS'],
    // The original's 100 biggest spenders, one point each: order count against spend.
    sql: biggestSpendersSql(100),
  },
  {
    id: 'state-category-treemap',
    title: 'State-wise category analysis',
    group: 'customers',
    tables: ['ANALYTICS_STATE_CATEGORY_ANALYSIS'],
    sql: `SELECT state, category, CAST(total_revenue AS DOUBLE) AS total_revenue
FROM ANALYTICS_STATE_CATEGORY_ANALYSIS
WHERE state IS NOT NULL AND category IS NOT NULL AND total_revenue > 0
ORDER BY total_revenue DESC, state, category LIMIT 20`,
  },
  PRODUCT_REVIEWS_QUERY,
  ...SPECIFICATION_QUERIES,
  TOP_PREFERENCES_QUERY,
  // The project's additions.
  {
    id: 'revenue-by-category',
    title: 'Revenue by category (every category, from gold)',
    group: 'more',
    tables: ['GOLD_PRODUCT_PERFORMANCE'],
    sql: `SELECT category, CAST(SUM(total_sales) AS DOUBLE) AS revenue, CAST(SUM(total_orders) AS BIGINT) AS orders
FROM GOLD_PRODUCT_PERFORMANCE GROUP BY category ORDER BY revenue DESC, category`,
    transform: labelNulls('category', NO_CATEGORY),
  },
  {
    id: 'top-customers',
    title: 'Top customers by spend',
    group: 'more',
    tables: ['ANALYTICS_CUSTOMER_STATS'],
    sql: biggestSpendersSql(10),
  },
  {
    id: 'spend-by-state',
    title: 'Customer spend by state',
    group: 'more',
    tables: ['GOLD_CUSTOMER_INSIGHTS'],
    sql: `SELECT state, CAST(SUM(total_spent) AS DOUBLE) AS total_spent, COUNT(*) AS customers
FROM GOLD_CUSTOMER_INSIGHTS WHERE state IS NOT NULL AND total_orders > 0
GROUP BY state ORDER BY total_spent DESC, state`,
  },
  {
    id: 'review-ratings',
    title: 'Review ratings',
    group: 'more',
    tables: ['SILVER_PRODUCT_REVIEWS'],
    sql: `SELECT CAST(rating AS DOUBLE) AS rating, COUNT(*) AS reviews
FROM SILVER_PRODUCT_REVIEWS WHERE rating IS NOT NULL GROUP BY rating ORDER BY rating`,
  },
  {
    id: 'sentiment',
    title: 'Review sentiment',
    group: 'more',
    tables: ['SILVER_PRODUCT_REVIEWS'],
    sql: `SELECT COALESCE(sentiment_score, 'Unknown') AS sentiment, COUNT(*) AS reviews
FROM SILVER_PRODUCT_REVIEWS GROUP BY COALESCE(sentiment_score, 'Unknown') ORDER BY reviews DESC, sentiment`,
  },
  {
    id: 'monthly-sales',
    title: 'Monthly sales',
    group: 'more',
    tables: ['ANALYTICS_MONTHLY_REVENUE'],
    sql: `SELECT order_month, CAST(monthly_revenue AS DOUBLE) AS revenue FROM ANALYTICS_MONTHLY_REVENUE ORDER BY order_month`,
  },
  {
    id: 'state-category',
    title: 'Top states per category (revenue)',
    group: 'more',
    tables: ['ANALYTICS_STATE_CATEGORY_ANALYSIS'],
    sql: `SELECT state, category, CAST(total_revenue AS DOUBLE) AS revenue, order_count
FROM ANALYTICS_STATE_CATEGORY_ANALYSIS ORDER BY category, revenue DESC, state`,
    transform: labelNulls('category', NO_CATEGORY),
  },
];

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export interface KpiValues {
  readonly totalRevenue: number;
  readonly totalOrders: number;
  readonly averageOrderValue: number;
  readonly totalProducts: number;
}

const cents = (v: unknown): number => Math.round(num(v) * 100) / 100;

/** The KPI query's one row as the four figures (NULL sums of empty tables show as zero). */
export function kpisFromRow(r: Record<string, unknown>): KpiValues {
  return {
    totalRevenue: cents(r.total_revenue),
    totalOrders: num(r.total_orders),
    averageOrderValue: cents(r.avg_order_value),
    totalProducts: num(r.total_products),
  };
}

export async function readKpis(src: DashboardSource, dialect: Dialect = 'duckdb'): Promise<KpiValues> {
  return kpisFromRow((await runSection(src, KPI_QUERY, dialect))[0]);
}
