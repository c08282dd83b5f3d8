// Reading a local Iceberg table: pointer -> metadata JSON -> manifest list -> manifests, giving
// the data files of a snapshot; and a DuckDB view over those files so warehouse SQL
// (`select * from GOLD_CUSTOMER_INSIGHTS`) sees the current snapshot.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, quoteIdent, quoteLiteral } from '../sql/identifiers';
import { findSnapshot, IcebergTableNotFoundError, liveDataFiles, readCurrentMetadata, toPath } from './table-files';
import { duckdbTypeOf, type IcebergSchema } from './types';

export interface IcebergDataFile {
  /** Local path of the Parquet file. */
  path: string;
  recordCount: number;
  sizeBytes: number;
  sequenceNumber: number;
}

export interface IcebergScan {
  tableDir: string;
  metadataVersion: number;
  /** null for a table whose metadata has no snapshot. */
  snapshotId: number | null;
  /** The schema the snapshot was written with. */
  schema: IcebergSchema;
  dataFiles: IcebergDataFile[];
  recordCount: number;
}

export interface SnapshotInfo {
  snapshotId: number;
  parentSnapshotId: number | null;
  sequenceNumber: number;
  timestampMs: number;
  operation: string;
  summary: Record<string, string>;
  manifestList: string;
  current: boolean;
}

async function requireCurrent(tableDir: string) {
  const loaded = await readCurrentMetadata(tableDir);
  if (!loaded) throw new IcebergTableNotFoundError(tableDir);
  return loaded;
}

/** The data files of the current snapshot, or of `snapshotId` (time travel). */
export async function readIcebergTable(tableDir: string, opts: { snapshotId?: number } = {}): Promise<IcebergScan> {
  const { version, path, metadata } = await requireCurrent(tableDir);
  const id = opts.snapshotId ?? metadata['current-snapshot-id'];
  const snapshot = id === undefined ? undefined : findSnapshot(metadata, id, path);
  const schemaId = snapshot?.['schema-id'] ?? metadata['current-schema-id'];
  const schema = metadata.schemas.find((s) => s['schema-id'] === schemaId);
  if (!schema) throw new Error(`${path}: schema ${schemaId} is not in the table metadata`);
  const dataFiles = snapshot
    ? (await liveDataFiles(snapshot)).map((f) => ({
      path: toPath(f.dataFile.file_path), recordCount: f.dataFile.record_count, sizeBytes: f.dataFile.file_size_in_bytes, sequenceNumber: f.sequenceNumber,
    }))
    : [];
  return {
    tableDir, metadataVersion: version, snapshotId: snapshot?.['snapshot-id'] ?? null, schema, dataFiles,
    recordCount: dataFiles.reduce((a, f) => a + f.recordCount, 0),
  };
}

/** Every snapshot the current metadata keeps, oldest first. */
export async function listSnapshots(tableDir: string): Promise<SnapshotInfo[]> {
  const { metadata } = await requireCurrent(tableDir);
  return metadata.snapshots.map((s) => ({
    snapshotId: s['snapshot-id'], parentSnapshotId: s['parent-snapshot-id'] ?? null, sequenceNumber: s['sequence-number'],
    timestampMs: s['timestamp-ms'], operation: s.summary.operation, summary: { ...s.summary }, manifestList: s['manifest-list'],
    current: s['snapshot-id'] === metadata['current-snapshot-id'],
  }));
}

/** SELECT over a snapshot's Parquet files with the schema's column names and types. */
export function icebergSelectSql(scan: IcebergScan): string {
  const cols = scan.schema.fields.map((f) => ({ name: quoteIdent(f.name), type: duckdbTypeOf(f.type) }));
  if (scan.dataFiles.length === 0) {
    // No files (empty table): a typed, row-less relation so queries still bind.
    return `SELECT ${cols.map((c) => `CAST(NULL AS ${c.type}) AS ${c.name}`).join(', ')} WHERE false`;
  }
  const files = scan.dataFiles.map((f) => quoteLiteral(f.path)).join(', ');
  return `SELECT ${cols.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`).join(', ')} FROM read_parquet([${files}])`;
}

/**
 * Create or replace VIEW `viewName` over the table's current (or given) snapshot. The view
 * names fixed files, so it keeps showing that snapshot until it is attached again after the
 * next commit (old snapshots' files are never removed by a commit).
 */
export async function attachIcebergView(conn: DuckDBConnection, viewName: string, tableDir: string, opts: { snapshotId?: number } = {}): Promise<IcebergScan> {
  const view = ident(viewName, 'view name');
  const scan = await readIcebergTable(tableDir, opts);
  await conn.run(`CREATE OR REPLACE VIEW ${view} AS ${icebergSelectSql(scan)}`);
  return scan;
}
