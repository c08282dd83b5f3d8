// What other readers see in our local Iceberg v2 tables: an independent reader (icebird)
// reading what we wrote, the metadata/manifest shapes the v2 spec requires, and decimal, date
// and timestamp values round-tripping exactly. Snapshots, commits and their failures are
// test/iceberg.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { table } from '../src/core/manifest';
import { attachIcebergView, commitIcebergOverwrite, readIcebergTable } from '../src/core/iceberg';
import { asText, COLUMNS, commit, decodeAvro, FIRST, icebird, icebirdAsText, rows, SECOND, serveFileUrls, setup, type Row } from './helpers/iceberg-tables';

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
