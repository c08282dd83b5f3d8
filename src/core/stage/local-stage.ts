// Local stages: folders under <workspace>/.retail/stages/<STAGE>/ (<state folder>/stages/ when set) that behave like Snowflake
// internal stages (PUT, LIST, GET, REMOVE). Stage names are validated identifiers; file names
// are relative paths that may not leave the stage (no "..", no absolute paths), so a name such
// as ../../etc/passwd can never read or write outside it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { validateIdentifier } from '../sql/identifiers';
import { stateDir } from '../targets/local/warehouse';

export const STAGES = ['SOURCE_FILES', 'CODEFILES'] as const;

export interface StageFile {
  /** Path inside the stage, with forward slashes (as LIST shows it). */
  readonly name: string;
  readonly size: number;
  readonly lastModified: Date;
}

export class StagePathError extends Error {}

/** A stage that is neither one of STAGES nor created on purpose (Snowflake's "Stage … does not
 *  exist or not authorized"): a typo must not make a new stage appear. */
export class StageNotFoundError extends Error {}

export class LocalStage {
  readonly root: string;

  constructor(workspace: string, readonly stage: string, stateFolder?: string) {
    validateIdentifier(stage, 'stage name');
    this.root = join(stateDir(workspace, stateFolder), 'stages', stage.toUpperCase());
  }

  /** SOURCE_FILES and CODEFILES always exist; any other stage once create() made it. */
  get exists(): boolean {
    return (STAGES as readonly string[]).includes(this.stage.toUpperCase()) || existsSync(this.root);
  }

  /** CREATE STAGE IF NOT EXISTS. */
  create(): void {
    mkdirSync(this.root, { recursive: true });
  }

  private requireExists(): void {
    if (!this.exists) {
      throw new StageNotFoundError(`Stage @${this.stage.toUpperCase()} does not exist: the local stages are ${STAGES.join(' and ')}, and any created on purpose (retail-pipeline stage create @${this.stage.toUpperCase()})`);
    }
  }

  /** The absolute path of a file in the stage, refusing names that escape it. */
  resolve(name: string): string {
    if (typeof name !== 'string' || !name || name.includes('\0')) throw new StagePathError(`Invalid stage file name ${JSON.stringify(name)}: expected a relative path`);
    // "@SOURCE_FILES/a.json" and "a.json" name the same file of this stage.
    const prefix = `@${this.stage.toUpperCase()}/`;
    const clean = (name.toUpperCase().startsWith(prefix) ? name.slice(prefix.length) : name).replace(/\\/g, '/');
    if (isAbsolute(clean) || normalize(clean).split(/[\\/]/).includes('..')) {
      throw new StagePathError(`Invalid stage file name ${JSON.stringify(name)}: expected a path inside @${this.stage} (no "..", no absolute path)`);
    }
    const full = resolve(this.root, clean);
    const rel = relative(this.root, full);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw new StagePathError(`Invalid stage file name ${JSON.stringify(name)}: it leaves @${this.stage}`);
    return full;
  }

  /** PUT a local file (or bytes) into the stage, under `name` (default: the file's base name). */
  put(source: string | { name: string; data: string | Uint8Array }, name?: string): StageFile {
    this.requireExists();
    const target = this.resolve(typeof source === 'string' ? (name ?? basename(source)) : source.name);
    mkdirSync(dirname(target), { recursive: true });
    // Write to a temporary file and rename, so a reader never sees a half-written file.
    const tmp = `${target}.${process.pid}.partial`;
    try {
      if (typeof source === 'string') copyFileSync(source, tmp);
      else writeFileSync(tmp, source.data);
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new Error(`PUT to @${this.stage} failed for ${relative(this.root, target)}: ${(e as Error).message}`);
    }
    return this.describe(target);
  }

  list(prefix = ''): StageFile[] {
    this.requireExists();
    if (!existsSync(this.root)) return [];
    const out: StageFile[] = [];
    const walk = (dir: string) => {
      for (const n of readdirSync(dir).sort()) {
        const p = join(dir, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (!n.endsWith('.partial')) out.push(this.describe(p));
      }
    };
    walk(this.root);
    return out.filter((f) => f.name.startsWith(prefix));
  }

  /** GET a stage file into a local folder; returns the written path. */
  get(name: string, toDir: string): string {
    this.requireExists();
    const src = this.resolve(name);
    if (!existsSync(src)) throw new Error(`@${this.stage}/${name} does not exist`);
    mkdirSync(toDir, { recursive: true });
    const dst = join(toDir, basename(src));
    copyFileSync(src, dst);
    return dst;
  }

  remove(name: string): void {
    this.requireExists();
    rmSync(this.resolve(name), { force: true });
  }

  private describe(path: string): StageFile {
    const st = statSync(path);
    return { name: relative(this.root, path).split(sep).join('/'), size: st.size, lastModified: st.mtime };
  }
}
