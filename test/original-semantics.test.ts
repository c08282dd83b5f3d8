// The step SQL computes what the original pipeline computes (issue 14 §1), on a data set small
// enough to work out by hand: unknown product ids in order lines, a product without a category,
// a product neither sold nor stocked, a customer without orders, an order without lines, a line
// of an unknown order, ties at the 3rd place of a category, order dates with and without a time
// of day, a review whose title contradicts its body and one that names an aspect twice. Every
// expected row below was computed by hand from these files, not read back from the pipeline.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { task } from '../src/core/manifest';
import { renderSql } from '../src/core/sql/dialect';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { loadStepSql } from '../src/core/transform/step-sql';
import { cli } from './helpers/cli';

const TS = '2024-01-01 00:00:00';
const FILES: Record<string, string> = {
  'mysql/customer_data.csv': [
    'customer_id,first_name,last_name,email,phone,address,created_date,last_updated',
    `CUST0001,Ann,Lee,ann@x.com,555,"1 Main St, Phoenix, AZ 85001",${TS},${TS}`,
    `CUST0002,Bob,Ray,bob@x.com,555,"2 Oak Ave, Fresno, CA 93650",${TS},${TS}`,
    `CUST0003,Cy,Moe,cy@x.com,555,"3 Elm St, Reno, NV 89501",${TS},${TS}`,
    `CUST0004,Di,Fox,di@x.com,555,"4 Pine Rd, Austin, TX 73301",${TS},${TS}`,
    `CUST0005,Ed,Kim,ed@x.com,555,"5 Bay St, Seattle, WA 98101",${TS},${TS}`,
    `CUST0006,Flo,Oz,flo@x.com,555,Somewhere,${TS},${TS}`,
  ].join('\n'),
  'mysql/product_data.csv': [
    'product_id,product_name,category,price,description,created_date,last_updated',
    `PROD0001,Pen,Office,10.00,d,${TS},${TS}`,
    `PROD0002,Ink,Office,20.00,d,${TS},${TS}`,
    `PROD0003,Ball,Toys,5.00,d,${TS},${TS}`,
    `PROD0004,Kite,Toys,8.00,d,${TS},${TS}`,
    `PROD0005,Thing,,50.00,d,${TS},${TS}`,
  ].join('\n'),
  'mysql/order_data.csv': [
    'order_id,customer_id,order_date,total_amount,status,payment_method,created_date,last_updated',
    `ORD0001,CUST0001,2024-01-15 10:30:00,100.00,Delivered,Card,${TS},${TS}`,
    `ORD0002,CUST0002,2024-01-20 23:59:59,50.00,Delivered,Card,${TS},${TS}`,
    `ORD0003,CUST0003,2024-02-01 08:00:00,20.00,Shipped,PayPal,${TS},${TS}`,
    `ORD0004,CUST0004,2024-02-10,23.00,Shipped,PayPal,${TS},${TS}`,
    `ORD0005,CUST0006,2024-02-11 12:00:00,50.00,Pending,Card,${TS},${TS}`,
    `ORD0006,CUST0001,2024-03-01 09:00:00,10.00,Pending,Card,${TS},${TS}`,
  ].join('\n'),
  'mysql/order_items.csv': [
    'order_id,product_id,quantity,unit_price,created_date,last_updated',
    `ORD0001,PROD0001,2,10.00,${TS},${TS}`,
    `ORD0001,PROD0002,1,20.00,${TS},${TS}`,
    `ORD0001,PROD0009,5,3.00,${TS},${TS}`,
    `ORD0002,PROD0001,3,10.00,${TS},${TS}`,
    `ORD0002,PROD0003,4,5.00,${TS},${TS}`,
    `ORD0003,PROD0001,2,10.00,${TS},${TS}`,
    `ORD0004,PROD0001,2,10.00,${TS},${TS}`,
    `ORD0004,PROD0009,1,3.00,${TS},${TS}`,
    `ORD0005,PROD0005,1,50.00,${TS},${TS}`,
    `ORD0099,PROD0003,1,5.00,${TS},${TS}`,
  ].join('\n'),
  'mysql/inventory_data.csv': [
    'inventory_id,product_id,quantity,warehouse_id,last_updated',
    `INV0001,PROD0001,10,WH001,${TS}`,
    `INV0002,PROD0001,5,WH002,${TS}`,
    `INV0003,PROD0002,3,WH001,${TS}`,
    `INV0004,PROD0003,7,WH002,${TS}`,
    `INV0005,PROD0009,4,WH001,${TS}`,
  ].join('\n'),
  'product_reviews.json': JSON.stringify([
    { review_id: 'REV0001', product_id: 'PROD0001', customer_id: 'CUST0001', rating: 4.7, title: 'Absolutely wonderful, love it, five stars!',
      content: 'Terrible. It broke after one day, awful quality, do not buy.', date: '2024-02-01', verified_purchase: true, helpful_votes: 3,
      aspects: [{ name: 'Quality', rating: 2 }, { name: 'Quality', rating: 4 }, { name: 'Battery Life', rating: 3 }] },
    { review_id: 'REV0002', product_id: 'PROD0001', customer_id: 'CUST0002', rating: 1.2, title: 'Awful, the worst',
      content: 'Excellent product, works great, I love it.', date: '2024-02-02', verified_purchase: false, helpful_votes: 1,
      aspects: [{ name: 'Quality', rating: 1 }] },
    { review_id: 'REV0003', product_id: 'PROD0002', customer_id: 'CUST0003', rating: 3.5, title: 'Fine',
      content: 'It is a pen refill.', date: '2024-02-03', verified_purchase: true, helpful_votes: 0, aspects: [] },
  ]),
  'customer_preferences.xml': '<customers><customer><customer_id>CUST0001</customer_id><preference><type>color</type><value>red</value></preference></customer></customers>',
  'product_specifications.xml': '<product_specifications><product><product_id>PROD0001</product_id><specification><name>ink</name><value>blue</value></specification></product></product_specifications>',
};

