// Snowflake connections the way Snowflake users already keep them: connections.toml and
// config.toml in the Snowflake CLI's folder, default_connection_name, and
// SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> environment overrides. Resolved into snowflake-sdk
// connection options. Every secret value is registered with redact() the moment it is read.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { registerSecret } from '../secrets/redact';

// smol-toml is an ES module with a CommonJS build; this project compiles to CommonJS, so it is
// required (node picks dist/index.cjs) and typed from the ES module's declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

/** What the connection resolution reads from the outside world (tests pass their own). */
export interface ConnectionEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
}

export const processEnvironment = (): ConnectionEnvironment => ({ env: process.env, platform: process.platform, homedir: osHomedir() });

/** The folders the Snowflake CLI looks in, in order; the first that applies is used. */
export function configDirCandidates(e: ConnectionEnvironment): string[] {
  const out: string[] = [];
  if (e.env.SNOWFLAKE_HOME) out.push(e.env.SNOWFLAKE_HOME);
  out.push(join(e.homedir, '.snowflake'));
  if (e.platform === 'darwin') out.push(join(e.homedir, 'Library', 'Application Support', 'snowflake'));
  else if (e.platform === 'win32') out.push(join(e.env.USERPROFILE ?? e.homedir, 'AppData', 'Local', 'snowflake'));
  else out.push(join(e.env.XDG_CONFIG_HOME ?? join(e.homedir, '.config'), 'snowflake'));
  return out;
}

/** $SNOWFLAKE_HOME when set (even if it does not exist yet, as the CLI does), else ~/.snowflake
 * when that folder exists, else the per-OS folder. */
export function configDir(e: ConnectionEnvironment): string {
  if (e.env.SNOWFLAKE_HOME) return e.env.SNOWFLAKE_HOME;
  const [dot, osDir] = configDirCandidates(e);
  return existsSync(dot) ? dot : osDir;
}

export type Authenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT' | 'EXTERNALBROWSER' | 'OAUTH' | 'PROGRAMMATIC_ACCESS_TOKEN';
const AUTHENTICATORS: readonly Authenticator[] = ['SNOWFLAKE', 'SNOWFLAKE_JWT', 'EXTERNALBROWSER', 'OAUTH', 'PROGRAMMATIC_ACCESS_TOKEN'];

/** The subset of snowflake-sdk's ConnectionOptions this project sets. */
export interface DriverOptions {
  account: string;
  username?: string;
  password?: string;
  authenticator: Authenticator;
  privateKeyPath?: string;
  privateKeyPass?: string;
  token?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  accessUrl?: string;
  application?: string;
}

export interface ResolvedConnection {
  readonly name: string;
  /** Files the connection was read from (for messages). */
  readonly sources: readonly string[];
  readonly options: DriverOptions;
  /** E.g. "connections.toml is readable by other users". */
  readonly warnings: readonly string[];
}

export class ConnectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionConfigError';
  }
}

type Table = Record<string, unknown>;

interface ConfigFile {
  readonly path: string;
  readonly data: Table;
}

function readToml(path: string, warnings: string[], platform: NodeJS.Platform): ConfigFile | undefined {
  if (!existsSync(path)) return undefined;
  // Same check as the Snowflake CLI: a file holding passwords must be private to its owner.
  if (platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    warnings.push(`${path} is readable by other users (mode ${(statSync(path).mode & 0o777).toString(8)}); run: chmod 0600 "${path}"`);
  }
  try {
    return { path, data: parseToml(readFileSync(path, 'utf8')) as Table };
  } catch (e) {
    // Line and column only: smol-toml's full message quotes the offending lines, which may hold a password.
    const where = (e as { line?: number; column?: number }).line ? ` at line ${(e as { line: number }).line}, column ${(e as { column: number }).column}` : '';
    throw new ConnectionConfigError(`${path}: not valid TOML${where}: ${(e as Error).message.split('\n')[0]}`);
  }
}

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Connections by name: connections.toml when it defines any (the CLI then ignores config.toml's
 * [connections]), else config.toml's [connections.NAME] tables. */
