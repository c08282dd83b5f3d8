// SQL behind the dashboard sections, the sections of the original Streamlit dashboard: KPIs,
// revenue by category, order status, customer insights, product performance, state x category,
// and the "top customer preferences" chart. Written once with the step-SQL macros, so the same
// text renders for DuckDB (local) and Snowflake; everything outside `{{ }}` is SQL both accept.
// Column aliases are lower case and read case-insensitively (Snowflake upper-cases them).
import { renderSql, type Dialect } from '../sql/dialect';

/** The part of a warehouse the dashboard needs; LocalWarehouse fits it, a Snowflake session can. */
export interface DashboardSource {
  query(sql: string): Promise<Record<string, unknown>[]>;
  tableExists(name: string): Promise<boolean>;
}

export interface SectionQuery {
  readonly id: string;
  readonly title: string;
  /** Tables read; a section whose tables are missing is left out (and reported). */
  readonly tables: readonly string[];
  readonly sql: string;
}

export const KPI_QUERY: SectionQuery = {
  id: 'kpis',
  title: 'Key figures',
  tables: ['SILVER_ORDERS', 'SILVER_PRODUCTS'],
  // Revenue is the sum of order totals (one row per order in silver); products are the catalog.
  sql: `SELECT CAST(COALESCE(SUM(total_amount), 0) AS DOUBLE) AS total_revenue,
       COUNT(*) AS total_orders,
       (SELECT COUNT(*) FROM SILVER_PRODUCTS) AS total_products
FROM SILVER_ORDERS`,
};

export const TOP_PREFERENCES_LIMIT = 10;

/** "Top customer preferences": preference type – value pairs by number of customers, top 10.
 * Ties are broken by type and value so the ten bars are the same on every run. */
export const TOP_PREFERENCES_QUERY: SectionQuery = {
  id: 'top-preferences',
  title: 'Top customer preferences',
  tables: ['SILVER_CUSTOMERS'],
  sql: `SELECT pref_type, pref_value, pref_type || ' - ' || pref_value AS preference, COUNT(*) AS customers
FROM (
  SELECT {{ field(f.value, 'TYPE', 'VARCHAR') }} AS pref_type,
         {{ field(f.value, 'VALUE', 'VARCHAR') }} AS pref_value
  FROM SILVER_CUSTOMERS AS c, {{ flatten(c.preferences) }} AS f
) AS p
WHERE pref_type IS NOT NULL AND pref_value IS NOT NULL
GROUP BY pref_type, pref_value
ORDER BY customers DESC, pref_type, pref_value
LIMIT ${TOP_PREFERENCES_LIMIT}`,
};

