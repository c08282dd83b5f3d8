// The task graph of the contract as data. The local runner, the Snowflake deploy (CREATE TASK …
// AFTER …), the tree view and the docs all walk this list; nothing else spells the DAG.

export type StepKind =
  | 'root' // the scheduled root task; does no work itself
  | 'load-mysql' // a relational source table (MySQL, or the CSV fallback) -> bronze
  | 'load-json' // product_reviews.json -> bronze
  | 'load-xml' // rowTag XML -> bronze
  | 'transform' // SQL steps inside the warehouse
  | 'validate'; // expectation suites

export interface MysqlSource {
  readonly kind: 'mysql';
  /** Table in retail_db. */
  readonly table: string;
  /** The CSV file (under <data>/mysql/) used when no MySQL URL is configured. */
  readonly csvFile: string;
}
export interface JsonSource {
  readonly kind: 'json';
  readonly file: string;
}
export interface XmlSource {
  readonly kind: 'xml';
  readonly file: string;
  /** The repeating element: one per source record. */
  readonly rowTag: string;
  /** The repeated child that becomes one bronze row. */
  readonly itemTag: string;
  /** The id child of the row element. */
  readonly idTag: string;
  /** Child names of an item -> bronze columns. */
  readonly fields: readonly [string, string][];
}
export type TaskSource = MysqlSource | JsonSource | XmlSource;

export interface TaskDef {
  readonly name: string;
  readonly kind: StepKind;
  /** Predecessors (Snowflake: AFTER …). */
  readonly after: readonly string[];
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /** The stored procedure that runs this step on Snowflake. */
  readonly procedure?: string;
  readonly source?: TaskSource;
  readonly description: string;
}

export const ROOT_TASK = 'retail_root_task';
/** Cron of the root task, as Snowflake writes it (SCHEDULE = 'USING CRON …'). */
export const ROOT_SCHEDULE = 'USING CRON 0 0 * * * America/Los_Angeles';

const mysqlTask = (name: string, table: string, csvFile: string, writes: string): TaskDef => ({
  name, kind: 'load-mysql', after: [ROOT_TASK], reads: [`retail_db.${table}`], writes: [writes],
  procedure: 'usp_loadMySQLData', source: { kind: 'mysql', table, csvFile }, description: `load ${table} -> ${writes}`,
});

export const LOAD_TASKS: readonly TaskDef[] = [
  {
    name: 'productreview_task', kind: 'load-json', after: [ROOT_TASK], reads: ['@SOURCE_FILES/product_reviews.json'],
    writes: ['BRONZE_PRODUCT_REVIEWS'], procedure: 'usp_loadProductReviews_json',
    source: { kind: 'json', file: 'product_reviews.json' }, description: 'load product_reviews.json -> BRONZE_PRODUCT_REVIEWS',
  },
  {
    name: 'customer_preferences_task', kind: 'load-xml', after: [ROOT_TASK], reads: ['@SOURCE_FILES/customer_preferences.xml'],
    writes: ['BRONZE_CUSTOMER_PREFERENCES'], procedure: 'usp_loadCustomerPreferences_xml',
    source: { kind: 'xml', file: 'customer_preferences.xml', rowTag: 'customer', itemTag: 'preference', idTag: 'customer_id', fields: [['type', 'preference_type'], ['value', 'preference_value']] },
    description: 'load customer_preferences.xml -> BRONZE_CUSTOMER_PREFERENCES',
  },
  {
    name: 'product_specification_task', kind: 'load-xml', after: [ROOT_TASK], reads: ['@SOURCE_FILES/product_specifications.xml'],
    writes: ['BRONZE_PRODUCT_SPECIFICATIONS'], procedure: 'usp_loadProductSpecification_xml',
    source: { kind: 'xml', file: 'product_specifications.xml', rowTag: 'product', itemTag: 'specification', idTag: 'product_id', fields: [['name', 'spec_name'], ['value', 'spec_value']] },
    description: 'load product_specifications.xml -> BRONZE_PRODUCT_SPECIFICATIONS',
  },
  mysqlTask('mysql_customer_task', 'customers', 'customer_data.csv', 'BRONZE_CUSTOMERS'),
  mysqlTask('mysql_product_task', 'products', 'product_data.csv', 'BRONZE_PRODUCTS'),
  mysqlTask('mysql_inventory_task', 'inventory', 'inventory_data.csv', 'BRONZE_INVENTORY'),
  mysqlTask('mysql_order_task', 'orders', 'order_data.csv', 'BRONZE_ORDERS'),
  mysqlTask('mysql_order_items_task', 'order_items', 'order_items.csv', 'BRONZE_ORDER_ITEMS'),
];

