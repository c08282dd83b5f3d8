// DuckDB's resource settings for the local warehouse, from the machine. Left to itself DuckDB
// takes 80% of the RAM per database instance, and the extension, the language server and a
// CLI run may each open one on the same machine: a large run then grows until the OS
// intervenes. With a limit, DuckDB spills its hash tables and sorts to `temp_directory` (next
// to the warehouse, so on the same disk) and the run stays within it. Threads: one per core
// Node says we may use (cgroup limits included), which is DuckDB's own choice on bare metal
// but not in a container whose CPU quota is below the host's core count.
import { availableParallelism, totalmem } from 'node:os';

const MB = 2 ** 20;
/** A quarter of the RAM, within these bounds. The upper one keeps a whole run under 2 GB of RSS
 *  at scale 3000: with 1536 MB the run peaked at 2080 MB (DuckDB's limit plus Node's heap). */
const MIN_LIMIT_MB = 512;
const MAX_LIMIT_MB = 1280;

export interface EngineSettings {
  readonly memory_limit: string;
  readonly threads: string;
  readonly temp_directory: string;
}

function fromEnv(name: string, pattern: RegExp, what: string): string | undefined {
  const v = process.env[name]?.trim();
  if (!v) return undefined;
  if (!pattern.test(v)) throw new Error(`${name}=${JSON.stringify(v)}: expected ${what}`);
  return v;
}

/**
 * The settings a warehouse instance is created with. RETAIL_DUCKDB_MEMORY_LIMIT (e.g. "4GB")
 * and RETAIL_DUCKDB_THREADS override the defaults computed from the machine.
 */
export function engineSettings(tempDirectory: string, machine = { memoryBytes: totalmem(), cores: availableParallelism() }): EngineSettings {
  const limitMb = Math.round(Math.min(MAX_LIMIT_MB, Math.max(MIN_LIMIT_MB, machine.memoryBytes / 4 / MB)));
  return {
    memory_limit: fromEnv('RETAIL_DUCKDB_MEMORY_LIMIT', /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size such as 2GB or 512MB') ?? `${limitMb}MB`,
    threads: fromEnv('RETAIL_DUCKDB_THREADS', /^[1-9]\d{0,3}$/, 'a whole number of threads >= 1') ?? String(Math.max(1, machine.cores)),
    temp_directory: tempDirectory,
  };
}
