// Connections to the relational source (MySQL / MariaDB). One place parses the URL, registers
// the password as a secret and turns driver errors into messages that name the server and
// database but never the password, whatever mysql2 put into its own message.
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2';
import { redact, registerSecret } from '../secrets/redact';
import { validateIdentifier } from '../sql/identifiers';

export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/retail_db';

export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The URL without its password, for messages. */
  readonly display: string;
}

export class MysqlSourceError extends Error {
  constructor(message: string, readonly code?: string) {
    super(redact(message));
    this.name = 'MysqlSourceError';
  }
}

/** mysql://user:password@host:port/database -> its parts; the database name must be a plain identifier. */
export function parseMysqlUrl(url: string): MysqlTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MysqlSourceError(`invalid MySQL URL ${JSON.stringify(redact(url))}: expected mysql://user:password@host:3306/retail_db`);
  }
  const password = decodeURIComponent(u.password);
  registerSecret(password);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new MysqlSourceError(`invalid MySQL URL: expected the scheme mysql://, got ${u.protocol}//`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new MysqlSourceError('invalid MySQL URL: expected a database name in the path, e.g. mysql://root@127.0.0.1:3306/retail_db');
  validateIdentifier(database, 'MySQL database name');
  const port = u.port ? Number(u.port) : 3306;
  const user = decodeURIComponent(u.username) || 'root';
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { host, port, user, password, database, display: `mysql://${user}@${u.host || host}/${database}` };
}

/** A driver error as one line that says where and why, without the password. */
export function describeMysqlError(target: MysqlTarget, what: string, e: unknown): MysqlSourceError {
  const err = e as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  const detail = err?.sqlMessage ?? err?.message ?? String(e);
  let hint = '';
  if (err?.code === 'ECONNREFUSED' || err?.code === 'ENOTFOUND' || err?.code === 'ETIMEDOUT') hint = ' (is the server running and reachable?)';
  else if (err?.code === 'ER_ACCESS_DENIED_ERROR') hint = ' (check the user and password in --mysql-url / RETAIL_MYSQL_URL)';
  else if (err?.code === 'ER_BAD_DB_ERROR') hint = ' (run `retail-pipeline seed-mysql` to create it)';
  const code = err?.code ? ` [${err.code}]` : '';
  return new MysqlSourceError(`${what} on ${target.display} failed: ${detail}${code}${hint}`, err?.code);
}

export interface OpenOptions {
  /** Connect without selecting the database (to create it). */
  readonly withoutDatabase?: boolean;
  readonly connectTimeoutMs?: number;
}

/**
 * An open connection. Values come back as text (dates, DECIMAL and BIGINT exactly as the
 * server prints them) and the session runs in UTC, so TIMESTAMP columns read back exactly what
 * was written through this module, with no daylight-saving gaps or shifts in between.
 */
export async function openConnection(target: MysqlTarget, opts: OpenOptions = {}): Promise<Connection> {
  const options: ConnectionOptions = {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: opts.withoutDatabase ? undefined : target.database,
    charset: 'utf8mb4',
    dateStrings: true,
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
  };
  const conn = createConnection(options);
  // Errors after connecting (a killed connection) reach the running query; this listener only
  // keeps an idle connection's error from crashing the process.
  conn.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e) : resolve())));
    await run(conn, "SET time_zone = '+00:00'");
  } catch (e) {
    conn.destroy();
    throw describeMysqlError(target, 'connecting', e);
  }
  return conn;
}

/** A query with placeholders, its rows in memory: for small metadata results only. */
export function run<T = Record<string, unknown>>(conn: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    conn.query(sql, values, (e, rows) => (e ? reject(e) : resolve(rows as unknown as T[])));
  });
}

/** End a connection politely; destroy it if that does not work (e.g. a query still streams). */
export async function closeConnection(conn: Connection, force = false): Promise<void> {
  if (force) {
    conn.destroy();
    return;
  }
  await new Promise<void>((resolve) => {
    conn.end(() => resolve());
    setTimeout(() => { conn.destroy(); resolve(); }, 2000).unref();
  });
}

/** `name` as a MySQL identifier: validated, then backtick-quoted. */
export function mysqlIdent(name: string, what = 'identifier'): string {
  return '`' + validateIdentifier(name, what).replace(/`/g, '``') + '`';
}
