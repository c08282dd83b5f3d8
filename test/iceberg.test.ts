// Local Iceberg v2 tables for the gold layer, on real DuckDB and real files: overwrite
// snapshots and time travel, the warehouse view, empty results, crash and conflict behaviour
// of the commit, bad input and schema changes. What other readers see (icebird, the v2 spec's
// metadata and manifests, exact value round trips) is test/iceberg-format.test.ts.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnDef } from '../src/core/manifest/tables';
import {
  attachIcebergView, commitIcebergOverwrite, findOrphanFiles, icebergSelectSql,
  IcebergCommitConflictError, listSnapshots, readIcebergTable,
} from '../src/core/iceberg';
import { asText, COLUMNS, commit, FIRST, rows, SECOND, setup } from './helpers/iceberg-tables';

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
