// A small promise-based client on snowflake-sdk: connect, execute one statement (PUT included:
// the driver uploads the local file itself), destroy. Errors come back as SnowflakeStatementError
// carrying Snowflake's code and message and the statement's summary, never its secret values.
// The driver's own log goes through our Logger (and so through redact()), at ERROR unless asked.
import type * as snowflake from 'snowflake-sdk';
import type { Logger, Severity } from '../log';
import { redact, registerSecret } from '../secrets/redact';
import { snowflakeLiteral } from '../sql/identifiers';
import type { DriverOptions } from './connections';

export type SqlValue = string | number | boolean | null;
export type Row = Record<string, unknown>;

export class SnowflakeStatementError extends Error {
  constructor(
    /** Snowflake's error code, e.g. "002003" (or the driver's, e.g. 401001 for a network failure). */
    readonly code: string | undefined,
    /** Snowflake's message, redacted. */
    readonly snowflakeMessage: string,
    /** What the statement does, or its first line. */
    readonly statement: string,
    readonly sqlState?: string,
    readonly queryId?: string,
    /** False when the driver itself failed (network, timeout): the server never answered. */
    readonly fromServer = true,
  ) {
    super(`${statement}: ${fromServer ? 'Snowflake' : 'driver'} error${code ? ` ${code}` : ''}${sqlState ? ` (${sqlState})` : ''}: ${snowflakeMessage}`);
    this.name = 'SnowflakeStatementError';
  }
}

export interface ExecuteOptions {
  /** Bind values for `?` placeholders. */
  readonly binds?: readonly SqlValue[];
  /** Named secret placeholders (`:name`) replaced by quoted values in the text sent only. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** What to call the statement in errors (default: its first line, placeholders intact). */
  readonly summary?: string;
}

/** snowflake-sdk takes seconds to load (it brings the AWS, Azure and GCP SDKs): loaded on first
 * use, so commands that never connect (deploy --dry-run) do not pay for it. */
let sdk: typeof snowflake | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const driver = (): typeof snowflake => (sdk ??= require('snowflake-sdk') as typeof snowflake);

const DRIVER_LEVELS: Record<string, Severity> = { error: 'ERROR', warn: 'WARN', info: 'DEBUG', debug: 'DEBUG', trace: 'DEBUG' };

/** Route the driver's logging through our (redacting) logger; OFF unless RETAIL_SNOWFLAKE_LOG
 * asks for more (ERROR, WARN, INFO, DEBUG, TRACE). Without this the driver writes snowflake.log
 * into the working directory. */
export function configureDriverLogging(logger: Logger, level = process.env.RETAIL_SNOWFLAKE_LOG ?? 'ERROR'): void {
  const tag = level.toUpperCase() as snowflake.LogLevel;
  const forward = (sev: string) => (m: string) => logger.log(DRIVER_LEVELS[sev], `snowflake-sdk: ${redact(m)}`);
  driver().configure({
    logLevel: ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'OFF'].includes(tag) ? tag : 'ERROR',
    customLogger: { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug'), trace: forward('trace') },
  });
}

// Secret values become literals through the one Snowflake literal function (a backslash in a
// password must be doubled as well as the quote).
export { snowflakeLiteral };

/** Replace :name placeholders by SQL literals; only for the text sent, never for logs or errors. */
export function substituteSecrets(sql: string, secrets: Readonly<Record<string, string>>, names: readonly string[]): string {
  let out = sql;
  for (const n of names) {
    const v = secrets[n];
    if (v === undefined) throw new Error(`no value for the secret placeholder :${n}`);
    registerSecret(v);
    // A word boundary so :mysql_user does not match inside :mysql_user_x.
    out = out.replace(new RegExp(`:${n}\\b`, 'g'), () => snowflakeLiteral(v));
  }
  return out;
}

export const firstLine = (sql: string) => {
  const l = sql.trim().split('\n')[0];
  return l.length > 120 ? l.slice(0, 119) + '…' : l;
};

