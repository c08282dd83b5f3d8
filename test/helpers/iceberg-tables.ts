// The Iceberg test tables: the column list and two overwrites of it with awkward values, a
// warehouse per test, and readers that do not go through the module under test (icebird over
// file: URLs, avsc for the Avro files), shared by test/iceberg.test.ts and
// test/iceberg-format.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import avro from 'avsc';
import type { ColumnDef } from '../../src/core/manifest/tables';
import { commitIcebergOverwrite, icebergTableDir } from '../../src/core/iceberg';

export type Row = Record<string, unknown>;

export const COLUMNS: readonly ColumnDef[] = [
  { name: 'customer_id', type: 'VARCHAR', nullable: false },
  { name: 'total_orders', type: 'BIGINT' },
  { name: 'total_spent', type: 'DECIMAL(10,2)' },
  { name: 'rating', type: 'DECIMAL(3,1)' },
  { name: 'quantity', type: 'INTEGER' },
  { name: 'share', type: 'DOUBLE' },
  { name: 'verified', type: 'BOOLEAN' },
  { name: 'last_order_date', type: 'DATE' },
  { name: 'last_updated', type: 'TIMESTAMP' },
  { name: 'aspects', type: 'VARIANT' },
];

export const FIRST = `SELECT * FROM (VALUES
  ('CUST0001', 3, 12345678.91, 4.5, 2, 0.25, true, DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:59.123456', '[{"name":"Quality","rating":4}]'::JSON),
  ('CUST0002', 1, -0.01, 1.0, -7, NULL, false, DATE '1999-12-31', TIMESTAMP '1970-01-01 00:00:00', NULL),
  ('CUST0003', NULL, NULL, NULL, NULL, 1e-3, NULL, NULL, NULL, '{}'::JSON)
) AS t(customer_id, total_orders, total_spent, rating, quantity, share, verified, last_order_date, last_updated, aspects)`;

export const SECOND = `SELECT * FROM (VALUES
  ('CUST0004', 10, 99999999.99, 5.0, 2147483647, 3.5, true, DATE '2025-01-01', TIMESTAMP '2025-01-01 00:00:00.000001', NULL),
  ('CUST0005', 0, 0.00, 0.0, 0, 0.0, false, DATE '1970-01-01', TIMESTAMP '2000-06-15 12:30:45.5', '[]'::JSON)
) AS t(customer_id, total_orders, total_spent, rating, quantity, share, verified, last_order_date, last_updated, aspects)`;

/** Every value as DuckDB renders it as text: the exact comparison for decimals and micros. */
export function asText(sql: string): string {
  return `SELECT ${COLUMNS.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ')} FROM (${sql}) ORDER BY customer_id`;
}

export async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

export async function setup(t: TestContext) {
  const root = mkdtempSync(join(tmpdir(), 'rp-iceberg-'));
  const instance = await DuckDBInstance.create(join(root, 'warehouse.duckdb'));
  const conn = await instance.connect();
  t.after(() => {
    try {
      conn.closeSync();
      instance.closeSync();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  return { root, conn, tableDir: icebergTableDir(root, 'GOLD_TEST') };
}

export const commit = (conn: DuckDBConnection, tableDir: string, selectSql: string, columns = COLUMNS) =>
  commitIcebergOverwrite(conn, { tableDir, tableName: 'GOLD_TEST', columns, selectSql });

/**
 * icebird fetches every file (metadata, Avro, Parquet with Range requests) through the global
 * fetch, which cannot open file: URLs; serve them from disk for the duration of a test.
 */
export function serveFileUrls(t: TestContext): void {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) return original(input, init);
    const path = fileURLToPath(url);
    if (!existsSync(path)) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const bytes = readFileSync(path);
    const range = /^bytes=(\d+)-(\d*)$/.exec(new Headers(init?.headers).get('Range') ?? '');
    if (init?.method === 'HEAD') return new Response(null, { status: 200, headers: { 'Content-Length': String(bytes.length) } });
    if (!range) return new Response(bytes, { status: 200 });
    const end = range[2] ? Number(range[2]) + 1 : bytes.length;
    return new Response(bytes.subarray(Number(range[1]), end), { status: 206 });
  }) as typeof fetch;
  t.after(() => { globalThis.fetch = original; });
}

export async function icebird() {
  return import('icebird');
}

/** icebird's JS values normalised to DuckDB's text rendering (Date for date/timestamp, bigint, number for decimals). */
export function icebirdAsText(r: Row): Row {
  const out: Row = {};
  for (const c of COLUMNS) {
    const v = r[c.name];
    if (v === null || v === undefined) out[c.name] = null;
    else if (c.type === 'DATE') out[c.name] = (v as Date).toISOString().slice(0, 10);
    else if (c.type === 'TIMESTAMP') out[c.name] = (v as Date).toISOString().replace('T', ' ').replace('Z', '');
    else if (c.type.startsWith('DECIMAL')) out[c.name] = (v as number).toFixed(Number(/,(\d+)\)/.exec(c.type)![1]));
    else out[c.name] = String(v);
  }
  return out;
}

/** Decode an Avro container with avsc directly (not through the module under test). */
export async function decodeAvro(path: string) {
  const decoder = new avro.streams.BlockDecoder();
  const records: Row[] = [];
  const meta: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_t: unknown, _c: unknown, header: { meta: Record<string, Buffer> }) => {
      for (const [k, v] of Object.entries(header.meta)) meta[k] = v.toString('utf8');
    });
    decoder.on('data', (r: Row) => records.push(r));
    decoder.on('end', resolve);
    decoder.on('error', reject);
    decoder.end(readFileSync(path));
  });
  return { records, meta };
}
