// CSV sources through DuckDB's own reader. The JS path (sources/csv.ts → bronze-writer.ts)
// parses every record on the JS thread, checks every value, writes it to a staging CSV and has
// DuckDB parse that again; here DuckDB's read_csv reads the source file on its threads into a
// temporary all-VARCHAR table and SQL checks the values, so JavaScript only touches the bytes
// once (csv-scan.ts) and the few rows SQL cannot vouch for.
//
// The promises of the JS path hold because every difference between the two readers sends the
// file back to it (the caller falls back when this returns undefined):
//  - csv-scan.ts must find the file structurally simple (header on line 1, every record the
//    header's width, quotes as RFC 4180 wants them, CRLF or LF) and count as many records as
//    DuckDB read; DuckDB itself must accept it (invalid UTF-8 or an over-long line makes it fail);
//  - a row is loaded as DuckDB read it only where plain-sql.ts proves the value is already
//    canonical; any other row goes through canonicalFields, exactly as the JS path would, and is
//    canonicalised or rejected with the same reason, `line N` and raw text (found by the scan).
// Rows in = loaded + rejected, and bronze + rejects replace the old tables in one transaction.
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef, TableDef } from '../manifest';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import { withDirectConnection } from './direct-load';
import { readCsvRecords } from '../sources/csv-reader';
import type { LocalWarehouse } from '../targets/local/warehouse';
import { setRowCounts, withSpan } from '../telemetry/tracing';
import { appendReject, NO_REJECTS, replaceBronze, type LoadStats, type Reject } from './bronze-writer';
import { recordText, scanCsv } from './csv-scan';
import { plainCastSql, plainValueSql } from './plain-sql';
import { canonicalFields, type Canonical } from './values';

/** More rows than this needing JavaScript: the JS path is as fast and streams (no big lists). */
const MAX_ROWS_FOR_JS = 200_000;

/** The header's names (trimmed, lower case) or undefined when the file has none to trust. */
async function headerNames(path: string): Promise<string[] | undefined> {
  for await (const records of readCsvRecords(path, 64 << 10)) {
    const h = records[0];
    return h.line === 1 && !h.error && !h.invalidUtf8 ? h.fields.map((f) => f.trim().toLowerCase()) : undefined;
  }
  return undefined;
}

/** The file's fields as VARCHAR columns f0…fN, by position: the header is checked by name in JS. */
function readCsvSql(path: string, width: number): string {
  const names = Array.from({ length: width }, (_, i) => `f${i}`);
  return `read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, ` +
    `columns = {${names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ')}}, delim = ',', quote = '"', escape = '"', ` +
    // Empty fields are '' as in our reader ("" too); values.ts turns '' into NULL per type.
    `force_not_null = [${names.map(quoteLiteral).join(', ')}], allow_quoted_nulls = false, strict_mode = true)`;
}

interface Checked {
  readonly fixed: Canonical[][];
  readonly rejects: Reject[];
  /** Row ids of the staged rows that the SQL did not vouch for. */
  readonly notPlain: number[];
}

/** Canonicalises or rejects, in JavaScript, the staged rows that are not plain. */
async function checkInJs(conn: DuckDBConnection, stg: string, notPlainTable: string, def: TableDef, cols: readonly { col: ColumnDef; field: string }[], path: string, notPlainWhere: string): Promise<Checked | undefined> {
  // One pass of the checks over all rows; the rows themselves are then found by row id.
  await conn.run(`CREATE TEMP TABLE ${quoteIdent(notPlainTable)} AS SELECT rowid AS r FROM ${quoteIdent(stg)} WHERE ${notPlainWhere}`);
  const reader = await conn.runAndReadAll(`SELECT rowid AS r, ${cols.map((c) => c.field).join(', ')} FROM ${quoteIdent(stg)} WHERE rowid IN (SELECT r FROM ${quoteIdent(notPlainTable)}) ORDER BY rowid LIMIT ${MAX_ROWS_FOR_JS + 1}`);
  const rows = reader.getRows();
  if (rows.length > MAX_ROWS_FOR_JS) return undefined;
  const notPlain = rows.map((r) => Number(r[0]));
  const identity = cols.map((_, i) => i);
  const fixed: Canonical[][] = [];
  const bad: { at: number; reason: string }[] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = canonicalFields(def, rows[k].slice(1) as string[], identity);
    if (r.ok) fixed.push(r.values);
    else bad.push({ at: notPlain[k], reason: r.reason });
  }
  if (!bad.length) return { fixed, rejects: [], notPlain };
  const scan = scanCsv(path, new Set(bad.map((b) => b.at)));
  if (!scan.simple) return undefined;
  const file = basename(path);
  const rejects = bad.map((b) => {
    const place = scan.places.get(b.at);
    if (!place) throw new Error(`internal: record ${b.at} of ${file} not found again`);
    return { source: file, record: `line ${place.line}`, raw: recordText(path, place), reason: b.reason };
  });
  return { fixed, rejects, notPlain };
}

