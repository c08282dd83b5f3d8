// The emulated stages: a folder per stage under the engine's folder. A PUT lands at the path the
// stage reference names (`@S/mysql_load/<run>/customers/` + the file), a COPY lists files by
// prefix and PURGE removes what it loaded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { SessionContext } from '../engine-api';
import type { QualifiedName } from './catalog';
import { syntaxError } from './errors';
import type { EngineInternals } from './index';
import { tokenize } from './tokens';

export interface StageFile { readonly name: string; readonly path: string; readonly size: number; readonly md5: string }

/** `@DB.SCHEMA.STAGE/sub/path` -> the stage's name and the path inside it. */
export function parseStageRef(engine: EngineInternals, ref: string, session: SessionContext, action: string): { stage: QualifiedName; path: string } {
  const text = ref.replace(/^@/, '');
  const slash = text.indexOf('/');
  const parts = tokenize(slash < 0 ? text : text.slice(0, slash)).filter((t) => t.kind === 'word' || t.kind === 'qident');
  if (parts.length === 0 || parts.length > 3) throw syntaxError(ref, 0, `unexpected '${ref}'`);
  const stage = engine.tableName(parts, session, action);
  engine.catalog.requireStage(stage);
  return { stage, path: slash < 0 ? '' : text.slice(slash + 1) };
}

function stageFolder(engine: EngineInternals, q: QualifiedName): string {
  return join(engine.stageDir, 'stages', q.database, q.schema, q.name);
}

export async function putIntoStage(engine: EngineInternals, stageRef: string, fileName: string, bytes: Buffer, session: SessionContext): Promise<void> {
  const { stage, path } = parseStageRef(engine, stageRef, session, 'PUT');
  const target = join(stageFolder(engine, stage), ...`${path}/${fileName}`.split('/').filter((p) => p && p !== '.' && p !== '..'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}

/** A stage's files, named relative to the stage with '/', in name order. */
export function stageFiles(engine: EngineInternals, q: QualifiedName): StageFile[] {
  const root = stageFolder(engine, q);
  const out: StageFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      const data = readFileSync(p);
      out.push({ name: relative(root, p).split(sep).join('/'), path: p, size: data.length, md5: createHash('md5').update(data).digest('hex') });
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function removeStageFile(f: StageFile): void {
  rmSync(f.path, { force: true });
}
