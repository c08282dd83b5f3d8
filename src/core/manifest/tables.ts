// The table catalog: every table of the pipeline contract (../shared/contract.md) with its
// columns and logical types. Loaders, step SQL, the tree view and the language server read
// names and columns from here instead of spelling them again.

export type Layer = 'BRONZE' | 'SILVER' | 'GOLD' | 'ANALYTICS' | 'QUALITY' | 'OPS';

/** Logical column types; each dialect maps them (see sql/dialect). */
export type ColumnType =
  | 'VARCHAR'
  | 'INTEGER'
  | 'BIGINT'
  | 'DECIMAL(10,2)'
  | 'DECIMAL(18,2)' // sums and averages of money: wider than a single amount
  | 'DECIMAL(3,1)'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIMESTAMP'
  | 'VARIANT'; // semi-structured: JSON on DuckDB, VARIANT/ARRAY/OBJECT on Snowflake

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable?: boolean;
  readonly description?: string;
}

export interface TableDef {
  readonly name: string;
  readonly layer: Layer;
  readonly kind: 'table' | 'iceberg';
  readonly columns: readonly ColumnDef[];
  /** Columns that identify a row (used by loaders for duplicate detection and by quality checks). */
  readonly key?: readonly string[];
  readonly description: string;
}

const c = (name: string, type: ColumnType, nullable = true): ColumnDef => ({ name, type, nullable });

const customerCols = [
  c('customer_id', 'VARCHAR', false), c('first_name', 'VARCHAR'), c('last_name', 'VARCHAR'),
  c('email', 'VARCHAR'), c('phone', 'VARCHAR'), c('address', 'VARCHAR'),
  c('created_date', 'TIMESTAMP'), c('last_updated', 'TIMESTAMP'),
];
const productCols = [
  c('product_id', 'VARCHAR', false), c('product_name', 'VARCHAR'), c('category', 'VARCHAR'),
  c('price', 'DECIMAL(10,2)'), c('description', 'VARCHAR'),
  c('created_date', 'TIMESTAMP'), c('last_updated', 'TIMESTAMP'),
];
const orderCols = [
  c('order_id', 'VARCHAR', false), c('customer_id', 'VARCHAR'), c('order_date', 'TIMESTAMP'), // time of day kept, as the original's TIMESTAMP
  c('total_amount', 'DECIMAL(10,2)'), c('status', 'VARCHAR'), c('payment_method', 'VARCHAR'),
  c('created_date', 'TIMESTAMP'), c('last_updated', 'TIMESTAMP'),
];
const inventoryCols = [
  c('inventory_id', 'VARCHAR', false), c('product_id', 'VARCHAR'), c('quantity', 'INTEGER'),
  c('warehouse_id', 'VARCHAR'), c('last_updated', 'TIMESTAMP'),
];
const orderItemCols = [
  c('order_id', 'VARCHAR', false), c('product_id', 'VARCHAR', false), c('quantity', 'INTEGER'),
  c('unit_price', 'DECIMAL(10,2)'), c('created_date', 'TIMESTAMP'), c('last_updated', 'TIMESTAMP'),
];
const reviewCols = [
  c('review_id', 'VARCHAR', false), c('product_id', 'VARCHAR'), c('customer_id', 'VARCHAR'),
  c('rating', 'DECIMAL(3,1)'), c('title', 'VARCHAR'), c('content', 'VARCHAR'),
  c('review_date', 'DATE'), c('verified_purchase', 'BOOLEAN'), c('helpful_votes', 'INTEGER'),
  c('aspects', 'VARIANT'),
];

