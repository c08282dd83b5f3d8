// Where an Iceberg table keeps its files, and how its pointer and metadata are read. The
// table is "file-system catalogued" the way Hadoop tables are: metadata/version-hint.text
// names the current vN.metadata.json; a metadata file the hint does not name is not part of
// the table (e.g. one left by a commit that crashed before swapping the pointer).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stateDir } from '../targets/local/warehouse';
import { decodeContainer, EntryStatus, type DataFileRecord, type ManifestEntryRecord, type ManifestFileRecord } from './avro';
import type { IcebergSnapshot, IcebergTableMetadata } from './types';

/** The Snowflake BASE_LOCATION layout, under the workspace's state directory (see stateDir). */
export function icebergTableDir(workspace: string, tableName: string, stateFolder?: string): string {
  return join(stateDir(workspace, stateFolder), 'iceberg', 'retail_gold_layer', tableName);
}

export const metadataDir = (tableDir: string) => join(tableDir, 'metadata');
export const dataDir = (tableDir: string) => join(tableDir, 'data');
export const versionHintPath = (tableDir: string) => join(metadataDir(tableDir), 'version-hint.text');
export const metadataFileName = (version: number) => `v${version}.metadata.json`;

/** Iceberg stores absolute URIs; local tables use file: URLs. */
export const toLocation = (path: string) => pathToFileURL(resolve(path)).href;
export function toPath(location: string): string {
  return location.startsWith('file:') ? fileURLToPath(location) : resolve(location);
}

export class IcebergTableNotFoundError extends Error {
  constructor(readonly tableDir: string) {
    super(`No Iceberg table at ${tableDir}: metadata/version-hint.text is missing (has the gold step run?)`);
    this.name = 'IcebergTableNotFoundError';
  }
}

/** The version the pointer names, or null when the table has never been committed. */
export function readVersionHint(tableDir: string): number | null {
  const hint = versionHintPath(tableDir);
  if (!existsSync(hint)) return null;
  const text = readFileSync(hint, 'utf8').trim();
  if (!/^\d+$/.test(text)) throw new Error(`${hint}: expected a metadata version number, found ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

/** Highest vN.metadata.json on disk, committed or not (0 if none). */
export function highestMetadataVersion(tableDir: string): number {
  const dir = metadataDir(tableDir);
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const name of readdirSync(dir)) {
    const m = /^v(\d+)\.metadata\.json$/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

export interface LoadedMetadata {
  version: number;
  path: string;
  metadata: IcebergTableMetadata;
}

export async function readMetadataVersion(tableDir: string, version: number): Promise<LoadedMetadata> {
  const path = join(metadataDir(tableDir), metadataFileName(version));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read table metadata (${(e as Error).message})`);
  }
  let metadata: IcebergTableMetadata;
  try {
    metadata = JSON.parse(text) as IcebergTableMetadata;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (metadata['format-version'] !== 2) throw new Error(`${path}: expected Iceberg format-version 2, found ${String(metadata['format-version'])}`);
  return { version, path, metadata };
}

/** The committed (pointer-named) metadata, or null for a table that does not exist yet. */
export async function readCurrentMetadata(tableDir: string): Promise<LoadedMetadata | null> {
  const version = readVersionHint(tableDir);
  return version === null ? null : readMetadataVersion(tableDir, version);
}

export async function readManifestList(snapshot: IcebergSnapshot): Promise<ManifestFileRecord[]> {
  const path = toPath(snapshot['manifest-list']);
  const { records } = await decodeContainer<ManifestFileRecord>(await readFile(path), path);
  return records;
}

export interface LiveDataFile {
  dataFile: DataFileRecord;
  /** Data and file sequence numbers, resolved through Iceberg's inheritance rule. */
  sequenceNumber: number;
  fileSequenceNumber: number;
}

/** Every manifest entry of a snapshot (any status), with inherited sequence numbers filled in. */
export async function readSnapshotEntries(snapshot: IcebergSnapshot): Promise<{ manifestPath: string; entry: ManifestEntryRecord }[]> {
  const out: { manifestPath: string; entry: ManifestEntryRecord }[] = [];
  for (const manifest of await readManifestList(snapshot)) {
    if (manifest.content !== 0) throw new Error(`${manifest.manifest_path}: delete manifests are not supported by the local Iceberg reader`);
    const path = toPath(manifest.manifest_path);
    const { records } = await decodeContainer<ManifestEntryRecord>(await readFile(path), path);
    for (const entry of records) {
      // Spec: an ADDED entry with a null sequence number inherits the manifest's.
      if (entry.status === EntryStatus.ADDED) {
        entry.sequence_number ??= manifest.sequence_number;
        entry.file_sequence_number ??= manifest.sequence_number;
      } else if (entry.sequence_number === null || entry.file_sequence_number === null) {
        throw new Error(`${path}: ${entry.data_file.file_path} is not ADDED but has no sequence number`);
      }
      out.push({ manifestPath: manifest.manifest_path, entry });
    }
  }
  return out;
}

/** The data files that make up a snapshot (entries not marked DELETED). */
export async function liveDataFiles(snapshot: IcebergSnapshot): Promise<LiveDataFile[]> {
  return (await readSnapshotEntries(snapshot))
    .filter(({ entry }) => entry.status !== EntryStatus.DELETED)
    .map(({ entry }) => {
      if (entry.data_file.content !== 0) throw new Error(`${entry.data_file.file_path}: delete files are not supported by the local Iceberg reader`);
      return { dataFile: entry.data_file, sequenceNumber: entry.sequence_number as number, fileSequenceNumber: entry.file_sequence_number as number };
    });
}

export function findSnapshot(metadata: IcebergTableMetadata, snapshotId: number, where: string): IcebergSnapshot {
  const s = metadata.snapshots.find((x) => x['snapshot-id'] === snapshotId);
  if (!s) {
    const known = metadata.snapshots.map((x) => x['snapshot-id']).join(', ') || 'none';
    throw new Error(`${where}: no snapshot ${snapshotId} (snapshots: ${known})`);
  }
  return s;
}
