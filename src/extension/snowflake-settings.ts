// The Snowflake target's settings (retailPipeline.defaultTarget, retailPipeline.snowflake.*) and
// what they turn into: the connection to use and the deploy config. No `vscode` import, so the
// validation is tested without VS Code. Names are validated as identifiers here, naming the
// setting, and quoted where the core uses them.
import { resolveDeployConfig, type SnowflakeDeployConfig } from '../core/snowflake/deploy-config';
import { validateIdentifier } from '../core/sql/identifiers';
import { ERROR_CODES } from '../shared/error-code';
import type { SettingsReader } from './config';
import type { TargetKind } from './session';
import { isTargetKind } from '../core/targets/capabilities';
import { settingEffects } from './settings-policy';

export interface SnowflakeSettings {
  readonly defaultTarget: TargetKind;
  /** Connection name in connections.toml; undefined: the Snowflake CLI's default connection. */
  readonly connection?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  /** database.schema.table */
  readonly eventTable?: string;
}

/** Recognised by its code (hasErrorCode), never instanceof: see shared/error-code.ts. */
export class InvalidSnowflakeSettingError extends Error {
  override readonly name = 'InvalidSnowflakeSettingError';
  readonly code = ERROR_CODES.invalidSnowflakeSetting;
}

/** Whether a change ends the current session (settings-policy.ts says which settings do). */
export function affectsSession(affects: (key: string) => boolean): boolean {
  return settingEffects(affects).has('newSession');
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A connection name as connections.toml writes it as a bare key (and the CLI accepts). */
export const CONNECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function readSnowflakeSettings(r: SettingsReader): SnowflakeSettings {
  const target = r.get<string>('defaultTarget');
  const connection = text(r.get<string>('snowflake.connection'));
  if (connection && !CONNECTION_NAME.test(connection)) {
    throw new InvalidSnowflakeSettingError(`retailPipeline.snowflake.connection ${JSON.stringify(connection)}: expected a connection name of letters, digits, _ or -`);
  }
  const ident = (key: 'warehouse' | 'database' | 'schema'): string | undefined => {
    const v = text(r.get<string>(`snowflake.${key}`));
    if (v === undefined) return undefined;
    try {
      return validateIdentifier(v, `retailPipeline.snowflake.${key}`);
    } catch (e) {
      throw new InvalidSnowflakeSettingError((e as Error).message);
    }
  };
  return {
    // Any kind of target the project has (capabilities.ts); anything else is the local one.
    defaultTarget: isTargetKind(target) ? target : 'local',
    connection, warehouse: ident('warehouse'), database: ident('database'), schema: ident('schema'),
    eventTable: text(r.get<string>('snowflake.eventTable')),
  };
}

/** The deploy config the settings describe: the core's defaults with the overrides applied. */
export function deployConfigFromSettings(s: SnowflakeSettings): SnowflakeDeployConfig {
  try {
    return resolveDeployConfig({ warehouse: s.warehouse, database: s.database, schema: s.schema, eventTable: s.eventTable });
  } catch (e) {
    throw new InvalidSnowflakeSettingError(`retailPipeline.snowflake: ${(e as Error).message}`);
  }
}
