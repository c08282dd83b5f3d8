// Writing connections.toml for "Add Snowflake Connection" and "Edit connections.toml": a new
// [name] table appended to the file the core reads (configDir of connections.ts), the file kept
// private to its owner (0600, as the Snowflake CLI requires). Passwords, tokens and key
// passphrases are never written here: the extension keeps them in VS Code's secret storage.
// No `vscode` import (tested on real files).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import type { Authenticator } from '../core/snowflake/connections';
import { CONNECTION_NAME } from './snowflake-settings';

// smol-toml's CommonJS build, typed from its ES module (as core/snowflake/connections.ts reads it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stringify } = require('smol-toml') as typeof SmolToml;
/** A UTF-16 surrogate without its other half (String.prototype.isWellFormed is ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface NewConnection {
  readonly name: string;
  readonly account: string;
  readonly user?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly role?: string;
  readonly authenticator: Authenticator;
  /** SNOWFLAKE_JWT: path of the private key file (not secret; its passphrase is). */
  readonly privateKeyFile?: string;
}

/** What each authenticator needs besides the file: the secret asked for and kept in secret storage. */
export const SECRET_OF: Record<Authenticator, { key: 'password' | 'token' | 'private_key_file_pwd'; prompt: string; optional?: boolean } | undefined> = {
  SNOWFLAKE: { key: 'password', prompt: 'Password' },
  SNOWFLAKE_JWT: { key: 'private_key_file_pwd', prompt: 'Passphrase of the private key (leave empty when it has none)', optional: true },
  EXTERNALBROWSER: undefined,
  OAUTH: { key: 'token', prompt: 'OAuth access token' },
  PROGRAMMATIC_ACCESS_TOKEN: { key: 'token', prompt: 'Programmatic access token' },
};

export const CONNECTIONS_TEMPLATE = `# Snowflake connections (the Snowflake CLI's format). Retail Pipeline, the Snowflake CLI and
# the Python connector read this file. Keep it private: chmod 0600.
# Secrets: Retail Pipeline keeps passwords and tokens in VS Code's secret storage (command
# "Retail Pipeline: Add Snowflake Connection"); you may also write them here, or set
# SNOWFLAKE_CONNECTIONS_<NAME>_PASSWORD in the environment.
#
# [my_account]
# account = "myorg-myaccount"
# user = "me"
# authenticator = "SNOWFLAKE"          # or SNOWFLAKE_JWT, EXTERNALBROWSER, OAUTH, PROGRAMMATIC_ACCESS_TOKEN
# # private_key_file = "/path/to/rsa_key.p8"   # for SNOWFLAKE_JWT
# warehouse = "RETAIL_WH"
# database = "RETAIL_PIPELINE"
# schema = "RETAIL"
# role = "RETAIL_PIPELINE_ROLE"
`;

export function validateConnectionName(name: string, existing: readonly string[] = []): string | undefined {
  if (!CONNECTION_NAME.test(name)) return 'Letters, digits, _ or - (at most 64)';
  if (existing.includes(name)) return `A connection named "${name}" is already defined`;
  return undefined;
}

/** The [name] table of a new connection, written by smol-toml (TOML's own escaping: JSON's
 * escapes differ for lone surrogates and would make the file unreadable). A value that is not
 * well-formed UTF-16 is refused: written to a UTF-8 file it would silently become U+FFFD. */
export function connectionBlock(c: NewConnection): string {
  const problem = validateConnectionName(c.name);
  if (problem) throw new Error(`connection name ${JSON.stringify(c.name)}: ${problem}`);
  if (!c.account.trim()) throw new Error('a connection needs an account');
  const table: Record<string, string> = {};
  const add = (key: string, v: string | undefined) => {
    const value = v?.trim();
    if (!value) return;
    if (LONE_SURROGATE.test(value)) throw new Error(`connection ${c.name}: ${key} holds an unpaired surrogate (not valid text); retype it`);
    table[key] = value;
  };
  add('account', c.account);
  add('user', c.user);
  add('authenticator', c.authenticator);
  add('private_key_file', c.privateKeyFile);
  add('warehouse', c.warehouse);
  add('database', c.database);
  add('schema', c.schema);
  add('role', c.role);
  return stringify({ [c.name]: table });
}

/** Creates the file with the commented template when it is missing (mode 0600); returns true when created. */
export function ensureConnectionsFile(path: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, CONNECTIONS_TEMPLATE, { mode: 0o600 });
  return true;
}

/** Appends the connection to connections.toml (created when missing), and makes the file 0600. */
export function appendConnection(path: string, c: NewConnection, existing: readonly string[] = []): void {
  const problem = validateConnectionName(c.name, existing);
  if (problem) throw new Error(problem);
  ensureConnectionsFile(path);
  const before = readFileSync(path, 'utf8');
  const sep = before.length === 0 || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  writeFileSync(path, `${before}${sep}${connectionBlock(c)}`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file: an existing one is tightened here.
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}
