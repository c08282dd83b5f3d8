// The fast path of seed-mysql: a chunk of canonical rows sent as one LOAD DATA LOCAL INFILE,
// streamed from memory (mysql2's infileStreamFactory; no file is written). The server parses
// tab-separated text far more cheaply than INSERT statements, which matters when it shares the
// machine's cores with the client.
import { Readable } from 'node:stream';
import type { Connection } from 'mysql2';
import type { Canonical } from '../load/values';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };
const SPECIAL = /[\\\t\n\r\0]/g;

/** One row as a line of LOAD DATA's default format: tabs between fields, \N for NULL. */
export function tsvLine(values: readonly Canonical[]): string {
  return values.map((v) => (v === null ? '\\N' : v.replace(SPECIAL, (c) => ESCAPES[c]))).join('\t') + '\n';
}

export interface LoadDataResult {
  readonly affectedRows: number;
  readonly warnings: number;
}

/**
 * LOAD DATA LOCAL INFILE of `rows` into `quotedTable` (`quotedColumns` already validated and
 * quoted). With LOCAL the server turns duplicate keys and bad values into warnings, so the
 * caller must compare affectedRows and warnings with what it sent.
 */
export function loadData(conn: Connection, quotedTable: string, quotedColumns: readonly string[], rows: readonly Canonical[][]): Promise<LoadDataResult> {
  const body = Buffer.from(rows.map(tsvLine).join(''), 'utf8');
  const sql = `LOAD DATA LOCAL INFILE 'retail-pipeline-seed' INTO TABLE ${quotedTable} CHARACTER SET utf8mb4 `
    + `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${quotedColumns.join(', ')})`;
  return new Promise((resolve, reject) => {
    conn.query({ sql, infileStreamFactory: () => Readable.from([body]) }, (e, res) => {
      if (e) return reject(e);
      const r = res as unknown as { affectedRows?: number; warningStatus?: number };
      resolve({ affectedRows: r.affectedRows ?? 0, warnings: r.warningStatus ?? 0 });
    });
  });
}