export const TASKS: readonly TaskDef[] = [
  { name: ROOT_TASK, kind: 'root', after: [], reads: [], writes: [], description: `root of the task graph, ${ROOT_SCHEDULE}` },
  ...LOAD_TASKS,
  {
    name: 'bronze_silver_task', kind: 'transform', after: LOAD_TASKS.map((t) => t.name), procedure: 'usp_loadBronzeToSilver',
    reads: LOAD_TASKS.flatMap((t) => t.writes),
    writes: ['SILVER_CUSTOMERS', 'SILVER_PRODUCTS', 'SILVER_PRODUCT_REVIEWS', 'SILVER_ORDERS'],
    description: 'clean and enrich bronze into silver (preferences/specifications arrays, sentiment, state)',
  },
  {
    name: 'data_validation_task', kind: 'validate', after: ['bronze_silver_task'], procedure: 'usp_generateValidationResults',
    reads: ['SILVER_PRODUCT_REVIEWS'], writes: ['GE_VALIDATION_RESULTS'], description: 'run the expectation suites',
  },
  {
    name: 'silver_gold_task', kind: 'transform', after: ['bronze_silver_task'], procedure: 'usp_loadSilverToGold',
    reads: ['SILVER_CUSTOMERS', 'SILVER_PRODUCTS', 'SILVER_PRODUCT_REVIEWS', 'SILVER_ORDERS', 'BRONZE_ORDER_ITEMS'],
    writes: ['GOLD_CUSTOMER_INSIGHTS', 'GOLD_PRODUCT_REVIEWS_ANALYTICS', 'GOLD_PRODUCT_PERFORMANCE'],
    description: 'aggregate silver into gold (two Iceberg tables and product performance)',
  },
  // The split of the original: usp_loadOrderAnalytics (order_analytics.py) writes the top sellers
  // and the state x category table; usp_load_customer_analytics (customer_analytics.py) writes
  // the customer, order-month, inventory and price tables.
  {
    name: 'order_analytics_task', kind: 'transform', after: ['silver_gold_task'], procedure: 'usp_loadOrderAnalytics',
    reads: ['SILVER_ORDERS', 'BRONZE_ORDER_ITEMS', 'SILVER_PRODUCTS'],
    writes: [
      'ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY', 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE',
      'ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY', 'ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE',
      'ANALYTICS_STATE_CATEGORY_ANALYSIS',
    ],
    description: 'top-selling products and categories, and the top states per category',
  },
  {
    name: 'customer_analytics_task', kind: 'transform', after: ['silver_gold_task'], procedure: 'usp_load_customer_analytics',
    reads: ['SILVER_CUSTOMERS', 'SILVER_ORDERS', 'SILVER_PRODUCTS', 'BRONZE_INVENTORY'],
    writes: [
      'ANALYTICS_CUSTOMER_STATS', 'ANALYTICS_MONTHLY_REVENUE', 'ANALYTICS_ORDER_STATUS_COUNTS', 'ANALYTICS_PAYMENT_METHOD_COUNTS',
      'ANALYTICS_INVENTORY_PER_PRODUCT', 'ANALYTICS_INVENTORY_PER_CATEGORY', 'ANALYTICS_INVENTORY_PER_WAREHOUSE',
      'ANALYTICS_PRODUCT_PRICE_STATS',
    ],
    description: 'customer stats, orders per month (revenue, status, payment method), inventory and price analytics',
  },
];

const byName = new Map(TASKS.map((t) => [t.name, t]));

export function task(name: string): TaskDef {
  const t = byName.get(name);
  if (!t) throw new Error(`Unknown task "${name}": expected one of ${TASKS.map((x) => x.name).join(', ')}`);
  return t;
}

/** Direct successors of a task. */
export function successors(name: string): TaskDef[] {
  return TASKS.filter((t) => t.after.includes(name));
}

/** The task and everything downstream of it (for `run --from`). */
export function downstreamOf(name: string): string[] {
  task(name);
  const seen = new Set<string>([name]);
  const queue = [name];
  while (queue.length) {
    for (const s of successors(queue.shift()!)) {
      if (!seen.has(s.name)) { seen.add(s.name); queue.push(s.name); }
    }
  }
  return TASKS.filter((t) => seen.has(t.name)).map((t) => t.name);
}

/** Tasks in an order where every task follows its predecessors (the list order, checked). */
export function topologicalOrder(tasks: readonly TaskDef[] = TASKS): TaskDef[] {
  const done = new Set<string>();
  const out: TaskDef[] = [];
  const pending = [...tasks];
  const names = new Set(tasks.map((t) => t.name));
  while (pending.length) {
    const i = pending.findIndex((t) => t.after.every((a) => done.has(a) || !names.has(a)));
    if (i < 0) throw new Error(`Task graph has a cycle among: ${pending.map((t) => t.name).join(', ')}`);
    const [t] = pending.splice(i, 1);
    done.add(t.name); out.push(t);
  }
  return out;
}
