// Commands that read what a run wrote (query, retry) need the local warehouse to exist already:
// opening a missing DuckDB file would silently create an empty one, and the user would then see
// an unrelated error about a missing table (or a data folder) instead of the actual cause.
import { existsSync } from 'node:fs';
import { warehouseFile } from '../core/targets/local/state-dir';

/** Throws `<what>: there is no warehouse in <workspace> yet …` when nothing has run there. */
export function requireWarehouse(workspace: string, what: string): void {
  if (!existsSync(warehouseFile(workspace))) {
    throw new Error(`${what}: there is no warehouse in ${workspace} yet (.retail/warehouse.duckdb); run \`retail-pipeline run\` first (or pass --workspace DIR)`);
  }
}