function fileConnections(connectionsToml: ConfigFile | undefined, configToml: ConfigFile | undefined): { byName: Map<string, { file: string; values: Table }> } {
  const byName = new Map<string, { file: string; values: Table }>();
  const fromConnections = connectionsToml ? Object.entries(connectionsToml.data).filter(([, v]) => isTable(v)) : [];
  if (fromConnections.length) {
    for (const [name, v] of fromConnections) byName.set(name, { file: connectionsToml!.path, values: v as Table });
    return { byName };
  }
  const section = configToml?.data.connections;
  if (isTable(section)) for (const [name, v] of Object.entries(section)) if (isTable(v)) byName.set(name, { file: configToml!.path, values: v });
  return { byName };
}

const envName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** The environment variable that overrides one key of a connection (how callers that keep a
 * secret elsewhere, e.g. an editor's secret storage, hand it to resolveConnection). */
export const connectionEnvKey = (name: string, key: string) => `SNOWFLAKE_CONNECTIONS_${envName(name)}_${key.toUpperCase()}`;

/** The connections defined in the config folder (the names resolveConnection accepts from the
 * files), the default connection's name, and the file that defines them. */
export function listConnections(e: ConnectionEnvironment = processEnvironment()): { names: string[]; defaultName: string; file: string } {
  const dir = configDir(e);
  const connectionsToml = readToml(join(dir, 'connections.toml'), [], e.platform);
  const configToml = readToml(join(dir, 'config.toml'), [], e.platform);
  const { byName } = fileConnections(connectionsToml, configToml);
  return { names: [...byName.keys()], defaultName: defaultConnectionName(e, connectionsToml, configToml), file: join(dir, 'connections.toml') };
}

function defaultConnectionName(e: ConnectionEnvironment, connectionsToml: ConfigFile | undefined, configToml: ConfigFile | undefined): string {
  return e.env.SNOWFLAKE_DEFAULT_CONNECTION_NAME
    ?? str(configToml?.data ?? {}, 'default_connection_name', configToml?.path ?? 'config.toml')
    ?? str(connectionsToml?.data ?? {}, 'default_connection_name', connectionsToml?.path ?? 'connections.toml')
    ?? 'default';
}

/** SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>=value overrides (keys lower-cased, as in the TOML files). */
export function envOverrides(name: string, env: ConnectionEnvironment['env']): Table {
  const prefix = `SNOWFLAKE_CONNECTIONS_${envName(name)}_`;
  const out: Table = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith(prefix) && v !== undefined && k.length > prefix.length) out[k.slice(prefix.length).toLowerCase()] = v;
  return out;
}

