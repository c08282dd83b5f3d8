// What a Snowflake deployment is named and sized. Every name is validated as an identifier and
// quoted where it is used, so configuration can never inject SQL.
import { validateIdentifier } from '../sql/identifiers';

export interface SnowflakeDeployConfig {
  readonly database: string;
  readonly schema: string;
  readonly warehouse: string;
  readonly warehouseSize: 'XSMALL' | 'SMALL' | 'MEDIUM' | 'LARGE';
  /** Seconds of inactivity before the warehouse suspends. */
  readonly autoSuspend: number;
  /** The role that owns the pipeline's objects. */
  readonly role: string;
  /** External volume for the gold Iceberg tables (created by an account admin). */
  readonly externalVolume: string;
  /** Event table the database's telemetry goes to (database.schema.name). */
  readonly eventTable: string;
  /** Host:port of the MySQL server, for the network rule of the external access integration. */
  readonly mysqlHostPort: string;
  /** MySQL database the load procedure reads. */
  readonly mysqlDatabase: string;
  /** The user who deploys (the admin part grants it the pipeline role, so that it can USE ROLE
   * it without SYSADMIN). Unset: the user who runs the admin part. */
  readonly deployUser?: string;
}

export const DEFAULT_DEPLOY_CONFIG: SnowflakeDeployConfig = {
  database: 'RETAIL_PIPELINE',
  schema: 'RETAIL',
  warehouse: 'RETAIL_WH',
  warehouseSize: 'XSMALL',
  autoSuspend: 60,
  role: 'RETAIL_PIPELINE_ROLE',
  externalVolume: 'RETAIL_ICEBERG_VOLUME',
  eventTable: 'RETAIL_PIPELINE.RETAIL.RETAIL_EVENTS',
  mysqlHostPort: 'mysql.example.com:3306',
  mysqlDatabase: 'retail_db',
};

const HOST_PORT = /^[A-Za-z0-9.-]{1,253}:\d{1,5}$/;

export function resolveDeployConfig(overrides: Partial<SnowflakeDeployConfig> = {}): SnowflakeDeployConfig {
  const cfg = { ...DEFAULT_DEPLOY_CONFIG, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } as SnowflakeDeployConfig;
  for (const k of ['database', 'schema', 'warehouse', 'role', 'externalVolume', 'mysqlDatabase'] as const) validateIdentifier(cfg[k], k);
  if (cfg.deployUser !== undefined) validateIdentifier(cfg.deployUser, 'deployUser');
  const parts = cfg.eventTable.split('.');
  if (parts.length !== 3) throw new Error(`eventTable ${JSON.stringify(cfg.eventTable)}: expected database.schema.table`);
  parts.forEach((p) => validateIdentifier(p, 'eventTable part'));
  if (!['XSMALL', 'SMALL', 'MEDIUM', 'LARGE'].includes(cfg.warehouseSize)) throw new Error(`warehouseSize ${JSON.stringify(cfg.warehouseSize)}: expected XSMALL, SMALL, MEDIUM or LARGE`);
  if (!Number.isInteger(cfg.autoSuspend) || cfg.autoSuspend < 0) throw new Error(`autoSuspend ${cfg.autoSuspend}: expected whole seconds >= 0`);
  if (!HOST_PORT.test(cfg.mysqlHostPort)) throw new Error(`mysqlHostPort ${JSON.stringify(cfg.mysqlHostPort)}: expected host:port`);
  return cfg;
}
