// Reads column types and row counts from the local warehouse, READ_ONLY and briefly: DuckDB lets
// one process hold the file for writing, and that is the extension or the CLI running the
// pipeline. When the file is locked (a run is going on) or missing, the server carries on with
// the manifest alone and tries again on the next "catalog changed" notification.
import { existsSync } from 'node:fs';
import { warehouseFile } from '../core/targets/local/state-dir';
import type { LiveCatalog, LiveTable } from './catalog';

export type LiveResult = { ok: true; catalog: LiveCatalog } | { ok: false; reason: string };

export async function readLiveCatalog(workspace: string, tableNames: readonly string[], stateDir?: string): Promise<LiveResult> {
  const path = warehouseFile(workspace, stateDir);
  if (!existsSync(path)) return { ok: false, reason: `no warehouse yet at ${path}` };
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: /lock/i.test(msg) ? 'the warehouse is in use by another process (a run?)' : `cannot open the warehouse: ${msg}` };
  }
  try {
    const conn = await instance.connect();
    try {
      const tables = new Map<string, { columns: Map<string, string>; rows?: number }>();
      const cols = await conn.runAndReadAll(
        `select upper(table_name) as t, lower(column_name) as c, data_type as ty from information_schema.columns
         where table_schema = 'main' order by table_name, ordinal_position`);
      for (const [t, c, ty] of cols.getRows() as [string, string, string][]) {
        let entry = tables.get(t);
        if (!entry) tables.set(t, (entry = { columns: new Map() }));
        entry.columns.set(c, ty);
      }
      // Exact counts, only for the pipeline's own tables (a handful of small scans).
      const wanted = tableNames.map((n) => n.toUpperCase()).filter((n) => tables.has(n));
      for (const n of wanted) {
        try {
          const counts = await conn.runAndReadAll(`select count(*)::bigint from "${n.replace(/"/g, '""')}"`);
          tables.get(n)!.rows = Number((counts.getRows()[0] as [bigint])[0]);
        } catch {
          // An Iceberg view whose files are gone, say: its types are still worth having.
        }
      }
      return { ok: true, catalog: { tables: tables as Map<string, LiveTable>, source: path, readAt: new Date() } };
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
