// The local target's snapshot for the Pipeline tree, read in one go while the warehouse is open
// (then it is closed again, so the CLI can write). Every read is defensive: a table another
// feature has not created yet (TASK_HISTORY before the first recorded run) means "no data",
// never an error in the view. Tested on a real DuckDB file. In the extension it lives in the
// heavy bundle (heavy.ts) because it reads Iceberg metadata through src/core/iceberg.
import { dirname, resolve } from 'node:path';
import { icebergTableDir, readCurrentMetadata } from '../../iceberg/table-files';
import { TABLES, TASKS } from '../../manifest';
import { quoteIdent } from '../../sql/identifiers';
import type { LocalWarehouse } from './warehouse';
import type { TaskRunInfo, WarehouseSnapshot } from '../../warehouse-snapshot';

type Conn = Awaited<ReturnType<LocalWarehouse['connect']>>;

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
    const history = existing.has('TASK_HISTORY');
    const lastRuns = history ? await readLastRuns(wh, conn) : new Map<string, TaskRunInfo>();
    const succeededAt = history ? await readLastSuccesses(wh, conn) : new Map<string, number>();
    const lastUpdated = new Map<string, string>();
    // The state folder is the warehouse file's folder (<workspace>/.retail unless configured).
    const stateFolder = dirname(resolve(wh.path));
    for (const t of wanted) {
      const ms = (t.kind === 'iceberg' ? await icebergUpdatedMs(stateFolder, t.name) : undefined) ?? lastWriteOf(t.name, succeededAt);
      if (ms !== undefined) lastUpdated.set(t.name, new Date(ms).toISOString());
    }
    return { rowCounts, lastRuns, lastUpdated };
  } finally {
    conn.closeSync();
  }
}

/** The newest successful completion among the tasks that write `table` (manifest `writes`). */
function lastWriteOf(table: string, succeededAt: ReadonlyMap<string, number>): number | undefined {
  const times = TASKS.filter((t) => t.writes.includes(table)).map((t) => succeededAt.get(t.name)).filter((x): x is number => x !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

/** The Iceberg table's own record of its last commit; undefined when it was never committed. */
async function icebergUpdatedMs(stateFolder: string, table: string): Promise<number | undefined> {
  try {
    // icebergTableDir resolves a state folder against the workspace; an absolute one is kept.
    const loaded = await readCurrentMetadata(icebergTableDir(dirname(stateFolder), table, stateFolder));
    const ms = loaded?.metadata['last-updated-ms'];
    return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined; // unreadable metadata: fall back to the run history
  }
}

async function readLastSuccesses(wh: LocalWarehouse, conn: Conn): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const rows = await wh.query<{ name: string; ms: number | string }>(
      `select NAME as name, epoch_ms(max(COMPLETED_TIME))::bigint as ms from TASK_HISTORY
       where STATE = 'SUCCEEDED' and COMPLETED_TIME is not null group by NAME`, [], conn);
    for (const r of rows) out.set(r.name, Number(r.ms));
  } catch {
    // TASK_HISTORY of another shape: no times.
  }
  return out;
}

async function readLastRuns(wh: LocalWarehouse, conn: Conn): Promise<Map<string, TaskRunInfo>> {
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
