// A source file loaded two ways into fresh real DuckDB warehouses, for the direct loads
// (load/csv-direct.ts, load/json-direct.ts) against the JS paths they replace: what each left
// in bronze and rejects, so a test can require both the same.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TableDef } from '../../src/core/manifest';
import type { LoadStats } from '../../src/core/load/bronze-writer';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';

export interface Snapshot {
  /** Every bronze row as text, each value with its DuckDB type, sorted. */
  readonly rows: string[];
  /** Every reject (file | record | raw | reason), sorted. */
  readonly rejects: string[];
  readonly stats: [read: number, loaded: number, rejected: number];
  /** The rejects the load returned, in its order (the run log's first lines). */
  readonly firstRejects: string[];
}

async function snapshot(wh: LocalWarehouse, def: TableDef, stats: LoadStats): Promise<Snapshot> {
  const cols = def.columns.map((c) => `coalesce(cast("${c.name}" as varchar), '<NULL>') || ':' || typeof("${c.name}")`).join(` || '|' || `);
  const rows = (await wh.query<{ r: string }>(`select ${cols} as r from ${def.name} order by 1`)).map((x) => x.r);
  const rejects = (await wh.query<{ r: string }>(`select source_file || ' | ' || record_ref || ' | ' || raw_record || ' | ' || reason as r from ${def.name}_rejects order by 1`)).map((x) => x.r);
  return { rows, rejects, stats: [stats.read, stats.loaded, stats.rejected], firstRejects: stats.rejects.map((r) => `${r.record}: ${r.reason}`) };
}

export interface BothWays {
  readonly js?: Snapshot;
  /** The JS path's error, when it failed (a file it cannot read at all). */
  readonly jsError?: string;
  /** Undefined when the direct load declined. */
  readonly direct?: Snapshot;
}

/**
 * Loads with `js` and with `direct` into two fresh warehouses under `tmp`. The direct load finds
 * a previous table: when it declines (undefined), that table must be as it was.
 */
export async function bothWays(tmp: string, def: TableDef, js: (wh: LocalWarehouse) => Promise<LoadStats>, direct: (wh: LocalWarehouse) => Promise<LoadStats | undefined>): Promise<BothWays> {
  const dir = mkdtempSync(join(tmp, 'wh-'));
  const a = await LocalWarehouse.open(join(dir, 'a'));
  const b = await LocalWarehouse.open(join(dir, 'b'));
  try {
    let jsSnap: Snapshot | undefined;
    let jsError: string | undefined;
    try {
      jsSnap = await snapshot(a, def, await js(a));
    } catch (e) {
      jsError = (e as Error).message;
    }
    await b.run(`create table ${def.name} as select 'previous' as marker`);
    const stats = await direct(b);
    if (!stats) assert.deepEqual(await b.query(`select * from ${def.name}`), [{ marker: 'previous' }], 'declined: previous table kept');
    return { js: jsSnap, jsError, direct: stats && await snapshot(b, def, stats) };
  } finally {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A direct load cancelled right after it starts, and one given an already aborted signal, must
 * fail with the signal's reason and leave the previous table; not cancelled, it loads `rows`.
 */
export async function checkCancel(tmp: string, def: TableDef, rows: number, load: (wh: LocalWarehouse, signal?: AbortSignal) => Promise<LoadStats | undefined>): Promise<void> {
  const dir = mkdtempSync(join(tmp, 'cancel-'));
  const wh = await LocalWarehouse.open(dir);
  try {
    await wh.run(`create table ${def.name} as select 'previous' as marker`);
    const ac = new AbortController();
    setImmediate(() => ac.abort(new Error('stop now')));
    await assert.rejects(load(wh, ac.signal), /stop now/);
    assert.deepEqual(await wh.query(`select * from ${def.name}`), [{ marker: 'previous' }]);
    await assert.rejects(load(wh, ac.signal), /stop now/, 'an already aborted signal');
    assert.equal((await load(wh))?.loaded, rows, 'not cancelled: the same file loads');
  } finally {
    wh.close();
  }
}
