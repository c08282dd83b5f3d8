// What a dashboard section is (its SQL, the tables it reads, where it sits on the page) and
// how one is run: rendered for the target's dialect, rows with lower-case keys and numbers,
// then the section's own transform. Labels for NULLs live here so every section says the same.
import type { SectionGroup } from '../../shared/webview-protocol';
import { renderSql, type Dialect } from '../sql/dialect';

/** The part of a warehouse the dashboard needs; LocalWarehouse fits it, a Snowflake session can. */
export interface DashboardSource {
  query(sql: string): Promise<Record<string, unknown>[]>;
  tableExists(name: string): Promise<boolean>;
}

export interface SectionQuery {
  readonly id: string;
  readonly title: string;
  /** Where it sits on the page. */
  readonly group: SectionGroup;
  /** Tables read; a section whose tables are missing is left out (and reported). */
  readonly tables: readonly string[];
  readonly sql: string;
  /** Rows as read -> rows as charted (labels for NULLs, numbers parsed from text). */
  readonly transform?: (rows: Record<string, unknown>[]) => Record<string, unknown>[];
}

/** Shown for a NULL category or product name (the analytics tables keep such rows). */
export const NO_CATEGORY = '(no category)';
export const UNKNOWN_PRODUCT = '(unknown product)';

export function labelNulls(field: string, label: string): (rows: Record<string, unknown>[]) => Record<string, unknown>[] {
  return (rows) => rows.map((r) => (r[field] === null || r[field] === undefined ? { ...r, [field]: label } : r));
}

/** A `product` label per row: the name, "(unknown product)" without one, and the id added where
 * two rows would get the same label (a chart axis would merge their bars). */
export function labelProducts(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const base = rows.map((r) => (typeof r.product_name === 'string' && r.product_name !== '' ? r.product_name : UNKNOWN_PRODUCT));
  const seen = new Map<string, number>();
  for (const b of base) seen.set(b, (seen.get(b) ?? 0) + 1);
  return rows.map((r, i) => ({ ...r, product: seen.get(base[i])! > 1 ? `${base[i]} (${String(r.product_id)})` : base[i] }));
}

export function renderSectionSql(q: SectionQuery, dialect: Dialect): string {
  // The dashboard uses no sentiment macro; the thresholds are required by the renderer only.
  return renderSql(q.sql, `dashboard:${q.id}`, { dialect, sentiment: { positive: 0.5, negative: -0.5 } });
}

/** Rows with lower-case keys, numbers as numbers (Snowflake and DuckDB differ on both). */
export function normalizeRows(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      out[k.toLowerCase()] = typeof v === 'bigint' ? Number(v) : v;
    }
    return out;
  });
}

export async function missingTables(src: DashboardSource, q: SectionQuery): Promise<string[]> {
  const out: string[] = [];
  for (const t of q.tables) if (!(await src.tableExists(t))) out.push(t);
  return out;
}

export async function runSection(src: DashboardSource, q: SectionQuery, dialect: Dialect = 'duckdb'): Promise<Record<string, unknown>[]> {
  const rows = normalizeRows(await src.query(renderSectionSql(q, dialect)));
  return q.transform ? q.transform(rows) : rows;
}
