// The relational source: one table of retail_db (MySQL or MariaDB) streamed into bronze.
// Rows are streamed (never a whole table in memory) with backpressure: when the bronze writer
// is busy, mysql2 pauses the socket and the server waits. Large tables are read in parallel
// key-range partitions on separate connections, like Snowpark's dbapi
// column/lower_bound/upper_bound/num_partitions but with bounds taken from the data, because
// the keys are strings (CUST0001…) and cannot be split arithmetically. As with Snowpark, the
// partitions read on separate connections, so rows changed while a large table loads may be
// seen by one partition and not another; a quiet source (the nightly window) gives an exact copy.
import type { Connection } from 'mysql2';
import type { Logger } from '../log';
import type { Partition } from '../load/bronze-writer';
import type { TableDef } from '../manifest';
import { BatchBuilder, bufferedRuns, rawText } from './batches';
import { checkRow, confirmComplete, keyRef, rangeFailure, watchRange, type RangeRead } from './mysql-range';
import { readRangeStaged } from './mysql-staged';
import {
  closeConnection, describeMysqlError, MysqlSourceError, mysqlIdent, openConnection, parseMysqlUrl, run, type MysqlTarget,
} from './mysql-connection';

/** Tables with more rows than this are read in parallel partitions (env RETAIL_MYSQL_PARTITION_THRESHOLD overrides). */
export const DEFAULT_PARTITION_THRESHOLD = 50_000;
export const DEFAULT_PARTITIONS = 4;

export interface MysqlTableOptions {
  /** Parallel partitions for a large table (1 = never split). */
  partitions?: number;
  /** Row count above which the table is split (default: RETAIL_MYSQL_PARTITION_THRESHOLD, else 50,000). */
  threshold?: number;
  signal?: AbortSignal;
  log: Logger;
  /**
   * Batches carry their rows as staged CSV bytes (Batch.encoded, mysql-staged.ts) instead of
   * canonical values: for the local bronze writer, which stages CSV anyway.
   */
  staged?: boolean;
}

export interface MysqlTableSource {
  readonly partitions: Partition[];
  /** Rows in the table when the load started (COUNT(*)). */
  readonly rowCount: number;
  close(): Promise<void>;
}

interface Range {
  readonly lo?: string;
  readonly hi?: string;
}

function thresholdFromEnv(): number {
  const v = process.env.RETAIL_MYSQL_PARTITION_THRESHOLD;
  if (v === undefined || v === '') return DEFAULT_PARTITION_THRESHOLD;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new MysqlSourceError(`RETAIL_MYSQL_PARTITION_THRESHOLD expects a whole number of rows >= 0, got ${JSON.stringify(v)}`);
  return n;
}

/** The key columns of the table's PRIMARY KEY, in order (empty when it has none). */
async function primaryKey(conn: Connection, database: string, table: string): Promise<string[]> {
  const rows = await run<{ c: string }>(conn,
    `SELECT column_name AS c FROM information_schema.key_column_usage
      WHERE table_schema = ? AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`, [database, table]);
  return rows.map((r) => r.c);
}

/** Fails with a clear message unless the table exists and has every bronze column. */
async function checkColumns(conn: Connection, target: MysqlTarget, table: string, def: TableDef): Promise<void> {
  const rows = await run<{ c: string }>(conn,
    'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ? AND table_name = ?', [target.database, table]);
  if (!rows.length) {
    throw new MysqlSourceError(`${target.database}.${table} does not exist on ${target.display}: expected the retail_db schema (run \`retail-pipeline seed-mysql\`)`);
  }
  const have = new Set(rows.map((r) => r.c.toLowerCase()));
  const missing = def.columns.filter((c) => !have.has(c.name.toLowerCase())).map((c) => c.name);
  if (missing.length) {
    throw new MysqlSourceError(`${target.database}.${table} on ${target.display} is missing column(s) ${missing.join(', ')}: expected ${def.columns.map((c) => c.name).join(', ')}`);
  }
}

/**
 * Up to n-1 distinct split values of `column`, in the server's own order (its collation), so
 * that `column >= lo AND column < hi` ranges cover every row exactly once. Each is found with
 * an index-ordered OFFSET, which only walks the primary key index.
 */
async function boundaries(conn: Connection, from: string, column: string, rowCount: number, n: number): Promise<string[]> {
  const col = mysqlIdent(column, 'MySQL column name');
  const out: string[] = [];
  const first = await run<{ k: string }>(conn, `SELECT ${col} AS k FROM ${from} ORDER BY ${col} LIMIT 1`);
  if (!first.length) return out;
  // A split value equal to the smallest key would leave the first range empty.
  const min = String(first[0].k);
  for (let i = 1; i < n; i++) {
    const offset = Math.floor((rowCount * i) / n);
    const rows = await run<{ k: string }>(conn, `SELECT ${col} AS k FROM ${from} ORDER BY ${col} LIMIT 1 OFFSET ${offset}`);
    if (!rows.length) break;
    const k = String(rows[0].k);
    // A composite key repeats its first column (order_items: many rows per order_id); keep
    // each split value once so that no range is empty by construction.
    if (k !== min && (!out.length || out[out.length - 1] !== k)) out.push(k);
  }
  return out;
}

function rangesFrom(bounds: string[]): Range[] {
  if (!bounds.length) return [{}];
  const ranges: Range[] = [{ hi: bounds[0] }];
  for (let i = 1; i < bounds.length; i++) ranges.push({ lo: bounds[i - 1], hi: bounds[i] });
  ranges.push({ lo: bounds[bounds.length - 1] });
  return ranges;
}

