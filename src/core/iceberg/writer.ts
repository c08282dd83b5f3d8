// commitIcebergOverwrite: replace the contents of a local Iceberg v2 table with the rows of a
// query, as one new snapshot. DuckDB writes the Parquet data file; we write the manifests
// (Avro), the table metadata (JSON) and swap the pointer.
//
// Commit protocol (why the order matters):
//  1. data file, manifest, manifest list: new, uniquely named files nobody references yet;
//  2. v<N+1>.metadata.json created exclusively (O_EXCL): if it exists, another writer is
//     committing the same version -> IcebergCommitConflictError;
//  3. metadata/version-hint.text replaced by write-temp + rename (atomic on POSIX), only if it
//     still names the version this commit started from.
// Readers only follow the pointer, so a crash anywhere before 3 leaves the previous snapshot
// current; what the crashed commit wrote is reported by findOrphanFiles. N+1 is one above the
// highest metadata file on disk (not above the pointer), so a crashed commit's leftover
// metadata file does not block every later commit.
import { randomUUID, randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnDef } from '../manifest/tables';
import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import { EntryStatus, encodeManifest, encodeManifestList, type DataFileRecord, type ManifestEntryRecord, type ManifestFileRecord } from './avro';
import {
  dataDir, findSnapshot, highestMetadataVersion, liveDataFiles, metadataDir, metadataFileName, readCurrentMetadata,
  readVersionHint, toLocation, versionHintPath, type LiveDataFile,
} from './table-files';
import { duckdbTypeOf, sameFields, schemaFor, type IcebergSchema, type IcebergSnapshot, type IcebergTableMetadata } from './types';

export interface CommitOptions {
  tableDir: string;
  /** Used in error messages and the table's properties. */
  tableName: string;
  columns: readonly ColumnDef[];
  /** The new contents; must yield every column of `columns` by name. */
  selectSql: string;
  /**
   * Test seam for crash simulation: called after the new metadata file is written and before
   * the pointer swap. An error thrown here propagates WITHOUT cleanup, exactly as if the
   * process had died at that point.
   */
  beforePointerSwap?: () => void | Promise<void>;
}

export interface CommitResult {
  snapshotId: number;
  metadataVersion: number;
  /** Absolute paths of the Parquet files the new snapshot added (none for an empty result). */
  dataFiles: string[];
  rows: number;
}

export class IcebergCommitConflictError extends Error {
  constructor(tableDir: string, detail: string) {
    super(`Concurrent commit to Iceberg table ${tableDir}: ${detail}; nothing was changed, retry the step`);
    this.name = 'IcebergCommitConflictError';
  }
}

class SimulatedCrash extends Error {
  constructor(readonly inner: unknown) { super('simulated crash'); }
}

/**
 * Snapshot ids are 64-bit in Iceberg, but JSON numbers above 2^53 lose precision in
 * JavaScript (ours and icebird's JSON.parse), so ids are drawn below 2^48.
 */
function newSnapshotId(existing: readonly IcebergSnapshot[]): number {
  for (;;) {
    const id = randomInt(1, 2 ** 48 - 1);
    if (!existing.some((s) => s['snapshot-id'] === id)) return id;
  }
}

