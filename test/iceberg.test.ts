// Local Iceberg v2 tables for the gold layer, on real DuckDB and real files: overwrite
// snapshots and time travel, the warehouse view, an independent reader (icebird) reading
// what we wrote, the metadata/manifest shapes the spec requires, crash and conflict
// behaviour of the commit, and decimal/date/timestamp round trips.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import avro from 'avsc';
import type { ColumnDef } from '../src/core/manifest/tables';
import { table } from '../src/core/manifest';
import {
  attachIcebergView, commitIcebergOverwrite, findOrphanFiles, icebergSelectSql, icebergTableDir,
  IcebergCommitConflictError, listSnapshots, readIcebergTable,
} from '../src/core/iceberg';

type Row = Record<string, unknown>;

const COLUMNS: readonly ColumnDef[] = [
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

const FIRST = `SELECT * FROM (VALUES
  ('CUST0001', 3, 12345678.91, 4.5, 2, 0.25, true, DATE '2024-02-29', TIMESTAMP '2024-02-29 23:59:59.123456', '[{"name":"Quality","rating":4}]'::JSON),
  ('CUST0002', 1, -0.01, 1.0, -7, NULL, false, DATE '1999-12-31', TIMESTAMP '1970-01-01 00:00:00', NULL),
  ('CUST0003', NULL, NULL, NULL, NULL, 1e-3, NULL, NULL, NULL, '{}'::JSON)
) AS t(customer_id, total_orders, total_spent, rating, quantity, share, verified, last_order_date, last_updated, aspects)`;

const SECOND = `SELECT * FROM (VALUES
  ('CUST0004', 10, 99999999.99, 5.0, 2147483647, 3.5, true, DATE '2025-01-01', TIMESTAMP '2025-01-01 00:00:00.000001', NULL),
  ('CUST0005', 0, 0.00, 0.0, 0, 0.0, false, DATE '1970-01-01', TIMESTAMP '2000-06-15 12:30:45.5', '[]'::JSON)
) AS t(customer_id, total_orders, total_spent, rating, quantity, share, verified, last_order_date, last_updated, aspects)`;

/** Every value as DuckDB renders it as text: the exact comparison for decimals and micros. */
function asText(sql: string): string {
  return `SELECT ${COLUMNS.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ')} FROM (${sql}) ORDER BY customer_id`;
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

async function setup(t: TestContext) {
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

const commit = (conn: DuckDBConnection, tableDir: string, selectSql: string, columns = COLUMNS) =>
  commitIcebergOverwrite(conn, { tableDir, tableName: 'GOLD_TEST', columns, selectSql });

/**
 * icebird fetches every file (metadata, Avro, Parquet with Range requests) through the global
 * fetch, which cannot open file: URLs; serve them from disk for the duration of a test.
 */
function serveFileUrls(t: TestContext): void {
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

async function icebird() {
  return import('icebird');
}

/** icebird's JS values normalised to DuckDB's text rendering (Date for date/timestamp, bigint, number for decimals). */
function icebirdAsText(r: Row): Row {
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
async function decodeAvro(path: string) {
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

test('two overwrites make two snapshots; the current one is the second, the first stays readable by id', async (t) => {
  const { conn, tableDir } = await setup(t);
  const first = await commit(conn, tableDir, FIRST);
  const second = await commit(conn, tableDir, SECOND);
  assert.equal(first.rows, 3);
  assert.equal(second.rows, 2);
  assert.deepEqual([first.metadataVersion, second.metadataVersion], [1, 2]);
  assert.equal(readFileSync(join(tableDir, 'metadata', 'version-hint.text'), 'utf8').trim(), '2');

  const snaps = await listSnapshots(tableDir);
  assert.deepEqual(snaps.map((s) => [s.snapshotId, s.parentSnapshotId, s.sequenceNumber, s.operation, s.current]), [
    [first.snapshotId, null, 1, 'overwrite', false],
    [second.snapshotId, first.snapshotId, 2, 'overwrite', true],
  ]);

  const current = await readIcebergTable(tableDir);
  assert.equal(current.snapshotId, second.snapshotId);
  assert.deepEqual(current.dataFiles.map((f) => f.path), second.dataFiles);
  assert.deepEqual(await rows(conn, asText(icebergSelectSql(current))), await rows(conn, asText(SECOND)));

  const old = await readIcebergTable(tableDir, { snapshotId: first.snapshotId });
  assert.deepEqual(old.dataFiles.map((f) => f.path), first.dataFiles);
  assert.equal(old.recordCount, 3);
  assert.deepEqual(await rows(conn, asText(icebergSelectSql(old))), await rows(conn, asText(FIRST)));

  await assert.rejects(readIcebergTable(tableDir, { snapshotId: 12345 }), /no snapshot 12345/);
  assert.deepEqual(await findOrphanFiles(tableDir), []);
});

test('the warehouse view shows the current snapshot with the declared types, and follows the next commit', async (t) => {
  const { conn, tableDir } = await setup(t);
  await commit(conn, tableDir, FIRST);
  await attachIcebergView(conn, 'GOLD_TEST', tableDir);
  assert.deepEqual(await rows(conn, asText('SELECT * FROM GOLD_TEST')), await rows(conn, asText(FIRST)));

  await commit(conn, tableDir, SECOND);
  await attachIcebergView(conn, 'GOLD_TEST', tableDir);
  assert.deepEqual(await rows(conn, asText('SELECT * FROM GOLD_TEST')), await rows(conn, asText(SECOND)));

  const types = await rows(conn, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'GOLD_TEST' ORDER BY ordinal_position`);
  assert.deepEqual(types.map((r) => `${r.column_name} ${r.data_type}`), [
    'customer_id VARCHAR', 'total_orders BIGINT', 'total_spent DECIMAL(10,2)', 'rating DECIMAL(3,1)', 'quantity INTEGER',
    'share DOUBLE', 'verified BOOLEAN', 'last_order_date DATE', 'last_updated TIMESTAMP', 'aspects VARCHAR',
  ]);
  await assert.rejects(attachIcebergView(conn, 'x"; drop table y; --', tableDir), /Invalid view name/);
});

test('an empty result is a snapshot without data files; the view has typed columns and no rows', async (t) => {
  const { conn, tableDir } = await setup(t);
  await commit(conn, tableDir, FIRST);
  const empty = await commit(conn, tableDir, `${FIRST} WHERE false`);
  assert.equal(empty.rows, 0);
  assert.deepEqual(empty.dataFiles, []);
  const scan = await readIcebergTable(tableDir);
  assert.equal(scan.snapshotId, empty.snapshotId);
  assert.deepEqual(scan.dataFiles, []);
  await attachIcebergView(conn, 'GOLD_TEST', tableDir);
  assert.deepEqual(await rows(conn, 'SELECT count(*)::INT AS n FROM GOLD_TEST'), [{ n: 0 }]);
  const types = await rows(conn, `SELECT data_type FROM information_schema.columns WHERE table_name = 'GOLD_TEST' AND column_name = 'total_spent'`);
  assert.deepEqual(types, [{ data_type: 'DECIMAL(10,2)' }]);
  // The empty snapshot's manifest marks the first snapshot's file DELETED; that file stays.
  assert.equal((await listSnapshots(tableDir))[1].summary['deleted-data-files'], '1');
  assert.equal((await readIcebergTable(tableDir, { snapshotId: (await listSnapshots(tableDir))[0].snapshotId })).recordCount, 3);
});

test('an independent reader (icebird) reads the same rows as DuckDB, current and time-travelled', async (t) => {
  const { conn, tableDir } = await setup(t);
  serveFileUrls(t);
  await commit(conn, tableDir, FIRST);
  await commit(conn, tableDir, SECOND);
  const { icebergRead, icebergMetadata } = await icebird();
  const tableUrl = pathToFileURL(tableDir).href;

  const meta = await icebergMetadata({ tableUrl });
  assert.equal(meta['format-version'], 2);

  const sortById = (rs: Row[]) => rs.map(icebirdAsText).sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id)));
  // icebird turns timestamps into JS Dates (millisecond precision), so compare DuckDB's values
  // truncated to milliseconds there; everything else is compared exactly.
  // Doubles are compared as numbers (DuckDB renders 0 as '0.0', JS as '0').
  const duckMs = async (sql: string) => (await rows(conn, asText(sql))).map((r) => ({
    ...r, share: r.share === null ? null : String(Number(r.share)), last_updated: r.last_updated === null ? null : new Date(`${String(r.last_updated).replace(' ', 'T')}Z`).toISOString().replace('T', ' ').replace('Z', ''),
  }));

  assert.deepEqual(sortById(await icebergRead({ tableUrl })), await duckMs(SECOND));
  assert.deepEqual(sortById(await icebergRead({ tableUrl, metadataFileName: 'v1.metadata.json' })), await duckMs(FIRST));
});

test('metadata JSON, manifest list and manifests carry what the v2 spec requires', async (t) => {
  const { conn, tableDir } = await setup(t);
  const first = await commit(conn, tableDir, FIRST);
  const second = await commit(conn, tableDir, SECOND);
  const md = JSON.parse(readFileSync(join(tableDir, 'metadata', 'v2.metadata.json'), 'utf8')) as Record<string, any>;

  const required: Record<string, string> = {
    'format-version': 'number', 'table-uuid': 'string', location: 'string', 'last-sequence-number': 'number',
    'last-updated-ms': 'number', 'last-column-id': 'number', schemas: 'object', 'current-schema-id': 'number',
    'partition-specs': 'object', 'default-spec-id': 'number', 'last-partition-id': 'number', 'sort-orders': 'object',
    'default-sort-order-id': 'number', properties: 'object', 'current-snapshot-id': 'number', snapshots: 'object',
    'snapshot-log': 'object', 'metadata-log': 'object', refs: 'object',
  };
  for (const [k, type] of Object.entries(required)) assert.equal(typeof md[k], type, `metadata field ${k}`);
  assert.equal(md['format-version'], 2);
  assert.match(md['table-uuid'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(md.location, pathToFileURL(tableDir).href);
  assert.equal(md['last-sequence-number'], 2);
  assert.equal(md['current-snapshot-id'], second.snapshotId);
  assert.deepEqual(md.refs, { main: { 'snapshot-id': second.snapshotId, type: 'branch' } });
  assert.deepEqual(md['partition-specs'], [{ 'spec-id': 0, fields: [] }]);
  assert.deepEqual(md['metadata-log'].map((m: any) => m['metadata-file']), [pathToFileURL(join(tableDir, 'metadata', 'v1.metadata.json')).href]);
  assert.deepEqual(md['snapshot-log'].map((s: any) => s['snapshot-id']), [first.snapshotId, second.snapshotId]);
  const schema = md.schemas[0];
  assert.equal(schema.type, 'struct');
  assert.deepEqual(schema.fields.map((f: any) => [f.id, f.name, f.type, f.required]), [
    [1, 'customer_id', 'string', true], [2, 'total_orders', 'long', false], [3, 'total_spent', 'decimal(10,2)', false],
    [4, 'rating', 'decimal(3,1)', false], [5, 'quantity', 'int', false], [6, 'share', 'double', false],
    [7, 'verified', 'boolean', false], [8, 'last_order_date', 'date', false], [9, 'last_updated', 'timestamp', false],
    [10, 'aspects', 'string', false],
  ]);
  assert.equal(md['last-column-id'], 10);
  for (const s of md.snapshots) {
    for (const k of ['snapshot-id', 'sequence-number', 'timestamp-ms', 'manifest-list', 'summary', 'schema-id']) assert.ok(k in s, `snapshot field ${k}`);
    assert.equal(s.summary.operation, 'overwrite');
  }

  // Parquet field ids equal the schema's ids.
  const ids = await rows(conn, `SELECT name, field_id::INT AS id FROM parquet_schema('${second.dataFiles[0]}') WHERE field_id IS NOT NULL`);
  assert.deepEqual(ids.map((r) => [r.id, r.name]), schema.fields.map((f: any) => [f.id, f.name]));

  // Manifest list: one data manifest, with the v2 counters and the header keys.
  const list = await decodeAvro(fileURLToPath(md.snapshots[1]['manifest-list']));
  assert.equal(list.meta['format-version'], '2');
  assert.equal(list.meta['snapshot-id'], String(second.snapshotId));
  assert.equal(list.meta['parent-snapshot-id'], String(first.snapshotId));
  assert.equal(list.meta['sequence-number'], '2');
  assert.equal(list.records.length, 1);
  const mf = list.records[0] as Record<string, any>;
  assert.deepEqual([mf.content, mf.sequence_number, mf.min_sequence_number, mf.added_snapshot_id, mf.added_files_count, mf.deleted_files_count, mf.added_rows_count, mf.deleted_rows_count],
    [0, 2, 2, second.snapshotId, 1, 1, 2, 3]);
  const listSchema = JSON.parse(list.meta['avro.schema']);
  assert.deepEqual(listSchema.fields.slice(0, 3).map((f: any) => f['field-id']), [500, 501, 502]);

  // Manifest: the new file ADDED (sequence inherited), the previous snapshot's file DELETED with its own sequence number.
  const manifest = await decodeAvro(fileURLToPath(mf.manifest_path));
  assert.equal(mf.manifest_length, readFileSync(fileURLToPath(mf.manifest_path)).length);
  for (const k of ['schema', 'partition-spec', 'partition-spec-id', 'format-version', 'content']) assert.ok(k in manifest.meta, `manifest header key ${k}`);
  assert.equal(manifest.meta.content, 'data');
  assert.equal(manifest.meta['format-version'], '2');
  assert.deepEqual(JSON.parse(manifest.meta['partition-spec']), []);
  assert.deepEqual(JSON.parse(manifest.meta.schema).fields.map((f: any) => f.id), schema.fields.map((f: any) => f.id));
  const entrySchema = JSON.parse(manifest.meta['avro.schema']);
  assert.deepEqual(entrySchema.fields.map((f: any) => [f.name, f['field-id']]), [['status', 0], ['snapshot_id', 1], ['sequence_number', 3], ['file_sequence_number', 4], ['data_file', 2]]);
  const entries = manifest.records as Record<string, any>[];
  assert.deepEqual(entries.map((e) => [e.status, e.snapshot_id, e.sequence_number, e.file_sequence_number, fileURLToPath(e.data_file.file_path), e.data_file.record_count]), [
    [1, second.snapshotId, null, null, second.dataFiles[0], 2],
    [2, second.snapshotId, 1, 1, first.dataFiles[0], 3],
  ]);
  const added = entries[0].data_file;
  assert.equal(added.file_format, 'PARQUET');
  assert.equal(added.file_size_in_bytes, readFileSync(second.dataFiles[0]).length);
  // null_value_counts by field id: SECOND has one NULL in aspects (id 10) and none elsewhere.
  assert.deepEqual(added.null_value_counts.filter((kv: any) => kv.value > 0).map((kv: any) => ({ ...kv })), [{ key: 10, value: 1 }]);
});

test('a commit interrupted before the pointer swap leaves the previous snapshot current and reports its orphans', async (t) => {
  const { conn, tableDir } = await setup(t);
  const first = await commit(conn, tableDir, FIRST);
  const before = new Set(listAll(tableDir));
  await assert.rejects(commitIcebergOverwrite(conn, {
    tableDir, tableName: 'GOLD_TEST', columns: COLUMNS, selectSql: SECOND,
    beforePointerSwap: () => { throw new Error('power cut'); },
  }), /power cut/);

  const written = listAll(tableDir).filter((p) => !before.has(p));
  // data file, manifest, manifest list, v2.metadata.json: all on disk, none referenced.
  assert.equal(written.length, 4, written.join('\n'));
  assert.ok(written.some((p) => p.endsWith('v2.metadata.json')));
  assert.deepEqual(await findOrphanFiles(tableDir), written.sort());

  const scan = await readIcebergTable(tableDir);
  assert.equal(scan.metadataVersion, 1);
  assert.equal(scan.snapshotId, first.snapshotId);
  assert.deepEqual(await rows(conn, asText(icebergSelectSql(scan))), await rows(conn, asText(FIRST)));
  assert.deepEqual((await listSnapshots(tableDir)).map((s) => s.snapshotId), [first.snapshotId]);

  // The leftover v2 does not block later commits: the next one is v3, based on v1.
  const next = await commit(conn, tableDir, SECOND);
  assert.equal(next.metadataVersion, 3);
  const md = JSON.parse(readFileSync(join(tableDir, 'metadata', 'v3.metadata.json'), 'utf8'));
  assert.deepEqual(md['metadata-log'].map((m: any) => fileURLToPath(m['metadata-file'])), [join(tableDir, 'metadata', 'v1.metadata.json')]);
  assert.deepEqual(md.snapshots.map((s: any) => s['parent-snapshot-id'] ?? null), [null, first.snapshotId]);
  assert.deepEqual(await rows(conn, asText(icebergSelectSql(await readIcebergTable(tableDir)))), await rows(conn, asText(SECOND)));
  assert.deepEqual(await findOrphanFiles(tableDir), written.sort());
});

function listAll(tableDir: string): string[] {
  return ['metadata', 'data'].flatMap((d) => readdirSync(join(tableDir, d)).map((n) => join(tableDir, d, n)));
}

test('two commits racing from the same version: one wins, the loser fails with a conflict and leaves nothing behind', async (t) => {
  const { conn, tableDir } = await setup(t);
  await commit(conn, tableDir, FIRST);
  const instance2 = await DuckDBInstance.create(':memory:');
  const conn2 = await instance2.connect();
  t.after(() => { conn2.closeSync(); instance2.closeSync(); });
  const results = await Promise.allSettled([commit(conn, tableDir, SECOND), commit(conn2, tableDir, FIRST.replace('CUST0001', 'CUST0009'))]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.ok(failed[0].reason instanceof IcebergCommitConflictError, String(failed[0].reason));
  assert.equal((await listSnapshots(tableDir)).length, 2);
  assert.deepEqual(await findOrphanFiles(tableDir), []);
});

test('bad input: NULL in a required column or a missing column fails the commit, previous snapshot intact, no files left', async (t) => {
  const { conn, tableDir } = await setup(t);
  const first = await commit(conn, tableDir, FIRST);
  await assert.rejects(commit(conn, tableDir, FIRST.replace("'CUST0002'", 'NULL')), /required column\(s\) customer_id contain NULL in 1 row/);
  await assert.rejects(commit(conn, tableDir, 'SELECT 1 AS customer_id'), /Iceberg table GOLD_TEST: the query did not produce the columns customer_id VARCHAR, total_orders BIGINT/);
  assert.equal((await readIcebergTable(tableDir)).snapshotId, first.snapshotId);
  assert.deepEqual(await findOrphanFiles(tableDir), []);
  await assert.rejects(readIcebergTable(join(tableDir, '..', 'NOPE')), /No Iceberg table at .*NOPE: metadata\/version-hint.text is missing/);
});

test('decimal, date and timestamp values round-trip exactly, cast to the declared types', async (t) => {
  const { conn, tableDir } = await setup(t);
  // A query whose types differ from the table's (DECIMAL(38,3) sums, a VARCHAR date, a DOUBLE
  // rating) lands as the declared Iceberg types.
  const sql = `SELECT 'CUST0001' AS customer_id, sum(x)::BIGINT AS total_orders, sum(d) AS total_spent, 4.44::DOUBLE AS rating,
      1 AS quantity, 0.5 AS share, true AS verified, '2023-03-31' AS last_order_date, TIMESTAMP '1901-12-13 20:45:52.999999' AS last_updated, NULL AS aspects
    FROM (VALUES (1, 1000.125::DECIMAL(38,3)), (2, 2000.004::DECIMAL(38,3))) v(x, d)`;
  await commit(conn, tableDir, sql);
  await attachIcebergView(conn, 'GOLD_TEST', tableDir);
  assert.deepEqual(await rows(conn, asText('SELECT * FROM GOLD_TEST')), [{
    customer_id: 'CUST0001', total_orders: '3', total_spent: '3000.13', rating: '4.4', quantity: '1', share: '0.5', verified: 'true',
    last_order_date: '2023-03-31', last_updated: '1901-12-13 20:45:52.999999', aspects: null,
  }]);
  const scan = await readIcebergTable(tableDir);
  const physical = await rows(conn, `SELECT name, type, logical_type, converted_type FROM parquet_schema('${scan.dataFiles[0].path}') WHERE name IN ('total_spent', 'rating', 'last_order_date', 'last_updated')`);
  assert.deepEqual(physical.map((r) => [r.name, r.type]), [['total_spent', 'INT64'], ['rating', 'INT32'], ['last_order_date', 'INT32'], ['last_updated', 'INT64']]);
  assert.match(String(physical[3].logical_type), /isAdjustedToUTC=0.*MICROS=MicroSeconds/);

  // The manifest table GOLD_CUSTOMER_INSIGHTS itself, through icebird too.
  serveFileUrls(t);
  const gold = table('GOLD_CUSTOMER_INSIGHTS');
  const goldDir = join(tableDir, '..', gold.name);
  await commitIcebergOverwrite(conn, {
    tableDir: goldDir, tableName: gold.name, columns: gold.columns,
    selectSql: `SELECT 'CUST0001' AS customer_id, 'AZ' AS state, 2 AS total_orders, 1234.56 AS total_spent, 617.28 AS avg_order_value, DATE '2024-12-31' AS last_order_date, TIMESTAMP '2025-01-02 03:04:05' AS last_updated`,
  });
  const { icebergRead } = await icebird();
  const [r] = await icebergRead({ tableUrl: pathToFileURL(goldDir).href });
  assert.deepEqual({ ...r, last_order_date: (r.last_order_date as Date).toISOString(), last_updated: (r.last_updated as Date).toISOString() }, {
    customer_id: 'CUST0001', state: 'AZ', total_orders: 2n, total_spent: 1234.56, avg_order_value: 617.28,
    last_order_date: '2024-12-31T00:00:00.000Z', last_updated: '2025-01-02T03:04:05.000Z',
  });
  await attachIcebergView(conn, gold.name, goldDir);
  assert.deepEqual(await rows(conn, `SELECT customer_id, total_spent::VARCHAR AS s FROM GOLD_CUSTOMER_INSIGHTS`), [{ customer_id: 'CUST0001', s: '1234.56' }]);
});

test('changed columns add a schema: unchanged columns keep their field ids, old snapshots keep theirs', async (t) => {
  const { conn, tableDir } = await setup(t);
  const first = await commit(conn, tableDir, FIRST);
  // total_orders changes type (new id), a column is added (new id), aspects is dropped.
  const evolved: ColumnDef[] = [
    ...COLUMNS.filter((c) => c.name !== 'aspects').map((c) => (c.name === 'total_orders' ? { ...c, type: 'INTEGER' as const } : c)),
    { name: 'note', type: 'VARCHAR' },
  ];
  const second = await commit(conn, tableDir, `SELECT * EXCLUDE (aspects), 'n/a' AS note FROM (${SECOND})`, evolved);
  const md = JSON.parse(readFileSync(join(tableDir, 'metadata', 'v2.metadata.json'), 'utf8'));
  assert.deepEqual(md.schemas.map((s: any) => s['schema-id']), [0, 1]);
  assert.equal(md['current-schema-id'], 1);
  assert.equal(md['last-column-id'], 12);
  assert.deepEqual(md.schemas[1].fields.map((f: any) => `${f.id}:${f.name}:${f.type}`), [
    '1:customer_id:string', '11:total_orders:int', '3:total_spent:decimal(10,2)', '4:rating:decimal(3,1)', '5:quantity:int',
    '6:share:double', '7:verified:boolean', '8:last_order_date:date', '9:last_updated:timestamp', '12:note:string',
  ]);
  assert.deepEqual(md.snapshots.map((s: any) => s['schema-id']), [0, 1]);

  const old = await readIcebergTable(tableDir, { snapshotId: first.snapshotId });
  assert.equal(old.schema['schema-id'], 0);
  assert.deepEqual(await rows(conn, asText(icebergSelectSql(old))), await rows(conn, asText(FIRST)));
  const current = await readIcebergTable(tableDir);
  assert.equal(current.snapshotId, second.snapshotId);
  assert.deepEqual(await rows(conn, `SELECT DISTINCT note, typeof(total_orders) AS t FROM (${icebergSelectSql(current)})`), [{ note: 'n/a', t: 'INTEGER' }]);

  // Committing the evolved columns again reuses schema 1 instead of adding a third.
  await commit(conn, tableDir, `SELECT * EXCLUDE (aspects), 'x' AS note FROM (${FIRST})`, evolved);
  const md3 = JSON.parse(readFileSync(join(tableDir, 'metadata', 'v3.metadata.json'), 'utf8'));
  assert.deepEqual(md3.schemas.map((s: any) => s['schema-id']), [0, 1]);
});
