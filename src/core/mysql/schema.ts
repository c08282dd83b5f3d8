// The retail_db schema of the relational source, as the original pipeline's users have it.
// sql/mysql/retail_db.sql is this DDL for the database name retail_db (a test keeps the two
// identical); seed-mysql runs it for the database named in the URL. Every statement is
// idempotent (IF NOT EXISTS), so running it twice changes nothing. Text uses utf8mb4_bin:
// keys then compare byte for byte, as in DuckDB and Snowflake, so 'cust0001' and 'CUST0001'
// are two rows in MySQL exactly as they are two rows when the same CSV is loaded directly.
import { mysqlIdent } from '../sources/mysql-connection';

export interface MysqlColumn {
  readonly name: string;
  /** The MySQL column type. */
  readonly type: string;
  /** For VARCHAR(n): n, so the seeder can say which value is too long before the server does. */
  readonly maxLength?: number;
  readonly extra?: string;
}

export interface MysqlTable {
  readonly name: string;
  readonly columns: readonly MysqlColumn[];
  readonly primaryKey: readonly string[];
}

const id = (name: string): MysqlColumn => ({ name, type: 'VARCHAR(8)', maxLength: 8 });
const text = (name: string, n: number): MysqlColumn => ({ name, type: `VARCHAR(${n})`, maxLength: n });
const money = (name: string): MysqlColumn => ({ name, type: 'DECIMAL(10,2)' });
const created: MysqlColumn = { name: 'created_date', type: 'TIMESTAMP', extra: 'NULL DEFAULT CURRENT_TIMESTAMP' };
const updated: MysqlColumn = { name: 'last_updated', type: 'TIMESTAMP', extra: 'NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP' };

// Keys are NOT NULL through their PRIMARY KEY; other columns are nullable so that a source
// row with a missing value is kept and judged by the loader, as the CSV path judges it.
export const RETAIL_DB_TABLES: readonly MysqlTable[] = [
  {
    name: 'customers', primaryKey: ['customer_id'],
    columns: [id('customer_id'), text('first_name', 100), text('last_name', 100), text('email', 255), text('phone', 50), text('address', 500), created, updated],
  },
  {
    name: 'products', primaryKey: ['product_id'],
    columns: [id('product_id'), text('product_name', 255), text('category', 100), money('price'), { name: 'description', type: 'TEXT' }, created, updated],
  },
  {
    name: 'orders', primaryKey: ['order_id'],
    columns: [id('order_id'), id('customer_id'), { name: 'order_date', type: 'TIMESTAMP' }, money('total_amount'), text('status', 50), text('payment_method', 50), created, updated],
  },
  {
    name: 'inventory', primaryKey: ['inventory_id'],
    columns: [id('inventory_id'), id('product_id'), { name: 'quantity', type: 'INT' }, text('warehouse_id', 5), updated],
  },
  {
    name: 'order_items', primaryKey: ['order_id', 'product_id'],
    columns: [id('order_id'), id('product_id'), { name: 'quantity', type: 'INT' }, money('unit_price'), created, updated],
  },
];

export function mysqlTable(name: string): MysqlTable {
  const t = RETAIL_DB_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown retail_db table ${JSON.stringify(name)}: expected one of ${RETAIL_DB_TABLES.map((x) => x.name).join(', ')}`);
  return t;
}

function createTable(t: MysqlTable): string {
  const isKey = (c: MysqlColumn) => t.primaryKey.includes(c.name);
  const lines = t.columns.map((c) => `  ${mysqlIdent(c.name)} ${c.type}${isKey(c) ? ' NOT NULL' : c.extra ? ` ${c.extra}` : ' NULL'}`);
  lines.push(`  PRIMARY KEY (${t.primaryKey.map((k) => mysqlIdent(k)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${mysqlIdent(t.name)} (\n${lines.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}

/** The DDL statements (without trailing semicolons) for database `database`. */
export function retailDbStatements(database: string): string[] {
  const db = mysqlIdent(database, 'MySQL database name');
  return [
    `CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    `USE ${db}`,
    ...RETAIL_DB_TABLES.map(createTable),
  ];
}

/** The DDL as a script, as in sql/mysql/retail_db.sql. */
export function retailDbScript(database = 'retail_db'): string {
  return [
    '-- The retail_db schema of the relational source (MySQL 8 / MariaDB 10.5+).',
    '-- Generated from src/core/mysql/schema.ts; `retail-pipeline seed-mysql` runs the same DDL.',
    '-- Idempotent: every statement is IF NOT EXISTS.',
    '',
    ...retailDbStatements(database).map((s) => `${s};\n`),
  ].join('\n');
}
