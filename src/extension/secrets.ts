// The MySQL connection URL lives in VS Code's SecretStorage (the OS keychain), never in
// settings.json: it carries a password. Whatever is read is registered with redact(), so the
// password cannot reach the log channel even inside a driver's error message.
import { registerSecret } from '../core/secrets/redact';

export const MYSQL_URL_KEY = 'retailPipeline.mysqlUrl';

export interface SecretStore {
  get(key: string): Thenable<string | undefined> | Promise<string | undefined>;
  store(key: string, value: string): Thenable<void> | Promise<void>;
  delete(key: string): Thenable<void> | Promise<void>;
}

/** Checks the shape of a MySQL URL; returns a message for the input box, or undefined when fine. */
export function validateMysqlUrl(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a URL like mysql://user@127.0.0.1:3306/retail_db';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'Not a URL: expected mysql://user@host:3306/database';
  }
  if (u.protocol !== 'mysql:') return `Expected the mysql:// scheme, got ${u.protocol}//`;
  if (!u.hostname) return 'The URL needs a host';
  if (!u.pathname || u.pathname === '/') return 'The URL needs a database, e.g. /retail_db';
  return undefined;
}

/** Puts a separately entered password into the URL (percent-encoded). */
export function withPassword(url: string, password: string | undefined): string {
  if (!password) return url.trim();
  const u = new URL(url.trim());
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The URL with its password masked, for showing to the user. */
export function describeMysqlUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return 'mysql://…';
  }
}

/** The decoded password of a URL ('' when none); the whole text when it is not a URL. */
export function mysqlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return url;
  }
}

export async function readMysqlUrl(store: SecretStore): Promise<string | undefined> {
  const url = await store.get(MYSQL_URL_KEY);
  if (!url) return undefined;
  registerSecret(mysqlPassword(url));
  return url;
}

export async function storeMysqlUrl(store: SecretStore, url: string): Promise<void> {
  registerSecret(mysqlPassword(url));
  await store.store(MYSQL_URL_KEY, url);
}