export const CHART_QUERIES: readonly SectionQuery[] = [
  {
    id: 'revenue-by-category',
    title: 'Revenue by category',
    tables: ['GOLD_PRODUCT_PERFORMANCE'],
    sql: `SELECT category, CAST(SUM(total_sales) AS DOUBLE) AS revenue, CAST(SUM(total_orders) AS BIGINT) AS orders
FROM GOLD_PRODUCT_PERFORMANCE GROUP BY category ORDER BY revenue DESC, category`,
  },
  {
    id: 'order-status',
    title: 'Order status distribution',
    tables: ['ANALYTICS_ORDER_STATUS_COUNTS'],
    sql: `SELECT status, CAST(SUM(count) AS BIGINT) AS orders
FROM ANALYTICS_ORDER_STATUS_COUNTS GROUP BY status ORDER BY orders DESC, status`,
  },
  {
    id: 'top-customers',
    title: 'Top customers by spend',
    tables: ['ANALYTICS_CUSTOMER_STATS'],
    sql: `SELECT customer_id, first_name || ' ' || last_name AS customer, CAST(total_spend AS DOUBLE) AS total_spend,
       order_count, CAST(avg_order_value AS DOUBLE) AS avg_order_value
FROM ANALYTICS_CUSTOMER_STATS ORDER BY total_spend DESC, customer_id LIMIT 10`,
  },
  {
    id: 'spend-by-state',
    title: 'Customer spend by state',
    tables: ['GOLD_CUSTOMER_INSIGHTS'],
    sql: `SELECT state, CAST(SUM(total_spent) AS DOUBLE) AS total_spent, COUNT(*) AS customers
FROM GOLD_CUSTOMER_INSIGHTS WHERE state IS NOT NULL AND total_orders > 0
GROUP BY state ORDER BY total_spent DESC, state`,
  },
  {
    id: 'review-ratings',
    title: 'Review ratings',
    tables: ['SILVER_PRODUCT_REVIEWS'],
    sql: `SELECT CAST(rating AS DOUBLE) AS rating, COUNT(*) AS reviews
FROM SILVER_PRODUCT_REVIEWS WHERE rating IS NOT NULL GROUP BY rating ORDER BY rating`,
  },
  {
    id: 'sentiment',
    title: 'Review sentiment',
    tables: ['SILVER_PRODUCT_REVIEWS'],
    sql: `SELECT COALESCE(sentiment_score, 'Unknown') AS sentiment, COUNT(*) AS reviews
FROM SILVER_PRODUCT_REVIEWS GROUP BY COALESCE(sentiment_score, 'Unknown') ORDER BY reviews DESC, sentiment`,
  },
  {
    id: 'monthly-sales',
    title: 'Monthly sales',
    tables: ['ANALYTICS_MONTHLY_REVENUE'],
    sql: `SELECT order_month, CAST(monthly_revenue AS DOUBLE) AS revenue FROM ANALYTICS_MONTHLY_REVENUE ORDER BY order_month`,
  },
  {
    id: 'state-category',
    title: 'Top states per category (revenue)',
    tables: ['ANALYTICS_STATE_CATEGORY_ANALYSIS'],
    sql: `SELECT state, category, CAST(total_revenue AS DOUBLE) AS revenue, order_count
FROM ANALYTICS_STATE_CATEGORY_ANALYSIS ORDER BY category, revenue DESC, state`,
  },
  TOP_PREFERENCES_QUERY,
];

export function renderSectionSql(q: SectionQuery, dialect: Dialect): string {
  // The dashboard uses no sentiment macro; the thresholds are required by the renderer only.
  return renderSql(q.sql, `dashboard:${q.id}`, { dialect, sentiment: { positive: 0.5, negative: -0.5 } });
}

/** Rows with lower-case keys, numbers as numbers (Snowflake and DuckDB differ on both). */
export function normalizeRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      out[k.toLowerCase()] = typeof v === 'bigint' ? Number(v) : v;
    }
    return out;
  });
}

export async function missingTables(src: DashboardSource, q: SectionQuery): Promise<string[]> {
  const out: string[] = [];
  for (const t of q.tables) if (!(await src.tableExists(t))) out.push(t);
  return out;
}

export async function runSection(src: DashboardSource, q: SectionQuery, dialect: Dialect = 'duckdb'): Promise<Record<string, unknown>[]> {
  return normalizeRows(await src.query(renderSectionSql(q, dialect)));
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export interface KpiValues {
  readonly totalRevenue: number;
  readonly totalOrders: number;
  readonly averageOrderValue: number;
  readonly totalProducts: number;
}

export async function readKpis(src: DashboardSource, dialect: Dialect = 'duckdb'): Promise<KpiValues> {
  const [r] = await runSection(src, KPI_QUERY, dialect);
  const totalRevenue = Math.round(num(r.total_revenue) * 100) / 100;
  const totalOrders = num(r.total_orders);
  return {
    totalRevenue,
    totalOrders,
    averageOrderValue: totalOrders ? Math.round((totalRevenue / totalOrders) * 100) / 100 : 0,
    totalProducts: num(r.total_products),
  };
}
