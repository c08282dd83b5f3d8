// What the direct loads (csv-direct.ts, json-direct.ts: DuckDB's own readers instead of the JS
// sources) share: their temporary tables on one connection that a cancel interrupts, and the
// chunked byte pass their structure scans make over the source file.
import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../sql/identifiers';
import type { LocalWarehouse } from '../targets/local/warehouse';

function tempName(label: string): string {
  return `__direct_${label}_${process.pid}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Runs `fn` on a new connection with fresh names for temporary tables `labels`; an abort of
 * `signal` interrupts DuckDB's statement. The tables are dropped and the connection closed after.
 */
export async function withDirectConnection<T>(wh: LocalWarehouse, signal: AbortSignal | undefined, labels: readonly string[], fn: (conn: DuckDBConnection, tables: string[]) => Promise<T>): Promise<T> {
  const tables = labels.map(tempName);
  const conn = await wh.connect();
  const interrupt = () => conn.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    return await fn(conn, tables);
  } finally {
    signal?.removeEventListener('abort', interrupt);
    for (const t of tables) await conn.run(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`).catch(() => undefined);
    conn.closeSync();
  }
}

/**
 * Hands `path` to `chunk` in pieces of `chunkBytes` (buffer, bytes in it, file offset of its
 * first byte) until the file ends (returns its size) or `chunk` returns false (returns undefined).
 */
export function forEachChunk(path: string, chunkBytes: number, chunk: (buf: Buffer, n: number, base: number) => boolean): number | undefined {
  const buf = Buffer.allocUnsafe(chunkBytes);
  const fd = openSync(path, 'r');
  try {
    let base = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) return base;
      if (!chunk(buf, n, base)) return undefined;
      base += n;
    }
  } finally {
    closeSync(fd);
  }
}
