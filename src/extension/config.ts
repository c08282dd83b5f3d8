// Typed access to the `retailPipeline.*` settings: one getter per setting, the pure parts
// (path resolution, ${env:X} expansion) separate so they can be tested without VS Code.
// Secrets are never settings: see secrets.ts.
import { isAbsolute, join } from 'node:path';
import { checkSentimentThresholds, DEFAULT_SENTIMENT_THRESHOLDS } from '../core/ai/thresholds';
import { parseSeverity, type Severity } from '../core/log';
import type { SentimentThresholds } from '../core/sql/dialect';
import { stateDir } from '../core/targets/local/state-dir';
import { ERROR_CODES } from '../shared/error-code';
import { readSnowflakeSettings, type SnowflakeSettings } from './snowflake-settings';

export const SECTION = 'retailPipeline';

/** Replaces ${env:NAME} with the variable's value (empty when unset), like VS Code's own variables. */
export function expandEnv(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
}

/** The data folder setting, relative to the workspace folder unless absolute. */
export function resolveDataDir(workspace: string, setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const v = expandEnv((setting ?? '').trim() || 'sample_data', env);
  return isAbsolute(v) ? v : join(workspace, v);
}

/** The state folder setting (warehouse, stages, Iceberg, history): `<workspace>/.retail` when
 *  empty, else relative to the workspace folder unless absolute; `${env:NAME}` is expanded. */
export function resolveStateDir(workspace: string, setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const v = expandEnv((setting ?? '').trim(), env).trim();
  return stateDir(workspace, v || undefined);
}

/** A setting that is not usable as it is; the message names the setting and says why. */
export class InvalidSettingError extends Error {
  override readonly name = 'InvalidSettingError';
  readonly code = ERROR_CODES.invalidSetting;
  constructor(readonly setting: string, message: string) {
    super(message);
  }
}

/** An integer setting within [min, max]; anything else (unset, fractional, out of range) falls
 *  back, as VS Code only warns about values outside the schema. */
export function intSetting(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

const POSITIVE = `${SECTION}.sentiment.positiveThreshold`;
const NEGATIVE = `${SECTION}.sentiment.negativeThreshold`;

/**
 * The sentiment thresholds from the two settings: undefined when neither is set (the target
 * keeps its own default: ±0.05 locally, ±0.5 for Cortex), else the set ones over `defaults`,
 * checked: both in −1..1 and negative ≤ positive, or an InvalidSettingError saying which.
 */
export function sentimentThresholds(positive: unknown, negative: unknown, defaults: SentimentThresholds = DEFAULT_SENTIMENT_THRESHOLDS): SentimentThresholds | undefined {
  const unset = (v: unknown) => v === undefined || v === null;
  if (unset(positive) && unset(negative)) return undefined;
  const t = { positive: unset(positive) ? defaults.positive : positive as number, negative: unset(negative) ? defaults.negative : negative as number };
  try {
    return checkSentimentThresholds(t);
  } catch (e) {
    const setting = typeof t.positive !== 'number' || !Number.isFinite(t.positive) || Math.abs(t.positive) > 1 ? POSITIVE : NEGATIVE;
    throw new InvalidSettingError(setting, `Invalid sentiment thresholds (${POSITIVE} = ${String(t.positive)}, ${NEGATIVE} = ${String(t.negative)}): ${(e as Error).message.replace(/^sentiment thresholds: /, '')}.`);
  }
}

export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

export class Config {
  constructor(private readonly read: () => SettingsReader) {}

  /** retailPipeline.defaultTarget and retailPipeline.snowflake.* (validated: throws
   * InvalidSnowflakeSettingError naming the setting). See snowflake-settings.ts. */
  get snowflake(): SnowflakeSettings {
    return readSnowflakeSettings(this.read());
  }

  get dataFolder(): string {
    return this.read().get<string>('dataFolder') ?? 'sample_data';
  }

  /** Independent tasks run together on the local target (package.json: 1..32). */
  get concurrency(): number {
    return intSetting(this.read().get<number>('concurrency'), 4, 1, 32);
  }

  /** Lowest severity kept as LOG records in the event table (package.json: DEBUG..ERROR; the
   *  run --log-level flag of the CLI). An unknown value falls back to DEBUG, the default. */
  get eventLogLevel(): Severity {
    return parseSeverity(this.read().get<string>('eventLogLevel')) ?? 'DEBUG';
  }

  /** Key-range partitions per large MySQL table (package.json: 1..64). */
  get mysqlPartitions(): number {
    return intSetting(this.read().get<number>('mysqlPartitions'), 4, 1, 64);
  }

  get stateFolder(): string {
    return this.read().get<string>('stateFolder') ?? '';
  }

  dataDir(workspace: string): string {
    return resolveDataDir(workspace, this.dataFolder);
  }

  /** Where the local target keeps .retail/'s contents for this workspace. */
  stateDir(workspace: string): string {
    return resolveStateDir(workspace, this.stateFolder);
  }

  /** Label thresholds for the local run; undefined: the target's default. Throws InvalidSettingError. */
  sentiment(defaults?: SentimentThresholds): SentimentThresholds | undefined {
    const r = this.read();
    return sentimentThresholds(r.get<number | null>('sentiment.positiveThreshold'), r.get<number | null>('sentiment.negativeThreshold'), defaults);
  }
}
