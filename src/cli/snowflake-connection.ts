// Where the pipeline lives on a Snowflake account, from the command line: the options every
// Snowflake-facing command shares (--connection and the deploy config's names), the named
// connection resolved from connections.toml, and a client on it. No driver is loaded here:
// snowflake-sdk is required when a client connects.
import type { Logger } from '../core/log';
import { withClient, type SnowflakeClient } from '../core/snowflake/client';
import { resolveConnection, type DriverOptions, type ResolvedConnection } from '../core/snowflake/connections';
import { resolveDeployConfig, type SnowflakeDeployConfig } from '../core/snowflake/deploy-config';
import type { Options } from './args';
import type { CommandContext } from './main';

/** Options that name where the pipeline lives on the account (deploy, the target verbs, snowflake). */
export const LOCATION_OPTIONS: Options = {
  connection: { type: 'string' },
  database: { type: 'string' }, schema: { type: 'string' }, warehouse: { type: 'string' }, role: { type: 'string' },
  'external-volume': { type: 'string' }, 'event-table': { type: 'string' }, 'mysql-host': { type: 'string' }, 'deploy-user': { type: 'string' },
};

export function deployConfigFrom(values: Record<string, unknown>): SnowflakeDeployConfig {
  const s = (k: string) => values[k] as string | undefined;
  return resolveDeployConfig({
    database: s('database'), schema: s('schema'), warehouse: s('warehouse'), role: s('role'),
    externalVolume: s('external-volume'), eventTable: s('event-table'), mysqlHostPort: s('mysql-host'), deployUser: s('deploy-user'),
  });
}

/** The named connection (or the default one), its warnings printed. */
export function connectionFrom(values: Record<string, unknown>, logger: Logger): ResolvedConnection {
  const conn = resolveConnection(values.connection as string | undefined);
  for (const w of conn.warnings) logger.log('WARN', w);
  return conn;
}

/** The driver options of a connection, with the line the CLI logs before it connects. `defaults`
 * fill what the connection leaves out: reads of INFORMATION_SCHEMA and COPY INTO need a
 * warehouse, so the pipeline's is the fallback. */
export function driverOptionsFor(conn: ResolvedConnection, logger: Logger, defaults: Partial<DriverOptions> = {}): DriverOptions {
  logger.log('INFO', `connecting to Snowflake account ${conn.options.account} (connection "${conn.name}", ${conn.options.authenticator})`);
  return { ...defaults, ...conn.options };
}

/** Connect with the named connection, run `fn`, disconnect. */
export async function withConnection<T>(values: Record<string, unknown>, ctx: CommandContext, fn: (c: SnowflakeClient) => Promise<T>, defaults: Partial<DriverOptions> = {}): Promise<T> {
  return withClient(driverOptionsFor(connectionFrom(values, ctx.logger), ctx.logger, defaults), ctx.logger, fn);
}
