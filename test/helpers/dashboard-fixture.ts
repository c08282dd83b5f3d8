// A small warehouse (a real DuckDB file) holding just the tables the dashboard's original
// sections read, with the awkward rows real data has: NULL categories and product names, a
// product with reviews but no SILVER_PRODUCTS row, markup in names and specification values,
// decimal and "Storage" specification values the sample data lacks.
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';

export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1;alert(1)">';
export const HOSTILE_SPEC = '</script><script>window.__pwned=2;alert(2)</script>';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function dashboardFixture(dir: string): Promise<LocalWarehouse> {
  const w = await LocalWarehouse.open(dir);
  const run = (sql: string) => w.run(sql);
  await run(`create table ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE (category varchar, total_orders bigint, total_quantity_sold bigint, total_revenue decimal(18,2), avg_order_value decimal(18,2), metric varchar)`);
  await run(`insert into ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE values
    ('Electronics', 15, 24, 11627.22, 775.15, 'revenue'), (NULL, 4, 5, 900.10, 225.03, 'revenue'), (${q(HOSTILE_NAME)}, 2, 2, 10.00, 5.00, 'revenue')`);
  await run(`create table GOLD_PRODUCT_PERFORMANCE (product_id varchar, product_name varchar, category varchar, order_month date, total_sales decimal(18,2), total_orders bigint, avg_price decimal(10,2))`);
  await run(`insert into GOLD_PRODUCT_PERFORMANCE values ('P1', 'Lamp', 'Home', '2024-01-01', 10, 1, 10), ('P1', 'Lamp', 'Home', '2024-02-01', 10, 1, 10), ('P2', NULL, NULL, '2024-01-01', 5, 1, 5), ('P3', 'Phone', 'Electronics', NULL, NULL, 0, NULL)`);
  await run(`create table ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE (product_id varchar, product_name varchar, category varchar, total_orders bigint, total_quantity_sold bigint, total_revenue decimal(18,2), metric varchar)`);
  await run(`insert into ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE values ('P1', ${q(HOSTILE_NAME)}, 'Home', 3, 4, 40.00, 'revenue'), ('P2', NULL, NULL, 1, 1, 5.00, 'revenue')`);
  await run(`create table SILVER_PRODUCTS (product_id varchar, product_name varchar, category varchar, specifications struct("NAME" varchar, "VALUE" varchar)[])`);
  await run(`insert into SILVER_PRODUCTS values
    ('P1', ${q(HOSTILE_NAME)}, 'Home', [{'NAME': 'Battery Life', 'VALUE': '7.5 hours'}, {'NAME': 'Color', 'VALUE': ${q(HOSTILE_SPEC)}}]),
    ('P2', NULL, NULL, [{'NAME': 'storage', 'VALUE': '512 GB SSD'}, {'NAME': 'Battery life', 'VALUE': 'None'}]),
    ('P3', 'Phone', 'Electronics', [{'NAME': 'Storage', 'VALUE': '128 GB'}, {'NAME': 'Battery Life', 'VALUE': '20 hours'}]),
    ('P4', 'Book', 'Books', [])`);
  await run(`create table GOLD_PRODUCT_REVIEWS_ANALYTICS (product_id varchar, avg_rating double, total_reviews bigint, verified_reviews bigint, avg_battery_rating double, avg_quality_rating double, avg_value_rating double, positive_reviews bigint, negative_reviews bigint, last_updated timestamp)`);
  // P9 has reviews but no product row (the LEFT JOIN gives it no name).
  await run(`insert into GOLD_PRODUCT_REVIEWS_ANALYTICS values
    ('P1', 4.5, 6, 4, NULL, 4, 4, 5, 1, now()), ('P3', 3.0, 6, 6, 3, 3, 3, 3, 2, now()), ('P9', 2.0, 2, 1, NULL, 2, 2, 0, 2, now()), ('P4', NULL, 0, 0, NULL, NULL, NULL, 0, 0, now())`);
  await run(`create table BRONZE_CUSTOMER_PREFERENCES (customer_id varchar, source_file varchar, last_updated timestamp, preference_type varchar, preference_value varchar)`);
  await run(`insert into BRONZE_CUSTOMER_PREFERENCES values ('C1', 'p.xml', now(), 'Color', ${q(HOSTILE_SPEC)}), ('C2', 'p.xml', now(), 'Color', ${q(HOSTILE_SPEC)}), ('C2', 'p.xml', now(), 'Size', 'M'), ('C3', 'p.xml', now(), NULL, 'M'), ('C3', 'p.xml', now(), 'Size', NULL)`);
  await run(`create table ANALYTICS_STATE_CATEGORY_ANALYSIS (state varchar, category varchar, order_count bigint, total_quantity bigint, total_revenue decimal(18,2), avg_order_value decimal(18,2))`);
  await run(`insert into ANALYTICS_STATE_CATEGORY_ANALYSIS values ('AZ', ${q(HOSTILE_NAME)}, 2, 3, 300, 150), ('AZ', 'Books', 1, 1, 20, 20), ('CA', 'Books', 1, 1, 50, 50), (NULL, 'Books', 1, 1, 999, 999), ('NV', NULL, 1, 1, 999, 999), ('TX', 'Toys', 1, 1, 0, 0)`);
  await run(`create table ANALYTICS_CUSTOMER_STATS (customer_id varchar, first_name varchar, last_name varchar, total_spend decimal(18,2), order_count bigint, avg_order_value decimal(18,2))`);
  await run(`insert into ANALYTICS_CUSTOMER_STATS values ('C1', ${q(HOSTILE_NAME)}, 'X', 100, 2, 50), ('C2', 'Ann', 'Lee', 30, 1, 30)`);
  await run(`create table ANALYTICS_ORDER_STATUS_COUNTS (order_month varchar, status varchar, count bigint)`);
  await run(`insert into ANALYTICS_ORDER_STATUS_COUNTS values ('2024-01', 'Delivered', 3), ('2024-02', ${q(HOSTILE_NAME)}, 1)`);
  return w;
}