function str(values: Table, key: string, where: string): string | undefined {
  const v = values[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ConnectionConfigError(`${where}: "${key}" should be a string`);
}

/** TOML keys (Snowflake CLI / Python connector names) -> snowflake-sdk options. */
export function toDriverOptions(values: Table, where: string): DriverOptions {
  const s = (k: string) => str(values, k, where);
  const account = s('account');
  if (!account && !s('host')) throw new ConnectionConfigError(`${where}: "account" is missing`);
  const rawAuth = (s('authenticator') ?? 'SNOWFLAKE').toUpperCase();
  const authenticator = (rawAuth === 'USERNAME_PASSWORD' ? 'SNOWFLAKE' : rawAuth) as Authenticator;
  if (!AUTHENTICATORS.includes(authenticator)) {
    throw new ConnectionConfigError(`${where}: authenticator "${rawAuth}" is not supported; expected one of ${AUTHENTICATORS.join(', ')}`);
  }
  const o: DriverOptions = { account: account ?? s('host')!.split('.')[0], authenticator };
  const username = s('user') ?? s('username');
  if (username) o.username = username;
  for (const [from, to] of [['role', 'role'], ['warehouse', 'warehouse'], ['database', 'database'], ['schema', 'schema'], ['host', 'host']] as const) {
    const v = s(from);
    if (v) o[to] = v;
  }
  const port = s('port');
  if (port) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConnectionConfigError(`${where}: "port" should be a port number, got ${JSON.stringify(port)}`);
    o.port = n;
  }
  const protocol = s('protocol');
  if (protocol) {
    if (protocol !== 'http' && protocol !== 'https') throw new ConnectionConfigError(`${where}: "protocol" should be http or https`);
    o.protocol = protocol;
  }
  const secret = (k: string) => {
    const v = s(k);
    registerSecret(v);
    return v;
  };
  const password = secret('password');
  const token = secret('token') ?? readTokenFile(s('token_file_path'), where);
  const keyFile = s('private_key_file') ?? s('private_key_path');
  const keyPass = secret('private_key_file_pwd') ?? secret('private_key_passphrase');
  const need = (cond: unknown, what: string) => {
    if (!cond) throw new ConnectionConfigError(`${where}: authenticator ${authenticator} needs ${what}`);
  };
  switch (authenticator) {
    case 'SNOWFLAKE':
      need(username, '"user"');
      need(password, '"password" (or SNOWFLAKE_CONNECTIONS_<NAME>_PASSWORD)');
      o.password = password;
      break;
    case 'SNOWFLAKE_JWT':
      need(username, '"user"');
      need(keyFile, '"private_key_file"');
      o.privateKeyPath = keyFile;
      if (keyPass) o.privateKeyPass = keyPass;
      break;
    case 'EXTERNALBROWSER':
      // The browser does the sign-in; the user name only selects the account user to expect.
      break;
    case 'OAUTH':
      need(token, '"token" or "token_file_path"');
      o.token = token;
      break;
    case 'PROGRAMMATIC_ACCESS_TOKEN':
      need(username, '"user"');
      need(token ?? password, '"token" (the programmatic access token)');
      o.token = token ?? password;
      break;
  }
  return o;
}

function readTokenFile(path: string | undefined, where: string): string | undefined {
  if (!path) return undefined;
  try {
    const t = readFileSync(path, 'utf8').trim();
    registerSecret(t);
    return t;
  } catch (e) {
    throw new ConnectionConfigError(`${where}: cannot read token_file_path ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Resolve a named (or the default) connection into driver options. */
export function resolveConnection(requested: string | undefined, e: ConnectionEnvironment = processEnvironment()): ResolvedConnection {
  const dir = configDir(e);
  const warnings: string[] = [];
  const connectionsToml = readToml(join(dir, 'connections.toml'), warnings, e.platform);
  const configToml = readToml(join(dir, 'config.toml'), warnings, e.platform);
  const { byName } = fileConnections(connectionsToml, configToml);
  const defaultName = defaultConnectionName(e, connectionsToml, configToml);
  const name = requested ?? defaultName;
  const fromFile = byName.get(name);
  const overrides = envOverrides(name, e.env);
  if (!fromFile && !Object.keys(overrides).length) {
    const known = [...byName.keys()];
    throw new ConnectionConfigError(`No Snowflake connection named "${name}" in ${join(dir, 'connections.toml')} or ${join(dir, 'config.toml')}`
      + (known.length ? ` (defined: ${known.join(', ')})` : ' (no connections defined there)')
      + '. Add one, or set SNOWFLAKE_HOME to the folder that has your connections.toml.');
  }
  const where = `connection "${name}"${fromFile ? ` in ${fromFile.file}` : ' (from environment variables)'}`;
  const values = { ...(fromFile?.values ?? {}), ...overrides };
  return {
    name,
    sources: [fromFile?.file, ...Object.keys(overrides).map((k) => `$SNOWFLAKE_CONNECTIONS_${envName(name)}_${k.toUpperCase()}`)].filter((x): x is string => !!x),
    options: toDriverOptions(values, where),
    warnings,
  };
}
