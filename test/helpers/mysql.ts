// MariaDB/MySQL for tests: is the server there (skip, or fail when RETAIL_REQUIRE_MYSQL=1),
// a throw-away database per test, and small CSV fixtures in the sample_data/mysql/ layout.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createConnection, type Connection } from 'mysql2/promise';

export const MYSQL_HOST = process.env.RETAIL_TEST_MYSQL_HOST ?? '127.0.0.1';
export const MYSQL_PORT = Number(process.env.RETAIL_TEST_MYSQL_PORT ?? 3306);
const ADMIN = { host: MYSQL_HOST, port: MYSQL_PORT, user: 'root', password: '' };

let reachable: Promise<string | undefined> | undefined;

/** undefined when the server answers, else why not. Asked once per process. */
export function mysqlUnreachableReason(): Promise<string | undefined> {
  reachable ??= (async () => {
    try {
      const c = await createConnection({ ...ADMIN, connectTimeout: 3000 });
      await c.query('SELECT 1');
      await c.end();
      return undefined;
    } catch (e) {
      return (e as Error).message || String((e as { code?: string }).code);
    }
  })();
  return reachable;
}

/**
 * true when MariaDB is there. Otherwise the test is skipped with the reason, or fails when
 * RETAIL_REQUIRE_MYSQL=1 (CI that has a server must not silently skip).
 */
export async function requireMysql(t: TestContext): Promise<boolean> {
  const why = await mysqlUnreachableReason();
  if (!why) return true;
  const msg = `MariaDB not reachable on ${MYSQL_HOST}:${MYSQL_PORT}: ${why}`;
  if (process.env.RETAIL_REQUIRE_MYSQL === '1') throw new Error(`${msg} (RETAIL_REQUIRE_MYSQL=1)`);
  t.skip(msg);
  return false;
}

export function adminConnection(database?: string): Promise<Connection> {
  return createConnection({ ...ADMIN, database, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, timezone: 'Z', charset: 'utf8mb4' });
}

export interface TempDatabase {
  readonly name: string;
  /** root URL (no password) of the database. */
  readonly url: string;
  readonly admin: Connection;
  /** A user with a password and rights on this database only; its URL carries the password. */
  user(): Promise<{ name: string; password: string; url: string }>;
  drop(): Promise<void>;
}

