// The bad-input corpus's MySQL row sets: source tables with awkward definitions and rows (lax
// sql_mode, zero dates, utf8mb4, DECIMAL extremes, overflow, a missing column) and what each must
// load as or fail with. Run by test/reliability/bad-input-corpus-mysql.test.ts; counted in the
// corpus's coverage check of test/reliability/bad-input-corpus.test.ts.
import assert from 'node:assert/strict';
import type { LocalWarehouse } from '../../../src/core/targets/local/warehouse';
import { values } from './bad-corpus-files';

export interface MysqlCase {
  name: string;
  target: string;
  /** Column definitions of the source table (the loader reads the bronze columns by name). */
  ddl: string;
  /** sql_mode for the inserts: real source databases are often lax. */
  sqlMode?: string;
  rows: string;
  records: number;
  loaded: number;
  rejects: [record: string, reason: RegExp][];
  check?: (wh: LocalWarehouse) => Promise<void>;
  error?: RegExp;
}

const CUSTOMER_COLS = 'customer_id VARCHAR(8) {KEY}, first_name VARCHAR(100), last_name VARCHAR(100), email VARCHAR(255), phone VARCHAR(50), address VARCHAR(500), created_date TIMESTAMP NULL, last_updated TIMESTAMP NULL';
const ORDER_COLS = 'order_id VARCHAR(8) PRIMARY KEY, customer_id VARCHAR(8), order_date DATE, total_amount DECIMAL(10,2), status VARCHAR(50), payment_method VARCHAR(50), created_date TIMESTAMP NULL, last_updated TIMESTAMP NULL';
const PRODUCT_COLS = (price: string) => `product_id VARCHAR(8) PRIMARY KEY, product_name VARCHAR(255), category VARCHAR(100), price ${price}, description LONGTEXT, created_date TIMESTAMP NULL, last_updated TIMESTAMP NULL`;

