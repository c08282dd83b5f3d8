// Typed access to the `retailPipeline.*` settings: one getter per setting, the pure parts
// (path resolution, ${env:X} expansion) separate so they can be tested without VS Code.
// Secrets are never settings: see secrets.ts.
import { isAbsolute, join } from 'node:path';

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

export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

export class Config {
  constructor(private readonly read: () => SettingsReader) {}

  get dataFolder(): string {
    return this.read().get<string>('dataFolder') ?? 'sample_data';
  }

  get concurrency(): number {
    const n = this.read().get<number>('concurrency');
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 4;
  }

  get mysqlPartitions(): number {
    const n = this.read().get<number>('mysqlPartitions');
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 4;
  }

  dataDir(workspace: string): string {
    return resolveDataDir(workspace, this.dataFolder);
  }
}
