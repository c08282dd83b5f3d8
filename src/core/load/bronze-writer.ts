// Writes one bronze table atomically. Sources stream batches of canonical rows (and rejects);
// rows go to one staging CSV file per partition (staged-csv.ts: DuckDB parses them on its own
// threads, instead of one appender call per value on the JS thread), rejects to an all-VARCHAR
// staging table through DuckDB's appender. Only when every partition finished do we replace the
// bronze table and its rejects table in one transaction, casting the staged text to the column
// types. A failed or cancelled load leaves the previous bronze table as it was.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { rejectsTableName, table as tableDef, type TableDef } from '../manifest';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import type { LocalWarehouse } from '../targets/local/warehouse';
import { readStagedSql, StagedCsv, stagingFolder, type EncodedRows } from './staged-csv';
import { recordFailure, setRowCounts, withSpan } from '../telemetry/tracing';
import type { Canonical } from './values';

export interface Reject {
  /** Where the record came from: file name or source table. */
  readonly source: string;
  /** Line, record number or key that finds the record again, e.g. "line 12" or "record 3". */
  readonly record: string;
  /** The raw record as read (truncated to a sane length). */
  readonly raw: string;
  /** What was wrong and what was expected. */
  readonly reason: string;
}

export interface Batch {
  readonly rows: Canonical[][];
  readonly rejects: Reject[];
  /** More rows, already staged as CSV text by a worker thread (xml-worker.ts). */
  readonly encoded?: EncodedRows;
}

/** One partition of a source: batches in order. A load may have several, read in parallel. */
export type Partition = AsyncIterable<Batch>;

export interface LoadStats {
  readonly table: string;
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly rejects: readonly Reject[];
  readonly partitions: number;
}

const MAX_RAW = 4000;
const KEEP_REJECTS_IN_MEMORY = 100;

export const REJECT_COLUMNS = ['source_file', 'record_ref', 'raw_record', 'reason', 'rejected_at'] as const;

function staging(table: string, suffix: string): string {
  return `__stg_${table.toLowerCase()}_${suffix}_${process.pid}_${Date.now().toString(36)}`;
}

/** One reject as a row of a (source_file, record_ref, raw_record, reason) staging table. */
export function appendReject(rej: DuckDBAppender, x: Reject): void {
  rej.appendVarchar(x.source);
  rej.appendVarchar(x.record);
  rej.appendVarchar(x.raw.length > MAX_RAW ? x.raw.slice(0, MAX_RAW) + '…' : x.raw);
  rej.appendVarchar(x.reason);
  rej.endRow();
}

async function appendPartition(
  conn: DuckDBConnection, rows: StagedCsv, rejTable: string, width: number, part: Partition,
  collect: Reject[], signal?: AbortSignal,
): Promise<{ loaded: number; rejected: number }> {
  let rej: DuckDBAppender | undefined;
  let loaded = 0;
  let rejected = 0;
  try {
    rej = await conn.createAppender(rejTable);
    for await (const batch of part) {
      if (signal?.aborted) throw signal.reason ?? new Error('load cancelled');
      rows.append(batch.rows, width);
      loaded += batch.rows.length;
      if (batch.encoded) {
        rows.appendEncoded(batch.encoded);
        loaded += batch.encoded.rows;
      }
      for (const x of batch.rejects) {
        appendReject(rej, x);
        if (collect.length < KEEP_REJECTS_IN_MEMORY) collect.push(x);
      }
      rejected += batch.rejects.length;
    }
    rej.flushSync();
    return { loaded, rejected };
  } finally {
    rows.close();
    rej?.closeSync();
  }
}

/** The SELECT that turns staged text into the typed bronze columns. */
export function castSelect(def: TableDef, from: string): string {
  const cols = def.columns.map((c) => {
    const q = quoteIdent(c.name);
    const type = c.type === 'VARIANT' ? 'JSON' : c.type;
    return `CAST(${q} AS ${type}) AS ${q}`;
  });
  return `SELECT ${cols.join(', ')} FROM ${from}`;
}

export function createTableSql(def: TableDef): string {
  const cols = def.columns.map((c) => `${quoteIdent(c.name)} ${c.type === 'VARIANT' ? 'JSON' : c.type}`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(def.name)} (${cols.join(', ')})`;
}

export function createRejectsSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(rejectsTableName(table))} (source_file VARCHAR, record_ref VARCHAR, raw_record VARCHAR, reason VARCHAR, rejected_at TIMESTAMP)`;
}

/** Rejects staged in no table: the FROM of an empty rejects table. */
export const NO_REJECTS = `(SELECT NULL::VARCHAR AS source_file, NULL::VARCHAR AS record_ref, NULL::VARCHAR AS raw_record, NULL::VARCHAR AS reason WHERE false)`;