export const TABLES: readonly TableDef[] = [
  // Bronze: raw copies of the sources.
  { name: 'BRONZE_CUSTOMERS', layer: 'BRONZE', kind: 'table', columns: customerCols, key: ['customer_id'], description: 'retail_db.customers, as loaded' },
  { name: 'BRONZE_PRODUCTS', layer: 'BRONZE', kind: 'table', columns: productCols, key: ['product_id'], description: 'retail_db.products, as loaded' },
  { name: 'BRONZE_ORDERS', layer: 'BRONZE', kind: 'table', columns: orderCols, key: ['order_id'], description: 'retail_db.orders, as loaded' },
  { name: 'BRONZE_INVENTORY', layer: 'BRONZE', kind: 'table', columns: inventoryCols, key: ['inventory_id'], description: 'retail_db.inventory, as loaded' },
  { name: 'BRONZE_ORDER_ITEMS', layer: 'BRONZE', kind: 'table', columns: orderItemCols, key: ['order_id', 'product_id'], description: 'retail_db.order_items, as loaded' },
  { name: 'BRONZE_PRODUCT_REVIEWS', layer: 'BRONZE', kind: 'table', columns: reviewCols, key: ['review_id'], description: 'product_reviews.json, one row per review' },
  {
    name: 'BRONZE_CUSTOMER_PREFERENCES', layer: 'BRONZE', kind: 'table', description: 'customer_preferences.xml, one row per preference',
    columns: [c('customer_id', 'VARCHAR', false), c('source_file', 'VARCHAR'), c('last_updated', 'TIMESTAMP'), c('preference_type', 'VARCHAR'), c('preference_value', 'VARCHAR')],
  },
  {
    name: 'BRONZE_PRODUCT_SPECIFICATIONS', layer: 'BRONZE', kind: 'table', description: 'product_specifications.xml, one row per specification',
    columns: [c('product_id', 'VARCHAR', false), c('source_file', 'VARCHAR'), c('last_updated', 'TIMESTAMP'), c('spec_name', 'VARCHAR'), c('spec_value', 'VARCHAR')],
  },
  // Silver: cleaned and enriched.
  { name: 'SILVER_CUSTOMERS', layer: 'SILVER', kind: 'table', key: ['customer_id'], description: 'customers + preferences [{TYPE, VALUE}] + state (AI)', columns: [...customerCols, c('preferences', 'VARIANT'), c('state', 'VARCHAR')] },
  { name: 'SILVER_PRODUCTS', layer: 'SILVER', kind: 'table', key: ['product_id'], description: 'products + specifications [{NAME, VALUE}]', columns: [...productCols, c('specifications', 'VARIANT')] },
  { name: 'SILVER_PRODUCT_REVIEWS', layer: 'SILVER', kind: 'table', key: ['review_id'], description: 'reviews + sentiment label (AI)', columns: [...reviewCols, c('sentiment_score', 'VARCHAR')] },
  { name: 'SILVER_ORDERS', layer: 'SILVER', kind: 'table', key: ['order_id'], description: "orders + the customer's state", columns: [...orderCols, c('state', 'VARCHAR')] },
  // Gold.
  {
    name: 'GOLD_CUSTOMER_INSIGHTS', layer: 'GOLD', kind: 'iceberg', key: ['customer_id'], description: 'per-customer order totals (Iceberg)',
    columns: [c('customer_id', 'VARCHAR', false), c('state', 'VARCHAR'), c('total_orders', 'BIGINT'), c('total_spent', 'DECIMAL(18,2)'), c('avg_order_value', 'DECIMAL(18,2)'), c('last_order_date', 'TIMESTAMP'), c('last_updated', 'TIMESTAMP')],
  },
  {
    name: 'GOLD_PRODUCT_REVIEWS_ANALYTICS', layer: 'GOLD', kind: 'iceberg', key: ['product_id'], description: 'per-product review aggregates (Iceberg)',
    columns: [c('product_id', 'VARCHAR', false), c('avg_rating', 'DOUBLE'), c('total_reviews', 'BIGINT'), c('verified_reviews', 'BIGINT'), c('avg_battery_rating', 'DOUBLE'), c('avg_quality_rating', 'DOUBLE'), c('avg_value_rating', 'DOUBLE'), c('positive_reviews', 'BIGINT'), c('negative_reviews', 'BIGINT'), c('last_updated', 'TIMESTAMP')],
  },
  {
    name: 'GOLD_PRODUCT_PERFORMANCE', layer: 'GOLD', kind: 'table', key: ['product_id', 'order_month'], description: 'monthly sales per product',
    columns: [c('product_id', 'VARCHAR', false), c('product_name', 'VARCHAR'), c('category', 'VARCHAR'), c('order_month', 'DATE'), c('total_sales', 'DECIMAL(18,2)'), c('total_orders', 'BIGINT'), c('avg_price', 'DECIMAL(18,2)'), c('specifications', 'VARIANT')],
  },
  // Analytics (read by the dashboard).
  { name: 'ANALYTICS_CUSTOMER_STATS', layer: 'ANALYTICS', kind: 'table', description: 'spend and orders per customer', columns: [c('customer_id', 'VARCHAR'), c('first_name', 'VARCHAR'), c('last_name', 'VARCHAR'), c('total_spend', 'DECIMAL(18,2)'), c('order_count', 'BIGINT'), c('avg_order_value', 'DECIMAL(18,2)')] },
  { name: 'ANALYTICS_MONTHLY_REVENUE', layer: 'ANALYTICS', kind: 'table', description: 'revenue per month', columns: [c('order_month', 'VARCHAR'), c('monthly_revenue', 'DECIMAL(18,2)')] },
  { name: 'ANALYTICS_ORDER_STATUS_COUNTS', layer: 'ANALYTICS', kind: 'table', description: 'orders per month and status', columns: [c('order_month', 'VARCHAR'), c('status', 'VARCHAR'), c('count', 'BIGINT')] },
  { name: 'ANALYTICS_PAYMENT_METHOD_COUNTS', layer: 'ANALYTICS', kind: 'table', description: 'orders per month and payment method', columns: [c('order_month', 'VARCHAR'), c('payment_method', 'VARCHAR'), c('count', 'BIGINT')] },
  { name: 'ANALYTICS_INVENTORY_PER_PRODUCT', layer: 'ANALYTICS', kind: 'table', description: 'stock per product', columns: [c('product_id', 'VARCHAR'), c('product_name', 'VARCHAR'), c('category', 'VARCHAR'), c('total_stock', 'BIGINT')] },
  { name: 'ANALYTICS_INVENTORY_PER_CATEGORY', layer: 'ANALYTICS', kind: 'table', description: 'stock per category', columns: [c('category', 'VARCHAR'), c('category_stock', 'BIGINT')] },
  { name: 'ANALYTICS_INVENTORY_PER_WAREHOUSE', layer: 'ANALYTICS', kind: 'table', description: 'stock per warehouse', columns: [c('warehouse_id', 'VARCHAR'), c('warehouse_stock', 'BIGINT')] },
  { name: 'ANALYTICS_PRODUCT_PRICE_STATS', layer: 'ANALYTICS', kind: 'table', description: 'price statistics per category', columns: [c('category', 'VARCHAR'), c('avg_price', 'DECIMAL(18,2)'), c('min_price', 'DECIMAL(18,2)'), c('max_price', 'DECIMAL(18,2)')] },
  ...(['QUANTITY', 'REVENUE'] as const).map((m): TableDef => ({
    name: `ANALYTICS_TOP_SELLING_PRODUCTS_BY_${m}`, layer: 'ANALYTICS', kind: 'table', description: `top 10 products by ${m.toLowerCase()}`,
    columns: [c('product_id', 'VARCHAR'), c('product_name', 'VARCHAR'), c('category', 'VARCHAR'), c('total_orders', 'BIGINT'), c('total_quantity_sold', 'BIGINT'), c('total_revenue', 'DECIMAL(18,2)'), c('metric', 'VARCHAR')],
  })),
  ...(['QUANTITY', 'REVENUE'] as const).map((m): TableDef => ({
    name: `ANALYTICS_TOP_SELLING_CATEGORIES_BY_${m}`, layer: 'ANALYTICS', kind: 'table', description: `top 5 categories by ${m.toLowerCase()}`,
    columns: [c('category', 'VARCHAR'), c('total_orders', 'BIGINT'), c('total_quantity_sold', 'BIGINT'), c('total_revenue', 'DECIMAL(18,2)'), c('avg_order_value', 'DECIMAL(18,2)'), c('metric', 'VARCHAR')],
  })),
  { name: 'ANALYTICS_STATE_CATEGORY_ANALYSIS', layer: 'ANALYTICS', kind: 'table', description: 'top 3 states per category by revenue', columns: [c('state', 'VARCHAR'), c('category', 'VARCHAR'), c('order_count', 'BIGINT'), c('total_quantity', 'BIGINT'), c('total_revenue', 'DECIMAL(18,2)'), c('avg_order_value', 'DECIMAL(18,2)')] },
  // Quality.
  {
    name: 'GE_VALIDATION_RESULTS', layer: 'QUALITY', kind: 'table', description: 'expectation suite results (Great Expectations shape)',
    columns: [c('run_status', 'BOOLEAN'), c('run_id', 'VARIANT'), c('run_validation', 'VARIANT'), c('suite_name', 'VARCHAR'), c('validated_at', 'TIMESTAMP')],
  },
];

const byName = new Map(TABLES.map((t) => [t.name, t]));

export function table(name: string): TableDef {
  const t = byName.get(name.toUpperCase());
  if (!t) throw new Error(`Unknown table ${name}: expected one of the pipeline tables (${TABLES.length} in the catalog)`);
  return t;
}

export function findTable(name: string): TableDef | undefined {
  return byName.get(name.toUpperCase());
}

export function tablesOfLayer(layer: Layer): TableDef[] {
  return TABLES.filter((t) => t.layer === layer);
}

/** Name of the rejects table that goes with a bronze table. */
export function rejectsTableName(table: string): string {
  return `${table.toUpperCase()}_REJECTS`;
}