export async function commitIcebergOverwrite(conn: DuckDBConnection, opts: CommitOptions): Promise<CommitResult> {
  const { tableDir, tableName } = opts;
  mkdirSync(dataDir(tableDir), { recursive: true });
  mkdirSync(metadataDir(tableDir), { recursive: true });

  const base = await readCurrentMetadata(tableDir);
  const prev = base?.metadata;
  const version = Math.max(highestMetadataVersion(tableDir), base?.version ?? 0) + 1;
  const sequenceNumber = (prev?.['last-sequence-number'] ?? 0) + 1;
  const now = Date.now();
  const snapshotId = newSnapshotId(prev?.snapshots ?? []);

  // Schema: reuse the current one when the columns are unchanged, else add a new schema.
  const current = prev?.schemas.find((s) => s['schema-id'] === prev['current-schema-id']);
  const proposed = schemaFor(opts.columns, current, prev?.['last-column-id'] ?? 0, current ? Math.max(...prev!.schemas.map((s) => s['schema-id'])) + 1 : 0);
  const schema = current && sameFields(current, proposed.schema) ? current : proposed.schema;

  const created: string[] = [];
  try {
    // 1. The data file.
    const dataPath = join(dataDir(tableDir), `00000-${sequenceNumber}-${randomUUID()}.parquet`);
    created.push(dataPath);
    const rows = await writeParquet(conn, dataPath, schema, opts);
    const added: DataFileRecord[] = [];
    const addedPaths: string[] = [];
    if (rows.count > 0) {
      addedPaths.push(dataPath);
      added.push({ ...emptyDataFile(), file_path: toLocation(dataPath), record_count: rows.count, file_size_in_bytes: (await stat(dataPath)).size, value_counts: rows.valueCounts, null_value_counts: rows.nullCounts });
    } else {
      // Iceberg writers add no empty files; an empty snapshot simply has no data files.
      await unlink(dataPath);
      created.pop();
    }

    // Everything the previous snapshot had is replaced: its live files are marked DELETED.
    const previous: LiveDataFile[] = prev?.['current-snapshot-id'] !== undefined
      ? await liveDataFiles(findSnapshot(prev, prev['current-snapshot-id'], base!.path))
      : [];
    const entries: ManifestEntryRecord[] = [
      ...added.map((f) => ({ status: EntryStatus.ADDED, snapshot_id: snapshotId, sequence_number: null, file_sequence_number: null, data_file: f })),
      ...previous.map((f) => ({ status: EntryStatus.DELETED, snapshot_id: snapshotId, sequence_number: f.sequenceNumber, file_sequence_number: f.fileSequenceNumber, data_file: normalizeDataFile(f.dataFile) })),
    ];

    // 2. Manifest and manifest list (Avro), with the key/value metadata the spec requires.
    const manifests: ManifestFileRecord[] = [];
    if (entries.length > 0) {
      const manifestPath = join(metadataDir(tableDir), `${randomUUID()}-m0.avro`);
      const bytes = await encodeManifest(entries, {
        schema: JSON.stringify(schema), 'schema-id': String(schema['schema-id']),
        'partition-spec': '[]', 'partition-spec-id': '0', 'format-version': '2', content: 'data',
      });
      created.push(manifestPath);
      await writeFile(manifestPath, bytes, { flag: 'wx' });
      manifests.push({
        manifest_path: toLocation(manifestPath), manifest_length: bytes.length, partition_spec_id: 0, content: 0,
        sequence_number: sequenceNumber,
        // The only live (non-DELETED) entries are this commit's; with none, Java's writer also
        // records the snapshot's own sequence number.
        min_sequence_number: sequenceNumber,
        added_snapshot_id: snapshotId,
        added_files_count: added.length, existing_files_count: 0, deleted_files_count: previous.length,
        added_rows_count: rows.count, existing_rows_count: 0, deleted_rows_count: sum(previous.map((f) => f.dataFile.record_count)),
        partitions: [], key_metadata: null,
      });
    }
    const listPath = join(metadataDir(tableDir), `snap-${snapshotId}-1-${randomUUID()}.avro`);
    const listMeta: Record<string, string> = { 'snapshot-id': String(snapshotId), 'sequence-number': String(sequenceNumber), 'format-version': '2' };
    if (prev?.['current-snapshot-id'] !== undefined) listMeta['parent-snapshot-id'] = String(prev['current-snapshot-id']);
    created.push(listPath);
    await writeFile(listPath, await encodeManifestList(manifests, listMeta), { flag: 'wx' });

    // 3. The new table metadata, created exclusively.
    const snapshot: IcebergSnapshot = {
      'snapshot-id': snapshotId,
      ...(prev?.['current-snapshot-id'] !== undefined ? { 'parent-snapshot-id': prev['current-snapshot-id'] } : {}),
      'sequence-number': sequenceNumber,
      'timestamp-ms': now,
      'manifest-list': toLocation(listPath),
      summary: {
        operation: 'overwrite',
        'added-data-files': String(added.length), 'deleted-data-files': String(previous.length),
        'added-records': String(rows.count), 'deleted-records': String(sum(previous.map((f) => f.dataFile.record_count))),
        'added-files-size': String(sum(added.map((f) => f.file_size_in_bytes))),
        'removed-files-size': String(sum(previous.map((f) => f.dataFile.file_size_in_bytes))),
        'total-data-files': String(added.length), 'total-records': String(rows.count),
        'total-files-size': String(sum(added.map((f) => f.file_size_in_bytes))),
        'total-delete-files': '0', 'total-position-deletes': '0', 'total-equality-deletes': '0',
      },
      'schema-id': schema['schema-id'],
    };
    const metadata: IcebergTableMetadata = {
      'format-version': 2,
      'table-uuid': prev?.['table-uuid'] ?? randomUUID(),
      location: toLocation(tableDir),
      'last-sequence-number': sequenceNumber,
      'last-updated-ms': now,
      'last-column-id': Math.max(prev?.['last-column-id'] ?? 0, proposed.lastColumnId),
      schemas: prev ? (prev.schemas.includes(schema) ? prev.schemas : [...prev.schemas, schema]) : [schema],
      'current-schema-id': schema['schema-id'],
      'partition-specs': [{ 'spec-id': 0, fields: [] }],
      'default-spec-id': 0,
      // Partition field ids start at 1000; 999 is what an unpartitioned table records.
      'last-partition-id': 999,
      'sort-orders': [{ 'order-id': 0, fields: [] }],
      'default-sort-order-id': 0,
      properties: { ...(prev?.properties ?? {}), 'write.format.default': 'parquet', 'retail.table-name': tableName },
      'current-snapshot-id': snapshotId,
      snapshots: [...(prev?.snapshots ?? []), snapshot],
      'snapshot-log': [...(prev?.['snapshot-log'] ?? []), { 'timestamp-ms': now, 'snapshot-id': snapshotId }],
      'metadata-log': base ? [...prev!['metadata-log'], { 'timestamp-ms': prev!['last-updated-ms'], 'metadata-file': toLocation(base.path) }] : [],
      refs: { main: { 'snapshot-id': snapshotId, type: 'branch' } },
    };
    const metadataPath = join(metadataDir(tableDir), metadataFileName(version));
    try {
      await writeFile(metadataPath, JSON.stringify(metadata, null, 2) + '\n', { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new IcebergCommitConflictError(tableDir, `${metadataFileName(version)} was created by another writer`);
      throw e;
    }
    created.push(metadataPath);

    if (opts.beforePointerSwap) {
      try { await opts.beforePointerSwap(); } catch (e) { throw new SimulatedCrash(e); }
    }
    await swapPointer(tableDir, base?.version ?? null, version);
    return { snapshotId, metadataVersion: version, dataFiles: addedPaths, rows: rows.count };
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e.inner;
    // Nothing references these files (the pointer was not swapped): remove them.
    await Promise.all(created.map((p) => unlink(p).catch(() => undefined)));
    throw e;
  }
}

/**
 * Write `selectSql` to one Parquet file with the Iceberg field ids, every column cast to the
 * declared type (so e.g. a SUM's DECIMAL(38,2) lands as the table's decimal(10,2)), and return
 * row and per-column value/null counts. Rejects NULLs in required columns.
 */
async function writeParquet(conn: DuckDBConnection, path: string, schema: IcebergSchema, opts: CommitOptions) {
  const cols = schema.fields.map((f) => `CAST(q.${quoteIdent(f.name)} AS ${duckdbTypeOf(f.type)}) AS ${quoteIdent(f.name)}`).join(', ');
  const fieldIds = schema.fields.map((f) => `${quoteLiteral(f.name)}: ${f.id}`).join(', ');
  const sql = `COPY (SELECT ${cols} FROM (${opts.selectSql}) AS q) TO ${quoteLiteral(path)} ` +
    `(FORMAT PARQUET, FIELD_IDS {${fieldIds}}, KV_METADATA {'iceberg.schema': ${quoteLiteral(JSON.stringify(schema))}})`;
  try {
    await conn.run(sql);
  } catch (e) {
    throw new Error(`Iceberg table ${opts.tableName}: the query did not produce the columns ${schema.fields.map((f) => `${f.name} ${duckdbTypeOf(f.type)}`).join(', ')}: ${(e as Error).message}`);
  }
  const counts = schema.fields.map((f, i) => `count(${quoteIdent(f.name)}) AS c${i}`).join(', ');
  const reader = await conn.runAndReadAll(`SELECT count(*) AS n, ${counts} FROM read_parquet(${quoteLiteral(path)})`);
  const row = reader.getRows()[0].map((v) => Number(v));
  const count = row[0];
  const nonNull = row.slice(1);
  const badRequired = schema.fields.filter((f, i) => f.required && nonNull[i] < count);
  if (badRequired.length) {
    throw new Error(`Iceberg table ${opts.tableName}: required column(s) ${badRequired.map((f) => f.name).join(', ')} contain NULL in ${count - Math.min(...badRequired.map((f) => nonNull[schema.fields.indexOf(f)]))} row(s)`);
  }
  return {
    count,
    valueCounts: schema.fields.map((f) => ({ key: f.id, value: count })),
    nullCounts: schema.fields.map((f, i) => ({ key: f.id, value: count - nonNull[i] })),
  };
}

/**
 * Pointer swap: if the hint still names `expected`, write a temp file and rename it over the
 * hint. The check and the rename run under an exclusive lock file, otherwise two writers could
 * both pass the check and the later rename would silently drop the other's commit.
 */
async function swapPointer(tableDir: string, expected: number | null, version: number): Promise<void> {
  const lock = join(metadataDir(tableDir), 'version-hint.lock');
  await acquireLock(lock, tableDir);
  try {
    const found = readVersionHint(tableDir);
    if (found !== expected) {
      throw new IcebergCommitConflictError(tableDir, `the table moved from version ${expected ?? 'none'} to ${found ?? 'none'} during this commit`);
    }
    const tmp = join(metadataDir(tableDir), `.version-hint.${randomUUID()}.tmp`);
    await writeFile(tmp, `${version}\n`, { flag: 'wx' });
    try {
      await rename(tmp, versionHintPath(tableDir));
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/** The lock is held for microseconds; one older than this was left by a crashed process. */
const STALE_LOCK_MS = 30_000;

async function acquireLock(lock: string, tableDir: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  throw new IcebergCommitConflictError(tableDir, 'metadata/version-hint.lock is held by another writer');
}

function emptyDataFile(): DataFileRecord {
  return {
    content: 0, file_path: '', file_format: 'PARQUET', partition: {}, record_count: 0, file_size_in_bytes: 0,
    column_sizes: null, value_counts: null, null_value_counts: null, nan_value_counts: null,
    lower_bounds: null, upper_bounds: null, key_metadata: null, split_offsets: null, equality_ids: null, sort_order_id: null,
  };
}

/** A decoded data_file re-encoded under our schema: absent optional fields become null. */
function normalizeDataFile(f: DataFileRecord): DataFileRecord {
  const out = emptyDataFile();
  for (const k of Object.keys(out) as (keyof DataFileRecord)[]) {
    const v = f[k];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  out.partition = {};
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