export const MYSQL_CASES: MysqlCase[] = [
  { name: 'NULL key in a table without a primary key', target: 'BRONZE_CUSTOMERS', ddl: CUSTOMER_COLS.replace('{KEY}', 'NULL'),
    rows: "(NULL, 'No', 'Key', 'n@x.com', NULL, NULL, NULL, NULL), ('CUST0001', 'Ann', 'Lee', NULL, NULL, NULL, NULL, NULL)",
    records: 2, loaded: 1, rejects: [['row 1', /^column customer_id: expected a value, got NULL$/]] },
  { name: 'NULLs in NOT NULL-looking columns (dates, amounts, status)', target: 'BRONZE_ORDERS', ddl: ORDER_COLS,
    rows: "('ORD1', NULL, NULL, NULL, NULL, NULL, NULL, NULL), ('ORD2', 'CUST0001', '2024-01-01', 0.00, '', '', '2024-01-01 00:00:00', NULL)",
    records: 2, loaded: 2, rejects: [], check: async (wh) => {
      assert.deepEqual(await values(wh, 'select order_id, customer_id, cast(order_date as varchar), cast(total_amount as varchar), status from bronze_orders order by 1'),
        // A source whose order_date is still a DATE loads it as midnight (bronze keeps a TIMESTAMP).
        [['ORD1', null, null, null, null], ['ORD2', 'CUST0001', '2024-01-01 00:00:00', '0.00', '']]);
    } },
  { name: 'zero dates and invalid calendar dates', target: 'BRONZE_ORDERS', ddl: ORDER_COLS, sqlMode: 'ALLOW_INVALID_DATES',
    rows: "('ORD1', 'C', '0000-00-00', 1, 's', 'p', NULL, NULL), ('ORD2', 'C', '2024-01-01', 1, 's', 'p', '0000-00-00 00:00:00', NULL), ('ORD3', 'C', '2023-02-29', 1, 's', 'p', NULL, NULL), ('ORD4', 'C', '2024-02-29', 1, 's', 'p', NULL, NULL)",
    records: 4, loaded: 1, rejects: [
      ['order_id=ORD1', /^column order_date: expected a valid timestamp, got the MySQL zero date "0000-00-00"$/],
      ['order_id=ORD2', /^column created_date: expected a valid timestamp, got the MySQL zero date "0000-00-00 00:00:00"$/],
      ['order_id=ORD3', /^column order_date: expected a timestamp YYYY-MM-DD HH:MM:SS, got "2023-02-29"$/],
    ] },
  { name: 'utf8mb4: emoji, ZWJ sequences, flags, astral symbols', target: 'BRONZE_CUSTOMERS', ddl: CUSTOMER_COLS.replace('{KEY}', 'PRIMARY KEY'),
    rows: "('CUST0001', '👩‍👩‍👧‍👦', '🇺🇸 O''Neil', '😀@x.com', NULL, 'Zürich 𝄞 北京', NULL, NULL)",
    records: 1, loaded: 1, rejects: [], check: async (wh) => {
      assert.deepEqual(await values(wh, 'select first_name, last_name, email, address from bronze_customers'), [['👩‍👩‍👧‍👦', '🇺🇸 O\'Neil', '😀@x.com', 'Zürich 𝄞 北京']]);
    } },
  { name: 'DECIMAL(10,2) extremes', target: 'BRONZE_PRODUCTS', ddl: PRODUCT_COLS('DECIMAL(10,2)'),
    rows: "('P1', 'max', 'c', 99999999.99, NULL, NULL, NULL), ('P2', 'min', 'c', -99999999.99, NULL, NULL, NULL), ('P3', 'cent', 'c', 0.01, NULL, NULL, NULL), ('P4', 'neg cent', 'c', -0.01, NULL, NULL, NULL), ('P5', 'zero', 'c', -0.00, NULL, NULL, NULL)",
    records: 5, loaded: 5, rejects: [], check: async (wh) => {
      assert.deepEqual(await values(wh, 'select product_id, cast(price as varchar) from bronze_products order by 1'),
        [['P1', '99999999.99'], ['P2', '-99999999.99'], ['P3', '0.01'], ['P4', '-0.01'], ['P5', '0.00']]);
    } },
  { name: 'a wider source DECIMAL: values beyond DECIMAL(10,2) are rejected, not rounded', target: 'BRONZE_PRODUCTS', ddl: PRODUCT_COLS('DECIMAL(20,4)'),
    rows: "('P1', 'big', 'c', 123456789012.0000, NULL, NULL, NULL), ('P2', 'fine', 'c', 1.0050, NULL, NULL, NULL), ('P3', 'ok', 'c', 12.3400, NULL, NULL, NULL)",
    records: 3, loaded: 1, rejects: [
      ['product_id=P1', /^column price: expected a number within DECIMAL\(10,2\), got "123456789012\.0000"$/],
      ['product_id=P2', /^column price: expected at most 2 decimal places, got "1\.0050"$/],
    ] },
  { name: 'duplicate keys are kept as two rows (bronze is a raw copy)', target: 'BRONZE_CUSTOMERS', ddl: CUSTOMER_COLS.replace('{KEY}', 'NULL'),
    rows: "('CUST0001', 'First', 'A', NULL, NULL, NULL, NULL, NULL), ('CUST0001', 'Second', 'B', NULL, NULL, NULL, NULL, NULL), ('cust0001', 'Lower', 'C', NULL, NULL, NULL, NULL, NULL)",
    records: 3, loaded: 3, rejects: [], check: async (wh) => {
      assert.deepEqual(await values(wh, 'select customer_id, first_name from bronze_customers order by 2'), [['CUST0001', 'First'], ['cust0001', 'Lower'], ['CUST0001', 'Second']]);
    } },
  { name: 'INT overflow from a BIGINT source column', target: 'BRONZE_INVENTORY',
    ddl: 'inventory_id VARCHAR(8) PRIMARY KEY, product_id VARCHAR(8), quantity BIGINT, warehouse_id VARCHAR(5), last_updated TIMESTAMP NULL',
    rows: "('I1', 'P', 2147483647, 'W', NULL), ('I2', 'P', 2147483648, 'W', NULL), ('I3', 'P', -2147483648, 'W', NULL)",
    records: 3, loaded: 2, rejects: [['inventory_id=I2', /^column quantity: expected .*2147483648/]] },
  { name: 'control characters and a 1 MB text value', target: 'BRONZE_PRODUCTS', ddl: PRODUCT_COLS('DECIMAL(10,2)'),
    rows: "('P1', CONCAT('tab\\there', CHAR(0), 'nul'), 'c', 1, REPEAT('d', 1048576), NULL, NULL)",
    records: 1, loaded: 1, rejects: [], check: async (wh) => {
      assert.deepEqual(await values(wh, 'select product_name, length(description) from bronze_products'), [['tab\there\0nul', 1 << 20]]);
    } },
  { name: 'a source table missing a column', target: 'BRONZE_CUSTOMERS', ddl: 'customer_id VARCHAR(8) PRIMARY KEY, first_name VARCHAR(100)',
    rows: "('CUST0001', 'Ann')", records: 1, loaded: 0, rejects: [],
    error: /^retail_db_t_\w+\.\w+ on mysql:\/\/root@[^ ]+ is missing column\(s\) last_name, email, phone, address, created_date, last_updated: expected customer_id, first_name/ },
];