function toStatementError(e: unknown, summary: string): SnowflakeStatementError {
  const err = e as snowflake.SnowflakeError;
  const code = err?.code !== undefined && err.code !== null ? String(err.code) : undefined;
  // Snowflake's codes arrive as strings ("002003"); the driver's own (network, timeout) are numbers.
  return new SnowflakeStatementError(code, redact(String(err?.message ?? e)), summary, err?.sqlState, err?.data?.queryId as string | undefined, typeof err?.code === 'string');
}

/** The session is gone for good (its master token expired, or Snowflake dropped it): the
 * statement never ran, and a fresh login can send it again. 390112 (session token expired) is
 * handled inside the driver by renewing with the master token; these are what is left. */
const SESSION_GONE = new Set(['390114', '390111', '390104', '407002']);

async function openConnection(options: DriverOptions, extra: Record<string, unknown>): Promise<snowflake.Connection> {
  const conn = driver().createConnection({ application: 'retail-pipeline', ...options, ...extra } as snowflake.ConnectionOptions);
  const connect = options.authenticator === 'EXTERNALBROWSER' ? conn.connectAsync.bind(conn) : (cb: (e: snowflake.SnowflakeError | undefined) => void) => conn.connect(cb);
  await new Promise<void>((resolve, reject) => {
    void connect((e: snowflake.SnowflakeError | undefined) => (e ? reject(toStatementError(e, `connect to account ${options.account}`)) : resolve()));
  });
  return conn;
}

export class SnowflakeClient {
  /** Fresh logins after the session was gone (see SESSION_GONE). */
  reconnects = 0;

  private constructor(
    private conn: snowflake.Connection,
    private readonly options: DriverOptions,
    private readonly logger: Logger,
    private readonly extra: Record<string, unknown>,
  ) {}

  static async connect(options: DriverOptions, logger: Logger, extra: Record<string, unknown> = {}): Promise<SnowflakeClient> {
    configureDriverLogging(logger);
    return new SnowflakeClient(await openConnection(options, extra), options, logger, extra);
  }

  /** Run one statement and return its rows (objects keyed by column name). */
  async execute<T extends Row = Row>(sql: string, o: ExecuteOptions = {}): Promise<T[]> {
    const names = Object.keys(o.secrets ?? {});
    const sqlText = names.length ? substituteSecrets(sql, o.secrets!, names) : sql;
    const summary = o.summary ?? firstLine(sql);
    try {
      return await this.send<T>(sqlText, o, summary);
    } catch (e) {
      if (!(e instanceof SnowflakeStatementError) || !e.code || !SESSION_GONE.has(e.code)) throw e;
      this.logger.log('WARN', `the Snowflake session ended (${e.code}: ${e.snowflakeMessage}); logging in again`);
      // A long deploy can outlive the master token; one fresh login, then the same statement.
      this.conn = await openConnection(this.options, this.extra);
      this.reconnects++;
      return this.send<T>(sqlText, o, summary);
    }
  }

  private send<T extends Row>(sqlText: string, o: ExecuteOptions, summary: string): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      this.conn.execute({
        sqlText,
        binds: o.binds as snowflake.Binds | undefined,
        complete: (err, _stmt, rows) => (err ? reject(toStatementError(err, summary)) : resolve((rows ?? []) as T[])),
      });
    });
  }

  async destroy(): Promise<void> {
    await new Promise<void>((resolve) => this.conn.destroy(() => resolve()));
  }
}

/** Connect, run `fn`, always disconnect. */
export async function withClient<T>(options: DriverOptions, logger: Logger, fn: (c: SnowflakeClient) => Promise<T>, extra?: Record<string, unknown>): Promise<T> {
  const c = await SnowflakeClient.connect(options, logger, extra);
  try {
    return await fn(c);
  } finally {
    await c.destroy();
  }
}