/**
 * Opens `table` of the database in `url` for a bronze load. Connection problems, a missing
 * table or missing columns fail here, before the bronze writer touches anything. Each partition
 * streams on its own connection; a connection that dies mid-stream makes its partition throw,
 * so the load fails and the previous bronze table stays as it was.
 */
export async function openMysqlTable(url: string, table: string, def: TableDef, opts: MysqlTableOptions): Promise<MysqlTableSource> {
  const target = parseMysqlUrl(url);
  const from = mysqlIdent(table, 'MySQL table name');
  for (const c of def.columns) mysqlIdent(c.name, 'MySQL column name');
  const sourceName = `${target.database}.${table}`;
  const conns: Connection[] = [];
  const streaming = new Set<Connection>();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    opts.signal?.removeEventListener('abort', onAbort);
    // A connection still streaming (the load stopped early) cannot end politely: the server is
    // still sending rows. Destroying it closes the socket and the server stops.
    await Promise.all(conns.map((c) => closeConnection(c, streaming.has(c))));
  };
  const onAbort = () => { for (const c of streaming) c.destroy(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const meta = await openConnection(target);
    conns.push(meta);
    let rowCount: number;
    let keyCols: string[];
    try {
      await checkColumns(meta, target, table, def);
      // Spelled as in the manifest, since rows come back keyed by the names we select.
      keyCols = (await primaryKey(meta, target.database, table))
        .map((k) => def.columns.find((c) => c.name.toLowerCase() === k.toLowerCase())?.name ?? k);
      rowCount = Number((await run<{ n: string | number }>(meta, `SELECT COUNT(*) AS n FROM ${from}`))[0].n);
    } catch (e) {
      if (e instanceof MysqlSourceError) throw e;
      throw describeMysqlError(target, `reading the layout of ${sourceName}`, e);
    }
    const wanted = Math.max(1, opts.partitions ?? DEFAULT_PARTITIONS);
    const threshold = opts.threshold ?? thresholdFromEnv();
    let ranges: Range[] = [{}];
    if (wanted > 1 && rowCount > threshold) {
      if (!keyCols.length) {
        opts.log.log('WARN', `${sourceName} has no primary key: reading its ${rowCount} rows in one partition`);
      } else {
        try {
          ranges = rangesFrom(await boundaries(meta, from, keyCols[0], rowCount, wanted));
        } catch (e) {
          throw describeMysqlError(target, `splitting ${sourceName} into partitions`, e);
        }
      }
    }
    // Every partition gets its own connection now, so that a refused connection fails the load
    // before it starts rather than halfway through.
    const partConns: Connection[] = [meta];
    for (let i = 1; i < ranges.length; i++) {
      const c = await openConnection(target);
      conns.push(c);
      partConns.push(c);
    }
    opts.log.log('DEBUG', `${sourceName}: ${rowCount} rows in ${ranges.length} partition(s)${ranges.length > 1 ? ` on ${keyCols[0]}` : ''}`);

    const select = def.columns.map((c) => mysqlIdent(c.name)).join(', ');
    const reader = opts.staged ? readRangeStaged : readRange;
    const partitions = ranges.map((range, i) => reader({
      conn: partConns[i], target, sourceName, def, keyCols, streaming, signal: opts.signal,
      label: `${i + 1}/${ranges.length}`,
      sql: buildSelect(select, from, keyCols[0], range, `${i + 1}/${ranges.length}`, table),
      values: [range.lo, range.hi].filter((v): v is string => v !== undefined),
    }));
    return { partitions, rowCount, close };
  } catch (e) {
    await close();
    throw e;
  }
}

function buildSelect(select: string, from: string, keyCol: string | undefined, range: Range, label: string, table: string): string {
  const where: string[] = [];
  if (keyCol && range.lo !== undefined) where.push(`${mysqlIdent(keyCol)} >= ?`);
  if (keyCol && range.hi !== undefined) where.push(`${mysqlIdent(keyCol)} < ?`);
  // The comment shows in SHOW PROCESSLIST, so a DBA can tell what is reading the table.
  return `SELECT /* retail-pipeline load ${table} partition ${label} */ ${select} FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

async function* readRange(r: RangeRead): Partition {
  if (r.signal?.aborted) throw r.signal.reason ?? new Error('load cancelled');
  const out = new BatchBuilder();
  const query = r.conn.query({ sql: r.sql, values: r.values });
  const stream = query.stream({ highWaterMark: 1024 });
  const unwatch = watchRange(r, query, (e) => stream.destroy(e as Error));
  let read = 0;
  try {
    // Rows in the runs mysql2 has buffered: one await per run, not per row.
    for await (const rows of bufferedRuns<Record<string, unknown>>(stream)) {
      for (const row of rows) {
        read++;
        const res = checkRow(r.def, row);
        if (res.ok) out.addRow(res.values);
        else out.addReject({ source: r.sourceName, record: keyRef(r.keyCols, row) || `row ${read}`, raw: rawText(row), reason: res.reason });
        if (out.full) yield out.take()!;
      }
    }
    await confirmComplete(r);
  } catch (e) {
    throw rangeFailure(r, read, e);
  } finally {
    unwatch();
  }
  const last = out.take();
  if (last) yield last;
}
