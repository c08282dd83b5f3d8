// One MySQL key range read for the local bronze writer: row packets become staged CSV bytes
// (mysql-row-bytes.ts) as they arrive, so the JS thread does no per-value decoding, checking or
// string building for the rows that are already canonical, and DuckDB parses the staged file on
// its own threads. Rows the bytes cannot vouch for are decoded by mysql2's own row parser and
// go through checkRow, exactly as mysql.ts's readRange does. Same range, key references, reject
// reasons, failure messages and cancellation as readRange.
//
// mysql2 offers no public hook for raw rows. Its Query command moves from the column
// definitions to the rows by returning `this.row`, so the query's own `row` state is replaced
// on the instance: the end of the result (EOF) still goes to mysql2's handler.
import type { Query } from 'mysql2';
import type { Batch, Partition, Reject } from '../load/bronze-writer';
import { encodeRows } from '../load/staged-csv';
import type { Canonical } from '../load/values';
import { rawText } from './batches';
import { checkRow, confirmComplete, keyRef, rangeFailure, watchRange, type RangeRead } from './mysql-range';
import { RowBytesEncoder, type FieldInfo } from './mysql-row-bytes';

/** mysql2's Packet, as far as the row state reads it. */
interface RowPacket {
  buffer: Buffer;
  start: number;
  end: number;
  offset: number;
  isEOF(): boolean;
}

type RowState = (this: QueryInternals, packet: RowPacket, connection: unknown) => unknown;

/** The parts of mysql2's Query command the row state needs. */
interface QueryInternals {
  row: RowState;
  _rowParser: { next(packet: RowPacket, fields: unknown, options: unknown): Record<string, unknown> };
  _currentFields: unknown;
  options: unknown;
}

/** Batches waiting for the bronze writer before the socket is paused (each ~1 MB). */
const HIGH_WATER = 4;

export async function* readRangeStaged(r: RangeRead): Partition {
  if (r.signal?.aborted) throw r.signal.reason ?? new Error('load cancelled');
  const width = r.def.columns.length;
  const encoder = new RowBytesEncoder(r.def);
  const ready: Batch[] = [];
  let rejects: Reject[] = [];
  /** Rows mysql2 decoded, with their number in the range, waiting for checkRow. */
  let slowRows: { row: Record<string, unknown>; at: number }[] = [];
  let failure: { error: unknown } | undefined;
  let ended = false;
  let paused = false;
  /** The consumer is gone: rows still arriving are dropped. */
  let stopped = false;
  let read = 0;
  let wake: (() => void) | undefined;
  const notify = () => { const w = wake; wake = undefined; w?.(); };
  const fail = (e: unknown) => { failure ??= { error: e }; notify(); };

  /** Canonicalises or rejects the rows mysql2 decoded, into the current batch. */
  const flushSlow = () => {
    if (!slowRows.length) return;
    const good: Canonical[][] = [];
    for (const { row, at } of slowRows) {
      const res = checkRow(r.def, row);
      if (res.ok) good.push(res.values);
      else rejects.push({ source: r.sourceName, record: keyRef(r.keyCols, row) || `row ${at}`, raw: rawText(row), reason: res.reason });
    }
    slowRows = [];
    if (good.length) encoder.appendEncoded(encodeRows(good, width));
  };
  const cut = () => {
    flushSlow();
    const encoded = encoder.take();
    if (encoded || rejects.length) ready.push({ rows: [], rejects, encoded });
    rejects = [];
  };

  const query = r.conn.query({ sql: r.sql, values: r.values });
  const unwatch = watchRange(r, query, fail);
  query.on('fields', (fields: FieldInfo[]) => encoder.plan(fields));
  query.on('error', fail);
  query.on('end', () => { ended = true; notify(); });
  const internals = query as unknown as QueryInternals;
  const endOfResult = (Object.getPrototypeOf(query) as QueryInternals).row;
  const row: RowState = function (packet, connection) {
    if (packet.isEOF()) return endOfResult.call(this, packet, connection);
    if (failure || stopped) return row; // nobody reads them any more: drop the rest until the connection closes
    try {
      read++;
      const payload = packet.offset;
      if (!encoder.encode(packet.buffer, payload, packet.end)) {
        packet.offset = payload;
        slowRows.push({ row: this._rowParser.next(packet, this._currentFields, this.options), at: read });
        if (slowRows.length >= 4096) flushSlow();
      }
      if (encoder.full || rejects.length >= 4096) {
        cut();
        if (ready.length >= HIGH_WATER && !paused) { paused = true; r.conn.pause(); }
        notify();
      }
    } catch (e) {
      fail(e);
    }
    return row;
  };
  internals.row = row;

  try {
    for (;;) {
      if (failure) throw failure.error;
      const batch = ready.shift();
      if (batch) {
        if (paused && ready.length < HIGH_WATER / 2) { paused = false; r.conn.resume(); }
        yield batch;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
    await confirmComplete(r);
  } catch (e) {
    throw rangeFailure(r, read, e);
  } finally {
    unwatch();
    // Left early (a failure, another partition's, or cancellation): drop the rest of the result
    // and let the socket read again. mysql2's destroy() only half-closes it, so a paused one
    // would leave the server blocked writing to it, its thread alive ("Writing to net").
    stopped = true;
    if (paused) { paused = false; r.conn.resume(); }
  }
  cut();
  for (const b of ready.splice(0)) yield b;
}
