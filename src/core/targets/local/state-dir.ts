// Where the local target keeps its state. Its own module, free of DuckDB, so the extension's
// activation bundle and the language server can name the folder without loading the database.
import { join, resolve } from 'node:path';

/**
 * The state folder (warehouse, stages, Iceberg tables, run lock): `<workspace>/.retail` unless
 * a folder is given (the extension's retailPipeline.stateFolder), relative to the workspace.
 */
export function stateDir(workspace: string, override?: string): string {
  return override ? resolve(workspace, override) : join(resolve(workspace), '.retail');
}

/** The local warehouse's DuckDB file in that folder. */
export function warehouseFile(workspace: string, override?: string): string {
  return join(stateDir(workspace, override), 'warehouse.duckdb');
}
