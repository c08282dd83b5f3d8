// A temporary SNOWFLAKE_HOME with a connections.toml for the E2E files that point the extension
// at the wire double: code-server (and so the extension host) inherits this process's
// environment, so the variable is set here and put back by restore().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SnowflakeHome {
  readonly dir: string;
  readonly connectionsFile: string;
  /** Puts SNOWFLAKE_HOME back as it was and removes the folder. */
  restore(): void;
}

/** Writes `toml` as <new temporary folder>/connections.toml (0600, as the SDK wants a file
 * holding passwords) and makes that folder SNOWFLAKE_HOME. */
export function useSnowflakeHome(toml: string): SnowflakeHome {
  const saved = process.env.SNOWFLAKE_HOME;
  const dir = mkdtempSync(join(tmpdir(), 'retail-e2e-sfhome-'));
  const connectionsFile = join(dir, 'connections.toml');
  writeFileSync(connectionsFile, toml, { mode: 0o600 });
  process.env.SNOWFLAKE_HOME = dir;
  return {
    dir, connectionsFile,
    restore() {
      if (saved === undefined) delete process.env.SNOWFLAKE_HOME;
      else process.env.SNOWFLAKE_HOME = saved;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