/** A database of its own (retail_db_t_<random>), dropped with its users by drop(). */
export async function tempDatabase(): Promise<TempDatabase> {
  const name = `retail_db_t_${randomBytes(4).toString('hex')}`;
  const admin = await adminConnection();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.query("SET time_zone = '+00:00'");
  await admin.query(`USE \`${name}\``);
  const users: string[] = [];
  return {
    name,
    url: `mysql://root@${MYSQL_HOST}:${MYSQL_PORT}/${name}`,
    admin,
    async user() {
      const user = `rp_${randomBytes(4).toString('hex')}`;
      const password = `Pw-${randomBytes(9).toString('hex')}`;
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT ALL ON \`${name}\`.* TO '${user}'@'%'`);
      users.push(user);
      return { name: user, password, url: `mysql://${user}:${encodeURIComponent(password)}@${MYSQL_HOST}:${MYSQL_PORT}/${name}` };
    },
    async drop() {
      for (const u of users) await admin.query(`DROP USER IF EXISTS '${u}'@'%'`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

/**
 * Connections `user` still has open on the server, waiting up to `waitMs` for none: the server
 * notices a closed client on its next write, so its threads may linger briefly.
 */
export async function connectionsLeft(db: TempDatabase, user: string, waitMs = 10_000): Promise<number> {
  const until = Date.now() + waitMs;
  for (;;) {
    const [rows] = await db.admin.query('SELECT COUNT(*) AS n FROM information_schema.processlist WHERE user = ?', [user]) as unknown as [{ n: string }[]];
    const n = Number(rows[0].n);
    if (n === 0 || Date.now() >= until) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const HEADERS: Record<string, string> = {
  'customer_data.csv': 'customer_id,first_name,last_name,email,phone,address,created_date,last_updated',
  'product_data.csv': 'product_id,product_name,category,price,description,created_date,last_updated',
  'order_data.csv': 'order_id,customer_id,order_date,total_amount,status,payment_method,created_date,last_updated',
  'inventory_data.csv': 'inventory_id,product_id,quantity,warehouse_id,last_updated',
  'order_items.csv': 'order_id,product_id,quantity,unit_price,created_date,last_updated',
};

const pad = (n: number, w = 4) => String(n).padStart(w, '0');
const ts = (i: number) => `2024-${pad((i % 12) + 1, 2)}-${pad((i % 28) + 1, 2)} ${pad(i % 24, 2)}:${pad(i % 60, 2)}:${pad((i * 7) % 60, 2)}`;

/**
 * CSV files in the layout of sample_data/mysql/ under `dir`: `n` customers/products/orders,
 * inventory rows and 3 items per order, plus hand-written edge cases (emoji, embedded commas,
 * quotes and newlines, empty fields, DECIMAL extremes) and, per file, the `extra` lines given.
 */
export function writeMysqlCsvFixtures(dir: string, n: number, extra: Partial<Record<keyof typeof HEADERS, string[]>> = {}): string {
  // Ids are VARCHAR(8) in MySQL: CUST/PROD + 4 digits, ORD + 5 digits. Orders (and their 3
  // items each) grow with n; customers, products and inventory stop at 9999.
  if (n > 99_999) throw new Error('writeMysqlCsvFixtures: at most 99,999 orders');
  const few = Math.min(n, 9999);
  const m = join(dir, 'mysql');
  mkdirSync(m, { recursive: true });
  const files: Record<string, string[]> = {
    'customer_data.csv': [
      'CUST0000,Zoë 😀👍🏽,"O\'Neil, ""Jr""",,555-0100,"5165 Pine St, Phoenix",2024-01-02 03:04:05,',
      ...Array.from({ length: few }, (_, i) => `CUST${pad(i + 1)},First${i},Last${i},c${i}@example.com,555-${pad(i)},"${i} Main St, Austin, TX",${ts(i)},${ts(i + 1)}`),
    ],
    'product_data.csv': [
      'PROD0000,"Widget ""Max""",Gadgets,99999999.99,"multi\nline, with 😀, a \\N, a \\ and a \t tab",2024-01-01 00:00:00,2024-01-01 00:00:00',
      'PRODMIN0,Cheap,Gadgets,-99999999.99,,2024-01-01 00:00:00,2024-01-01 00:00:00',
      'PRODNULL,No price,,,,,',
      ...Array.from({ length: few }, (_, i) => `PROD${pad(i + 1)},Product ${i},Cat${i % 7},${(i * 3.7 + 0.5).toFixed(2)},Desc ${i},${ts(i)},${ts(i + 2)}`),
    ],
    'order_data.csv': Array.from({ length: n }, (_, i) =>
      `ORD${pad(i + 1, 5)},CUST${pad((i % few) + 1)},2024-${pad((i % 12) + 1, 2)}-${pad((i % 28) + 1, 2)},${(i * 11.3).toFixed(1)},${['Shipped', 'Pending', 'Delivered'][i % 3]},${['Credit Card', 'PayPal'][i % 2]},${ts(i)},${ts(i + 3)}`),
    'inventory_data.csv': [
      'INV00000,PROD0000,2147483647,WH001,2024-01-01 00:00:00',
      'INV0000N,PROD0000,,WH002,',
      ...Array.from({ length: few }, (_, i) => `INV${pad(i + 1, 5)},PROD${pad((i % few) + 1)},${i - 5},WH${pad((i % 5) + 1, 3)},${ts(i)}`),
    ],
    'order_items.csv': Array.from({ length: n * 3 }, (_, k) => {
      const i = Math.floor(k / 3);
      return `ORD${pad(i + 1, 5)},PROD${pad(((i + (k % 3)) % few) + 1)},${(k % 9) + 1},${((k * 1.25) % 500).toFixed(2)},${ts(k)},${ts(k + 1)}`;
    }),
  };
  for (const [file, lines] of Object.entries(files)) {
    const all = [HEADERS[file], ...lines, ...(extra[file as keyof typeof HEADERS] ?? [])];
    writeFileSync(join(m, file), all.join('\n') + '\n');
  }
  return dir;
}
