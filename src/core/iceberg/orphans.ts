// Files in a table directory that no snapshot references: what a commit that crashed before
// its pointer swap left behind (data, manifests, metadata file, temp pointer). Only safe to
// delete while no commit is running, since an in-flight commit's files look the same.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { metadataDir, dataDir, readCurrentMetadata, readSnapshotEntries, toPath, versionHintPath, readManifestList } from './table-files';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [resolve(p)];
  });
}

export async function findOrphanFiles(tableDir: string): Promise<string[]> {
  const all = [...listFiles(metadataDir(tableDir)), ...listFiles(dataDir(tableDir))];
  const loaded = await readCurrentMetadata(tableDir);
  if (!loaded) return all.sort();
  const referenced = new Set<string>([resolve(versionHintPath(tableDir)), resolve(loaded.path)]);
  for (const m of loaded.metadata['metadata-log']) referenced.add(toPath(m['metadata-file']));
  for (const snapshot of loaded.metadata.snapshots) {
    referenced.add(toPath(snapshot['manifest-list']));
    for (const m of await readManifestList(snapshot)) referenced.add(toPath(m.manifest_path));
    // Entries of every status: a file DELETED by this snapshot is still part of older ones.
    for (const { entry } of await readSnapshotEntries(snapshot)) referenced.add(toPath(entry.data_file.file_path));
  }
  return all.filter((p) => !referenced.has(p)).sort();
}
