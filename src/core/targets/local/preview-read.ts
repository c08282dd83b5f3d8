// Preview Table's read: the first rows of one manifest table, its columns and its row count.
// Only manifest tables are read (table() throws for any other name), so nothing else is queried.
import { table as tableDef } from '../../manifest';
import { quoteIdent } from '../../sql/identifiers';
import type { LocalWarehouse } from './warehouse';

export interface TablePreview {
  readonly table: string;
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: readonly Record<string, unknown>[];
  /** Total rows in the table (the preview shows at most `limit`). */
  readonly total: number;
  readonly limit: number;
}

export const PREVIEW_LIMIT = 200;

/** Undefined when the table has not been built in this warehouse yet. */
export async function readTablePreview(wh: LocalWarehouse, name: string, limit = PREVIEW_LIMIT): Promise<TablePreview | undefined> {
  const def = tableDef(name);
  const conn = await wh.connect();
  try {
    const columns = await wh.query<{ name: string; type: string }>(
      `select column_name as name, data_type as type from information_schema.columns
       where table_schema = 'main' and upper(table_name) = upper(?) order by ordinal_position`, [def.name], conn);
    if (!columns.length) return undefined;
    const [{ n }] = await wh.query<{ n: number }>(`select count(*)::bigint as n from ${quoteIdent(def.name)}`, [], conn);
    const rows = await wh.query(`select * from ${quoteIdent(def.name)} limit ${Math.max(0, Math.floor(limit))}`, [], conn);
    return { table: def.name, columns, rows, total: Number(n), limit };
  } finally {
    conn.closeSync();
  }
}