/**
 * Phase "write": the typed bronze table (`rowsSelect`, a SELECT of the table's columns) and its
 * rejects (`rejFrom`, a FROM of source_file, record_ref, raw_record, reason) replace the old
 * ones in one transaction; on any error both stay as they were.
 */
export async function replaceBronze(admin: DuckDBConnection, def: TableDef, rowsSelect: string, rejFrom: string, loaded: number): Promise<void> {
  await withSpan('write', { 'retail.table': def.name, 'snow.output.rows': loaded }, async () => {
    await admin.run('BEGIN TRANSACTION');
    try {
      await admin.run(`CREATE OR REPLACE TABLE ${quoteIdent(def.name)} AS ${rowsSelect}`);
      await admin.run(`CREATE OR REPLACE TABLE ${quoteIdent(rejectsTableName(def.name))} AS SELECT source_file, record_ref, raw_record, reason, ${quoteLiteral(new Date().toISOString())}::TIMESTAMP AS rejected_at FROM ${rejFrom} AS r`);
      await admin.run('COMMIT');
    } catch (e) {
      await admin.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
}

/**
 * Load `partitions` into bronze table `tableName`, replacing its content (and its rejects
 * table) only if every partition completes.
 */
export async function writeBronze(
  wh: LocalWarehouse, tableName: string, partitions: Partition[], opts: { signal?: AbortSignal } = {},
): Promise<LoadStats> {
  const def = tableDef(tableName);
  const width = def.columns.length;
  const folder = stagingFolder(wh.path, def.name.toLowerCase());
  const stagedRows: StagedCsv[] = [];
  const stagedRejects: string[] = [];
  const conns: DuckDBConnection[] = [];
  const admin = await wh.connect();
  try {
    for (let i = 0; i < partitions.length; i++) {
      const j = staging(def.name, `r${i}`);
      await admin.run(`CREATE TABLE ${quoteIdent(j)} (source_file VARCHAR, record_ref VARCHAR, raw_record VARCHAR, reason VARCHAR)`);
      stagedRejects.push(j);
      stagedRows.push(new StagedCsv(join(folder, `p${i}.csv`)));
    }
    const collected: Reject[] = [];
    // The first failing partition stops the others at their next batch.
    const stop = new AbortController();
    const onAbort = () => stop.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // Phase "read": the sources stream into staging (reading and staging overlap).
    const settled = await withSpan('read', { 'retail.table': def.name, 'retail.partitions': partitions.length }, async (span) => {
      // One connection per partition: each has its own rejects appender.
      const all = await Promise.allSettled(partitions.map(async (p, i) => {
        const conn = await wh.connect();
        conns.push(conn);
        try {
          return await appendPartition(conn, stagedRows[i], stagedRejects[i], width, p, collected, stop.signal);
        } catch (e) {
          stop.abort(e);
          throw e;
        }
      }));
      const done = all.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
      setRowCounts(span, done.reduce((a, r) => a + r.loaded + r.rejected, 0), done.reduce((a, r) => a + r.loaded, 0));
      const failure = all.find((x): x is PromiseRejectedResult => x.status === 'rejected');
      if (failure) recordFailure(span, failure.reason);
      return all;
    });
    opts.signal?.removeEventListener('abort', onAbort);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('load cancelled');
    const results = settled.map((s) => (s as PromiseFulfilledResult<{ loaded: number; rejected: number }>).value);
    const loaded = results.reduce((a, r) => a + r.loaded, 0);
    const rejected = results.reduce((a, r) => a + r.rejected, 0);
    const union = (names: string[]) => names.map((n) => `SELECT * FROM ${quoteIdent(n)}`).join(' UNION ALL ');
    const files = stagedRows.filter((f) => f.rows > 0);
    const longest = Math.max(0, ...files.map((f) => f.longestLine));
    const rowsFrom = files.length ? readStagedSql(files.map((f) => f.path), def.columns.map((c) => c.name), longest) : `(SELECT ${def.columns.map((c) => `NULL::VARCHAR AS ${quoteIdent(c.name)}`).join(', ')} WHERE false)`;
    const rejFrom = stagedRejects.length ? `(${union(stagedRejects)})` : NO_REJECTS;
    await replaceBronze(admin, def, castSelect(def, `${rowsFrom} AS s`), rejFrom, loaded);
    return { table: def.name, read: loaded + rejected, loaded, rejected, rejects: collected, partitions: partitions.length };
  } finally {
    for (const c of conns) c.closeSync();
    for (const f of stagedRows) f.close();
    rmSync(folder, { recursive: true, force: true });
    for (const n of stagedRejects) await admin.run(`DROP TABLE IF EXISTS ${quoteIdent(n)}`).catch(() => undefined);
    admin.closeSync();
  }
}