let root: string;
let wh: LocalWarehouse;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'rp-semantics-'));
  const data = join(root, 'data');
  for (const [f, text] of Object.entries(FILES)) {
    mkdirSync(join(data, f, '..'), { recursive: true });
    writeFileSync(join(data, f), text + '\n');
  }
  const r = cli(['run', '--data', data, '--workspace', join(root, 'ws')]);
  assert.equal(r.code, 0, `run failed:\n${r.stdout}\n${r.stderr}`);
  wh = await LocalWarehouse.open(join(root, 'ws'));
});

after(() => {
  try { wh?.close(); } catch { /* already closed */ }
  rmSync(root, { recursive: true, force: true });
});

/** Rows as arrays of plain values (decimals and counts as numbers). */
async function table(sql: string): Promise<unknown[][]> {
  const rows = await wh.query(sql);
  return rows.map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

test('top-selling products: unknown product ids ranked with NULL name and category; ties cut by product id; metric names', async () => {
  assert.deepEqual(await table('SELECT product_id, product_name, category, total_orders, total_quantity_sold, total_revenue, metric FROM ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY ORDER BY total_quantity_sold DESC, product_id'), [
    ['PROD0001', 'Pen', 'Office', 4, 9, 90, 'quantity_sold'],
    ['PROD0009', null, null, 2, 6, 18, 'quantity_sold'],
    ['PROD0003', 'Ball', 'Toys', 2, 5, 25, 'quantity_sold'],
    ['PROD0002', 'Ink', 'Office', 1, 1, 20, 'quantity_sold'],
    ['PROD0005', 'Thing', null, 1, 1, 50, 'quantity_sold'],
  ]);
  assert.deepEqual(await table('SELECT product_id, total_revenue, metric FROM ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE ORDER BY total_revenue DESC'), [
    ['PROD0001', 90, 'revenue'], ['PROD0005', 50, 'revenue'], ['PROD0003', 25, 'revenue'], ['PROD0002', 20, 'revenue'], ['PROD0009', 18, 'revenue'],
  ]);
});

test('top-selling categories: a NULL category (unknown and uncategorised products) ranked like any other; orders = sum of the products\' orders', async () => {
  // Office: Pen 4 orders + Ink 1 = 5 (ORD0001 counts for both), 10 sold, 110.00, 110 / 5 = 22.
  // NULL: Thing 1 + PROD0009 2 = 3 orders, 7 sold, 68.00, 22.67. Toys: Ball 2 orders (one unknown), 5 sold, 25.00.
  const expected = [['Office', 5, 10, 110, 22, 'quantity_sold'], [null, 3, 7, 68, 22.67, 'quantity_sold'], ['Toys', 2, 5, 25, 12.5, 'quantity_sold']];
  assert.deepEqual(await table('SELECT category, total_orders, total_quantity_sold, total_revenue, avg_order_value, metric FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY ORDER BY total_quantity_sold DESC'), expected);
  assert.deepEqual(await table('SELECT category, total_orders, total_quantity_sold, total_revenue, avg_order_value, metric FROM ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE ORDER BY total_revenue DESC'),
    expected.map((r) => [...r.slice(0, 5), 'revenue']));
});

test('state x category: top 3 per category by RANK() keeps ties at the 3rd place; NULL category and NULL state included', async () => {
  assert.deepEqual(await table('SELECT category, state, order_count, total_quantity, total_revenue, avg_order_value FROM ANALYTICS_STATE_CATEGORY_ANALYSIS ORDER BY category NULLS LAST, total_revenue DESC NULLS LAST, state NULLS LAST'), [
    // Office: AZ 40, CA 30, then NV and TX tie at 20: both kept (4 rows, not 3).
    ['Office', 'AZ', 1, 3, 40, 40], ['Office', 'CA', 1, 3, 30, 30], ['Office', 'NV', 1, 2, 20, 20], ['Office', 'TX', 1, 2, 20, 20],
    // The line of the unknown order ORD0099 has no order to take a state from: not counted here.
    ['Toys', 'CA', 1, 4, 20, 20],
    // NULL category: ORD0005 (customer with no state, uncategorised product), then AZ with the
    // unknown product and ORD0006 (no lines: an order, no quantity or revenue), then TX.
    [null, null, 1, 1, 50, 50], [null, 'AZ', 2, 5, 15, 7.5], [null, 'TX', 1, 1, 3, 3],
  ]);
});

test('gold product performance: every product, NULL figures for the unsold one, a NULL month for the line of an unknown order', async () => {
  assert.deepEqual(await table('SELECT product_id, category, CAST(order_month AS VARCHAR), total_sales, total_orders, avg_price FROM GOLD_PRODUCT_PERFORMANCE ORDER BY product_id, order_month NULLS LAST'), [
    ['PROD0001', 'Office', '2024-01-01', 50, 2, 10], ['PROD0001', 'Office', '2024-02-01', 40, 2, 10],
    ['PROD0002', 'Office', '2024-01-01', 20, 1, 20],
    ['PROD0003', 'Toys', '2024-01-01', 20, 1, 5], ['PROD0003', 'Toys', null, 5, 1, 5],
    ['PROD0004', 'Toys', null, null, null, null],
    ['PROD0005', null, '2024-02-01', 50, 1, 50],
  ]);
});

test('inventory: every product with NULL stock where none; categories sum their products; warehouses every stock row', async () => {
  assert.deepEqual(await table('SELECT product_id, product_name, total_stock FROM ANALYTICS_INVENTORY_PER_PRODUCT ORDER BY product_id'),
    [['PROD0001', 'Pen', 15], ['PROD0002', 'Ink', 3], ['PROD0003', 'Ball', 7], ['PROD0004', 'Kite', null], ['PROD0005', 'Thing', null]]);
  assert.deepEqual(await table('SELECT category, category_stock FROM ANALYTICS_INVENTORY_PER_CATEGORY ORDER BY category NULLS LAST'), [['Office', 18], ['Toys', 7], [null, 0]]);
  assert.deepEqual(await table('SELECT warehouse_id, warehouse_stock FROM ANALYTICS_INVENTORY_PER_WAREHOUSE ORDER BY warehouse_id'), [['WH001', 17], ['WH002', 12]]);
});

test('gold customer insights: order times kept; a customer without orders has 0 orders and NULL totals', async () => {
  assert.deepEqual(await table('SELECT customer_id, state, total_orders, total_spent, avg_order_value, CAST(last_order_date AS VARCHAR) FROM GOLD_CUSTOMER_INSIGHTS ORDER BY customer_id'), [
    ['CUST0001', 'AZ', 2, 110, 55, '2024-03-01 09:00:00'],
    ['CUST0002', 'CA', 1, 50, 50, '2024-01-20 23:59:59'],
    ['CUST0003', 'NV', 1, 20, 20, '2024-02-01 08:00:00'],
    ['CUST0004', 'TX', 1, 23, 23, '2024-02-10 00:00:00'], // a date without a time: midnight
    ['CUST0005', 'WA', 0, null, null, null],
    ['CUST0006', null, 1, 50, 50, '2024-02-11 12:00:00'],
  ]);
  assert.deepEqual(await table("SELECT typeof(order_date) FROM SILVER_ORDERS LIMIT 1"), [['TIMESTAMP']]);
  assert.deepEqual(await table('SELECT order_month, monthly_revenue FROM ANALYTICS_MONTHLY_REVENUE ORDER BY 1'), [['2024-01', 150], ['2024-02', 93], ['2024-03', 10]]);
});

test('sentiment from the review content alone; aspect ratings per review (a repeated aspect counts once, at its best); fractional ratings', async () => {
  // Titles say the opposite of the bodies: scoring title + body would blur both.
  assert.deepEqual(await table('SELECT review_id, CAST(rating AS VARCHAR), sentiment_score FROM SILVER_PRODUCT_REVIEWS ORDER BY review_id'),
    [['REV0001', '4.7', 'Negative'], ['REV0002', '1.2', 'Positive'], ['REV0003', '3.5', 'Neutral']]);
  // PROD0001: Quality max(2, 4) = 4 in REV0001 and 1 in REV0002 -> 2.5 (not (2 + 4 + 1) / 3);
  // the average rating is over 4.7 and 1.2 (not 5 and 1, as the original's ::decimal cast gives).
  // PROD0002's review has no aspects and still counts.
  assert.deepEqual(await table('SELECT product_id, avg_rating, total_reviews, verified_reviews, avg_battery_rating, avg_quality_rating, avg_value_rating, positive_reviews, negative_reviews FROM GOLD_PRODUCT_REVIEWS_ANALYTICS ORDER BY product_id'), [
    ['PROD0001', 2.95, 2, 1, 3, 2.5, null, 1, 1],
    ['PROD0002', 3.5, 1, 1, null, null, null, 0, 0],
  ]);
});

test('task split as in the original: customer_analytics_task writes the eight customer and inventory tables, order_analytics_task the top sellers and state x category', () => {
  const tables = (t: string) => loadStepSql(t).map((s) => s.table.name);
  assert.deepEqual(tables('customer_analytics_task'), [
    'ANALYTICS_CUSTOMER_STATS', 'ANALYTICS_MONTHLY_REVENUE', 'ANALYTICS_ORDER_STATUS_COUNTS', 'ANALYTICS_PAYMENT_METHOD_COUNTS',
    'ANALYTICS_INVENTORY_PER_PRODUCT', 'ANALYTICS_INVENTORY_PER_CATEGORY', 'ANALYTICS_INVENTORY_PER_WAREHOUSE', 'ANALYTICS_PRODUCT_PRICE_STATS',
  ]);
  assert.deepEqual(tables('order_analytics_task'), [
    'ANALYTICS_TOP_SELLING_PRODUCTS_BY_QUANTITY', 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE',
    'ANALYTICS_TOP_SELLING_CATEGORIES_BY_QUANTITY', 'ANALYTICS_TOP_SELLING_CATEGORIES_BY_REVENUE', 'ANALYTICS_STATE_CATEGORY_ANALYSIS',
  ]);
  assert.equal(task('customer_analytics_task').procedure, 'usp_load_customer_analytics');
  assert.equal(task('order_analytics_task').procedure, 'usp_loadOrderAnalytics');
});

test('money averages round exactly, half away from zero, on DuckDB as Snowflake\'s NUMBER division does', async () => {
  // AVG(DECIMAL) is a DOUBLE in DuckDB: (278.96 + 278.97) / 2 = 278.965 is 278.96499… there and
  // would print 278.96; Snowflake divides NUMBERs exactly and prints 278.97.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const avg = (values: string) => renderSql(
      `SELECT CAST({{ ratio_round(SUM(x), COUNT(x), 2) }} AS VARCHAR) AS r FROM (VALUES ${values}) AS v(x)`, 'test.sql',
      { dialect: 'duckdb', sentiment: { positive: 0.05, negative: -0.05 } });
    const one = async (values: string) => (await conn.runAndReadAll(avg(values))).getRowObjectsJson()[0].r;
    assert.equal(await one('(278.96::DECIMAL(10,2)), (278.97::DECIMAL(10,2))'), '278.97');
    assert.equal(await one('(-278.96::DECIMAL(10,2)), (-278.97::DECIMAL(10,2))'), '-278.97');
    assert.equal(await one('(1.00::DECIMAL(10,2)), (1.00::DECIMAL(10,2)), (2.00::DECIMAL(10,2))'), '1.33');
    assert.equal(await one('(NULL::DECIMAL(10,2))'), null);
    const plain = (await conn.runAndReadAll('SELECT CAST(ROUND(AVG(x), 2) AS VARCHAR) AS r FROM (VALUES (278.96::DECIMAL(10,2)), (278.97::DECIMAL(10,2))) AS v(x)')).getRowObjectsJson()[0].r;
    assert.equal(plain, '278.96', 'DuckDB\'s own ROUND(AVG()) still loses the tie; the macro is what fixes it');
  } finally {
    conn.closeSync();
  }
  assert.equal(renderSql('{{ ratio_round(SUM(x), COUNT(x), 2) }}', 't.sql', { dialect: 'snowflake', sentiment: { positive: 0.5, negative: -0.5 } }), 'ROUND((SUM(x)) / NULLIF(COUNT(x), 0), 2)');
});
