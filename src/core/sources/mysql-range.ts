// What the two readers of one MySQL key range share (mysql.ts: rows as mysql2 objects, for the
// Snowflake load; mysql-staged.ts: rows as staged CSV bytes, for the local bronze load): the
// range itself, the row check, and the failure paths of a partition whose connection dies or
// whose load is cancelled mid-result.
import type { Connection, Query } from 'mysql2';
import { canonicalRow } from '../load/values';
import type { TableDef } from '../manifest';
import { describeMysqlError, type MysqlSourceError, type MysqlTarget } from './mysql-connection';

export interface RangeRead {
  conn: Connection;
  target: MysqlTarget;
  sourceName: string;
  def: TableDef;
  keyCols: string[];
  streaming: Set<Connection>;
  signal?: AbortSignal;
  label: string;
  sql: string;
  values: string[];
}

const ZERO_DATE = /^0000-00-00/;

/** `key=value,…` of the row's primary key ('' without one), to find a rejected row again. */
export function keyRef(keyCols: string[], row: Record<string, unknown>): string {
  if (!keyCols.length) return '';
  return keyCols.map((k) => `${k}=${row[k] === null || row[k] === undefined ? 'NULL' : String(row[k])}`).join(',');
}

/** canonicalRow, with the MySQL zero date ('0000-00-00') named as such in the reason. */
export function checkRow(def: TableDef, row: Record<string, unknown>): ReturnType<typeof canonicalRow> {
  const res = canonicalRow(def, row);
  if (res.ok) return res;
  // Only a rejected row is looked at again, so good rows pay nothing for the better message.
  for (const c of def.columns) {
    const v = row[c.name];
    if ((c.type === 'DATE' || c.type === 'TIMESTAMP') && typeof v === 'string' && ZERO_DATE.test(v)) {
      return { ok: false, reason: `column ${c.name}: expected a valid ${c.type === 'DATE' ? 'date' : 'timestamp'}, got the MySQL zero date ${JSON.stringify(v)}` };
    }
  }
  return res;
}

/**
 * Calls `fail` when the range's result cannot complete: mysql2 reports a connection lost
 * mid-result (KILL, server restart, network) on the connection, not on the query, which would
 * then wait forever; and the load's signal cancels it. Returns the function that unhooks both.
 */
export function watchRange(r: RangeRead, query: Query, fail: (e: unknown) => void): () => void {
  let complete = false;
  query.once('end', () => { complete = true; });
  const lost = (e?: unknown) => {
    if (complete) return;
    fail(e instanceof Error ? e : Object.assign(new Error('Connection lost: the server closed the connection'), { code: 'PROTOCOL_CONNECTION_LOST' }));
  };
  const aborted = () => fail(r.signal?.reason ?? new Error('load cancelled'));
  r.conn.on('error', lost);
  r.conn.once('end', lost);
  r.signal?.addEventListener('abort', aborted, { once: true });
  r.streaming.add(r.conn);
  return () => {
    r.conn.off('error', lost);
    r.conn.off('end', lost);
    r.signal?.removeEventListener('abort', aborted);
  };
}

/**
 * After the result ended: proves the connection outlived it. A connection killed while sending
 * can end the result before its 'error' arrives, which would pass a partial result off as
 * complete. One round trip per partition: a dead connection fails the load, no row is lost.
 */
export async function confirmComplete(r: RangeRead): Promise<void> {
  await new Promise<void>((resolve, reject) => r.conn.ping((e: unknown) => (e ? reject(e) : resolve())));
  r.streaming.delete(r.conn);
}

/** The error a partition fails with: the cancellation itself, else where and after how many rows. */
export function rangeFailure(r: RangeRead, read: number, e: unknown): unknown | MysqlSourceError {
  if (r.signal?.aborted) return r.signal.reason ?? new Error('load cancelled');
  return describeMysqlError(r.target, `reading ${r.sourceName} (partition ${r.label}, after ${read} rows)`, e);
}