/**
 * Loads CSV file `path` into bronze table `def` with DuckDB's reader, or returns undefined
 * (nothing changed) when the file needs the JS reader: see the top of this file.
 */
export async function loadCsvDirect(wh: LocalWarehouse, path: string, def: TableDef, opts: { signal?: AbortSignal } = {}): Promise<LoadStats | undefined> {
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('load cancelled');
  const header = await headerNames(path).catch(() => undefined);
  // A missing column is the JS path's clear error; a duplicate name is its first-wins rule.
  if (!header || def.columns.some((c) => !header.includes(c.name)) || new Set(header).size !== header.length) return undefined;
  const cols = def.columns.map((col) => ({ col, field: quoteIdent(`f${header.indexOf(col.name)}`) }));
  return withDirectConnection(wh, opts.signal, ['rows', 'fixed', 'rejects', 'not_plain'], async (conn, [stg, fixedTable, rejTable, notPlain]) => {
    const read = await withSpan('read', { 'retail.table': def.name, 'retail.partitions': 1, 'retail.reader': 'duckdb read_csv' }, async (span) => {
      // The scan runs on the JS thread while DuckDB reads on its own.
      const staged = conn.run(`CREATE TEMP TABLE ${quoteIdent(stg)} AS SELECT * FROM ${readCsvSql(path, header.length)}`).then(() => true, () => false);
      const scan = scanCsv(path);
      if (!(await staged) || !scan.simple) return undefined;
      const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(stg)}`)).getRows()[0][0]);
      if (n !== scan.records) return undefined;
      const plain = cols.map(({ col, field }) => plainValueSql(col, field)).filter((p) => p !== 'true');
      const notPlainWhere = plain.length ? `NOT (${plain.join(' AND ')})` : 'false';
      const checked = await checkInJs(conn, stg, notPlain, def, cols, path, notPlainWhere);
      if (checked) setRowCounts(span, n, n - checked.rejects.length);
      return checked && { n, checked };
    }).catch((e) => {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      return undefined;
    });
    // Cancelled (the interrupt fails DuckDB's statement): stop here, not in the JS reader.
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('load cancelled');
    if (!read) return undefined;
    const { n, checked } = read;
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(fixedTable)} (${def.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`);
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(rejTable)} (source_file VARCHAR, record_ref VARCHAR, raw_record VARCHAR, reason VARCHAR)`);
    if (checked.fixed.length || checked.rejects.length) {
      const fixed = await conn.createAppender(fixedTable, 'main', 'temp');
      for (const row of checked.fixed) {
        for (const v of row) { if (v === null) fixed.appendNull(); else fixed.appendVarchar(v); }
        fixed.endRow();
      }
      fixed.closeSync();
      const rej = await conn.createAppender(rejTable, 'main', 'temp');
      for (const x of checked.rejects) appendReject(rej, x);
      rej.closeSync();
    }
    const typed = (name: (c: { col: ColumnDef; field: string }) => string) => cols.map((c) => `${plainCastSql(c.col, name(c))} AS ${quoteIdent(c.col.name)}`).join(', ');
    const skip = checked.notPlain.length ? ` WHERE rowid NOT IN (SELECT r FROM ${quoteIdent(notPlain)})` : '';
    const rowsSelect = `SELECT ${typed((c) => c.field)} FROM ${quoteIdent(stg)}${skip}` +
      (checked.fixed.length ? ` UNION ALL SELECT ${cols.map((c) => `CAST(${quoteIdent(c.col.name)} AS ${c.col.type === 'VARIANT' ? 'JSON' : c.col.type}) AS ${quoteIdent(c.col.name)}`).join(', ')} FROM ${quoteIdent(fixedTable)}` : '');
    const loaded = n - checked.rejects.length;
    await replaceBronze(conn, def, rowsSelect, checked.rejects.length ? quoteIdent(rejTable) : NO_REJECTS, loaded);
    return { table: def.name, read: n, loaded, rejected: checked.rejects.length, rejects: checked.rejects.slice(0, 100), partitions: 1 };
  });
}
