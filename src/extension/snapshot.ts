// What the Pipeline tree shows about the warehouse, read in one go while the warehouse is open
// (then it is closed again, so the CLI can write). Every read is defensive: a table another
// feature has not created yet (TASK_HISTORY before the first recorded run) means "no data",
// never an error in the view. No `vscode` import: tested on a real DuckDB file.
import { TABLES } from '../core/manifest';
import { quoteIdent } from '../core/sql/identifiers';
import type { LocalWarehouse } from '../core/targets/local/warehouse';

export interface TaskRunInfo {
  readonly state: string;
  readonly completedAt?: string;
  readonly durationMs?: number;
  readonly errorMessage?: string;
}

export interface WarehouseSnapshot {
  /** Row count per existing manifest table (upper-case name). Missing tables are absent. */
  readonly rowCounts: ReadonlyMap<string, number>;
  /** Last recorded run per task name, from TASK_HISTORY when it exists. */
  readonly lastRuns: ReadonlyMap<string, TaskRunInfo>;
}

export const EMPTY_SNAPSHOT: WarehouseSnapshot = { rowCounts: new Map(), lastRuns: new Map() };

export async function readSnapshot(wh: LocalWarehouse): Promise<WarehouseSnapshot> {
  const conn = await wh.connect();
  try {
    const present = await wh.query<{ name: string }>(
      `select upper(table_name) as name from information_schema.tables where table_schema = 'main'`, [], conn);
    const existing = new Set(present.map((r) => r.name));
    const wanted = TABLES.filter((t) => existing.has(t.name.toUpperCase()));
    const rowCounts = new Map<string, number>();
    for (const t of wanted) {
      try {
        const [r] = await wh.query<{ n: number | string }>(`select count(*)::bigint as n from ${quoteIdent(t.name)}`, [], conn);
        rowCounts.set(t.name, Number(r.n));
      } catch {
        // A view over Iceberg files that were removed, for instance: show the table without a count.
      }
    }
    const lastRuns = existing.has('TASK_HISTORY') ? await readLastRuns(wh, conn) : new Map<string, TaskRunInfo>();
    return { rowCounts, lastRuns };
  } finally {
    conn.closeSync();
  }
}

async function readLastRuns(wh: LocalWarehouse, conn: Awaited<ReturnType<LocalWarehouse['connect']>>): Promise<Map<string, TaskRunInfo>> {
  const out = new Map<string, TaskRunInfo>();
  try {
    const rows = await wh.query<{ name: string; state: string; completed: string | null; ms: number | null; err: string | null }>(
      `select NAME as name, STATE as state, COMPLETED_TIME::varchar as completed, DURATION_MS as ms, ERROR_MESSAGE as err
       from (select *, row_number() over (partition by NAME
               order by coalesce(QUERY_START_TIME, SCHEDULED_TIME) desc nulls last, ATTEMPT_NUMBER desc) as rn
             from TASK_HISTORY) where rn = 1`, [], conn);
    for (const r of rows) {
      out.set(r.name, {
        state: r.state, completedAt: r.completed ?? undefined,
        durationMs: r.ms === null || r.ms === undefined ? undefined : Number(r.ms), errorMessage: r.err ?? undefined,
      });
    }
  } catch {
    // TASK_HISTORY exists but has another shape (an older or newer build): show "never run".
  }
  return out;
}
