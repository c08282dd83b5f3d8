// product_reviews.json through DuckDB's own reader. The splitter path (sources/json-reviews.ts →
// bronze-writer.ts) decodes, JSON.parses and checks every element on the JS thread and stages it
// as CSV for DuckDB to parse again; here read_json reads the array on DuckDB's threads into a
// temporary table of JSON values (one per known key), SQL vouches for the plain rows
// (json-plain-sql.ts), and JavaScript handles only the elements SQL cannot vouch for, with the
// splitter path's own addElement on the element's own bytes.
//
// The promises of the splitter path hold because every difference sends the file back to it
// (the caller falls back when this returns undefined):
//  - DuckDB must accept the file (a malformed element, invalid UTF-8, a duplicate key, an
//    element that is a number or string make read_json fail), and json-scan.ts must find it
//    simple (the splitter would cut the same elements with no problem of its own, no trailing
//    comma that DuckDB allows and JSON.parse does not) and count as many elements as DuckDB;
//  - a row is loaded as DuckDB read it only where its values are plain and json-scan.ts did not
//    flag the element (not an object, unknown or repeated top-level keys); every other element
//    becomes a row or a reject exactly as on the splitter path: `record N (line L)`, its raw
//    text and the same reason.
// Rows in = loaded + rejected, and bronze + rejects replace the old tables in one transaction.
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableDef } from '../manifest';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import { withDirectConnection } from './direct-load';
import { addElement, REVIEW_KEYS } from '../sources/json-reviews';
import type { LocalWarehouse } from '../targets/local/warehouse';
import { setRowCounts, withSpan } from '../telemetry/tracing';
import { appendReject, castSelect, NO_REJECTS, replaceBronze, type LoadStats, type Reject } from './bronze-writer';
import { scanJsonArray, type JsonScanResult } from './json-scan';
import { knowsReviewTable, plainReviewSql, reviewValuesSql } from './json-plain-sql';
import type { Canonical } from './values';

/** More elements than this needing JavaScript: the splitter path is as fast and streams. */
const MAX_ROWS_FOR_JS = 200_000;

/** The staged rows' column that says whether SQL vouches for the row. */
const PLAIN = '__plain';

function readJsonSql(path: string): string {
  const columns = REVIEW_KEYS.map((k) => `${quoteLiteral(k)}: 'JSON'`).join(', ');
  // records = true: an element that is not an object fails the read instead of becoming a value.
  return `read_json(${quoteLiteral(path)}, format = 'array', records = true, columns = {${columns}})`;
}

interface InJs {
  readonly rows: Canonical[][];
  readonly rejects: Reject[];
}

/** The elements `ordinals` (ascending) through addElement, from their bytes in the file. */
function elementsInJs(path: string, def: TableDef, scan: JsonScanResult, ordinals: readonly number[]): InJs {
  const file = basename(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: InJs = { rows: [], rejects: [] };
  const sink = { addRow: (v: Canonical[]) => out.rows.push(v), addReject: (r: Reject) => out.rejects.push(r) };
  const fd = openSync(path, 'r');
  try {
    for (const k of ordinals) {
      const bytes = Buffer.alloc(scan.ends[k] - scan.starts[k]);
      readSync(fd, bytes, 0, bytes.length, scan.starts[k]);
      addElement({ index: k + 1, line: scan.lines[k], bytes }, file, def, decoder, sink);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

async function appendRows(conn: DuckDBConnection, name: string, rows: readonly (readonly (string | null)[])[]): Promise<void> {
  const app = await conn.createAppender(name, 'main', 'temp');
  for (const row of rows) {
    for (const v of row) { if (v === null) app.appendNull(); else app.appendVarchar(v); }
    app.endRow();
  }
  app.closeSync();
}

/**
 * Loads the reviews JSON array `path` into bronze table `def` with DuckDB's reader, or returns
 * undefined (nothing changed) when the file needs the splitter: see the top of this file.
 */
export async function loadReviewsDirect(wh: LocalWarehouse, path: string, def: TableDef, opts: { signal?: AbortSignal } = {}): Promise<LoadStats | undefined> {
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('load cancelled');
  if (!knowsReviewTable(def)) return undefined;
  return withDirectConnection(wh, opts.signal, ['json_rows', 'in_js', 'fixed', 'rejects'], async (conn, [stg, jsRows, fixedTable, rejTable]) => {
    const read = await withSpan('read', { 'retail.table': def.name, 'retail.partitions': 1, 'retail.reader': 'duckdb read_json' }, async (span) => {
      // The scan runs on the JS thread while DuckDB reads on its own.
      // One pass: each row's typed values and whether SQL vouches for them (PLAIN).
      const staged = conn.run(`CREATE TEMP TABLE ${quoteIdent(stg)} AS SELECT ${plainReviewSql(def)} AS ${PLAIN}, ${reviewValuesSql(def)} FROM ${readJsonSql(path)}`).then(() => true, () => false);
      let scan: ReturnType<typeof scanJsonArray>;
      try {
        scan = scanJsonArray(path, REVIEW_KEYS);
      } catch {
        scan = { simple: false, why: 'unreadable' };
      }
      if (!(await staged) || !scan.simple) return undefined;
      const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(stg)}`)).getRows()[0][0]);
      if (n !== scan.elements) return undefined;
      const notPlain = (await conn.runAndReadAll(`SELECT rowid FROM ${quoteIdent(stg)} WHERE NOT ${PLAIN} ORDER BY rowid LIMIT ${MAX_ROWS_FOR_JS + 1}`)).getRows().map((r) => Number(r[0]));
      const ordinals = [...new Set([...notPlain, ...scan.needsJs])].sort((a, b) => a - b);
      if (ordinals.length > MAX_ROWS_FOR_JS) return undefined;
      const inJs = elementsInJs(path, def, scan, ordinals);
      // A NUL in a value: the staged CSV of the splitter path and the appender need not agree.
      if (inJs.rows.some((r) => r.some((v) => v !== null && v.includes('\u0000')))) return undefined;
      setRowCounts(span, n, n - inJs.rejects.length);
      return { n, ordinals, inJs };
    }).catch((e) => {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      return undefined;
    });
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('load cancelled');
    if (!read) return undefined;
    const { n, ordinals, inJs } = read;
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(jsRows)} (r BIGINT)`);
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(fixedTable)} (${def.columns.map((c) => `${quoteIdent(c.name)} VARCHAR`).join(', ')})`);
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(rejTable)} (source_file VARCHAR, record_ref VARCHAR, raw_record VARCHAR, reason VARCHAR)`);
    if (ordinals.length) {
      await appendRows(conn, jsRows, ordinals.map((k) => [String(k)]));
      await appendRows(conn, fixedTable, inJs.rows);
      const rej = await conn.createAppender(rejTable, 'main', 'temp');
      for (const x of inJs.rejects) appendReject(rej, x);
      rej.closeSync();
    }
    const skip = ordinals.length ? ` WHERE rowid NOT IN (SELECT r FROM ${quoteIdent(jsRows)})` : '';
    // The elements that went through JavaScript are cast exactly as the splitter path casts them.
    const rowsSelect = `SELECT ${def.columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(stg)}${skip}` +
      (inJs.rows.length ? ` UNION ALL ${castSelect(def, quoteIdent(fixedTable))}` : '');
    const loaded = n - inJs.rejects.length;
    await replaceBronze(conn, def, rowsSelect, inJs.rejects.length ? quoteIdent(rejTable) : NO_REJECTS, loaded);
    return { table: def.name, read: n, loaded, rejected: inJs.rejects.length, rejects: inJs.rejects.slice(0, 100), partitions: 1 };
  });
}
