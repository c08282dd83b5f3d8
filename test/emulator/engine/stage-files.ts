// The emulated stages: a folder per stage under the engine's folder. A PUT lands at the path the
// stage reference names (`@S/mysql_load/<run>/customers/` + the file), a COPY lists files by
// prefix and PURGE removes what it loaded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { SessionContext, StatementResult } from '../engine-api';
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

/** LIST @stage[/prefix] [PATTERN = '…'] and REMOVE @stage[/prefix] [PATTERN = '…'], with
 *  Snowflake's columns (name as stage/path, size, md5, last_modified; REMOVE: name, result). */
export function listOrRemove(engine: EngineInternals, verb: 'LIST' | 'REMOVE', ref: string, pattern: string | undefined, session: SessionContext): StatementResult {
  const { stage, path } = parseStageRef(engine, ref, session, verb);
  const re = pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`);
  const files = stageFiles(engine, stage).filter((f) => f.name.startsWith(path) && (!re || re.test(`${stage.name.toLowerCase()}/${f.name}`) || re.test(f.name)));
  const name = (f: StageFile) => `${stage.name.toLowerCase()}/${f.name}`;
  if (verb === 'REMOVE') {
    for (const f of files) removeStageFile(f);
    return { columns: [{ name: 'name', type: 'text' }, { name: 'result', type: 'text' }], rows: files.map((f) => [name(f), 'removed']) };
  }
  return {
    columns: [{ name: 'name', type: 'text' }, { name: 'size', type: 'fixed', precision: 38, scale: 0 }, { name: 'md5', type: 'text' }, { name: 'last_modified', type: 'text' }],
    rows: files.map((f) => [name(f), f.size, f.md5, statSync(f.path).mtime.toUTCString()]),
  };
}
