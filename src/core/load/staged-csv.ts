// Staging files for bronze loads. Appending canonical text value by value through DuckDB's
// appender costs one N-API call per value (plus one per row) on the JS thread, which was most
// of a CSV load's CPU (200k order items: appendVarchar 2.8 s + flush 1.2 s of 18 s sampled).
// Writing the same canonical text as one CSV file per partition costs a string join per row,
// and DuckDB's read_csv then parses it on its own threads. The files are written and read back
// under the project's one CSV NULL rule (core/csv/write.ts: NULL is an empty unquoted field,
// '' is ""), so they are exact. Whitespace, NUL and any other character are kept as they are;
// no sniffing, every column is VARCHAR.
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CSV_NULL_RULE, csvText } from '../csv/write';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import type { Canonical } from './values';
import { processAlive } from '../process-alive';

/** DuckDB's default line limit; raised per load to fit the longest staged line. */
const DEFAULT_MAX_LINE = 2 << 20;

/** Rows already written as staged CSV text (e.g. by a worker thread: xml-worker.ts). */
export interface EncodedRows {
  /** The UTF-8 bytes of `rows` staged lines. */
  readonly csv: Uint8Array;
  readonly rows: number;
  /** A bound on the longest line's bytes (see StagedCsv.longestLine). */
  readonly longestLine: number;
}

/** Rows of `width` canonical values as staged CSV lines (checked: a wrong width is a bug upstream). */
export function encodeRows(rows: readonly Canonical[][], width: number): EncodedRows {
  let text = '';
  let longest = 0;
  for (const r of rows) {
    if (r.length !== width) throw new Error(`internal: row of ${r.length} values for ${width} columns`);
    let line = csvText(r[0]);
    for (let i = 1; i < width; i++) line += ',' + csvText(r[i]);
    // A UTF-16 unit is at most 3 UTF-8 bytes: a bound without measuring every line.
    if (line.length * 3 > longest) longest = line.length * 3;
    text += line + '\n';
  }
  return { csv: Buffer.from(text, 'utf8'), rows: rows.length, longestLine: longest };
}

/** One partition's staged rows: an append-only CSV file without a header. */
export class StagedCsv {
  private fd: number | undefined;
  private longest = 0;
  rows = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends rows of `width` canonical values. */
  append(rows: readonly Canonical[][], width: number): void {
    if (rows.length) this.appendEncoded(encodeRows(rows, width));
  }

  /** Appends rows already encoded by encodeRows. */
  appendEncoded(encoded: EncodedRows): void {
    const { csv } = encoded;
    let off = 0;
    while (off < csv.length) off += writeSync(this.fd!, csv, off, csv.length - off);
    if (encoded.longestLine > this.longest) this.longest = encoded.longestLine;
    this.rows += encoded.rows;
  }

  get longestLine(): number {
    return this.longest;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * The `read_csv(...)` call that reads staged files back as VARCHAR columns `names`, exactly as
 * they were appended. `longestLine` (bytes) raises DuckDB's line limit when a value is huge
 * (a 10 MB XML value is a valid row).
 */
export function readStagedSql(files: readonly string[], names: readonly string[], longestLine: number): string {
  const maxLine = Math.max(DEFAULT_MAX_LINE, longestLine + 1024);
  const columns = names.map((n) => `${quoteLiteral(n)}: 'VARCHAR'`).join(', ');
  return `read_csv([${files.map(quoteLiteral).join(', ')}], columns = {${columns}}, header = false, auto_detect = false, ` +
    `${CSV_NULL_RULE.duckdbReadCsv}, strict_mode = true, ` +
    `max_line_size = ${maxLine}, buffer_size = ${Math.max(4 * DEFAULT_MAX_LINE, 2 * maxLine)})`;
}

/** Identifiers of staged columns, for a SELECT list over readStagedSql. */
export function stagedColumns(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

/**
 * A private folder for one load's staging files next to the warehouse file (so it is on the
 * same disk and never in the repo). Folders left by a process that was killed are removed
 * by the next load of any live process: their name starts with the dead process's id.
 */
export function stagingFolder(warehousePath: string, label: string): string {
  const root = join(dirname(warehousePath), 'load-staging');
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
  const dir = join(root, `${process.pid}-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  return dir;
}
