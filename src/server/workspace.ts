// The SQL files the server knows: every sql/**/*.sql under the root read from disk at start, with
// the editor's text instead for open documents. Models are computed on demand and cached per
// text. Step files are recognised by their place, sql/pipeline/<task>/<NN>_<table>.sql.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, type SqlModel } from './sql-model';

export interface SqlFile {
  /** URI as the client spells it (open documents) or as built from the path (disk files). */
  uri: string;
  readonly path: string;
  text: string;
  open: boolean;
  model?: SqlModel;
}

export interface StepPlace {
  readonly task: string;
  /** File name, e.g. 04_silver_orders.sql: steps of a task run in file-name order. */
  readonly file: string;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return resolve(fileURLToPath(uri)); } catch { return undefined; }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export function stepPlace(path: string): StepPlace | undefined {
  const dir = dirname(path);
  if (basename(dirname(dir)) !== 'pipeline' || !path.endsWith('.sql')) return undefined;
  return { task: basename(dir), file: basename(path) };
}

export class SqlWorkspace {
  private readonly files = new Map<string, SqlFile>();

  /** Folders whose sql/ is indexed: the workspace's and, when it has none, the extension's own
   *  (a workspace with only sample_data still navigates the step SQL the extension runs). */
  readonly roots: string[];

  constructor(...roots: (string | undefined)[]) {
    this.roots = [...new Set(roots.filter((r): r is string => !!r).map((r) => resolve(r)))];
  }

  get sqlDirs(): string[] {
    return this.roots.map((r) => join(r, 'sql'));
  }

  /** Read sql/**\/*.sql from disk (open documents keep their editor text). */
  scan(): void {
    for (const dir of this.sqlDirs) this.scanDir(dir);
  }

  private scanDir(dir: string): void {
    const walk = (d: string) => {
      let entries: import('node:fs').Dirent[];
      try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.sql')) {
          const path = resolve(p);
          if (this.files.get(path)?.open) continue;
          try { this.files.set(path, { uri: pathToUri(path), path, text: readFileSync(path, 'utf8'), open: false }); } catch { /* vanished */ }
        }
      }
    };
    walk(dir);
  }

  all(): SqlFile[] {
    return [...this.files.values()];
  }

  byUri(uri: string): SqlFile | undefined {
    const path = uriToPath(uri);
    return path ? this.files.get(path) : undefined;
  }

  byPath(path: string): SqlFile | undefined {
    return this.files.get(resolve(path));
  }

  open(uri: string, text: string): SqlFile | undefined {
    const path = uriToPath(uri);
    if (!path) return undefined;
    const f: SqlFile = { uri, path, text, open: true };
    this.files.set(path, f);
    return f;
  }

  change(uri: string, text: string): SqlFile | undefined {
    const f = this.byUri(uri);
    if (!f) return this.open(uri, text);
    f.uri = uri;
    f.open = true;
    f.text = text;
    f.model = undefined;
    return f;
  }

  /** Closing a document: its text on disk is what the other files see again. */
  close(uri: string): void {
    const path = uriToPath(uri);
    if (!path) return;
    const inside = this.sqlDirs.some((d) => path.startsWith(d));
    try {
      if (!inside) throw new Error('outside');
      this.files.set(path, { uri: pathToUri(path), path, text: readFileSync(path, 'utf8'), open: false });
    } catch {
      this.files.delete(path);
    }
  }

  model(f: SqlFile): SqlModel {
    return (f.model ??= analyze(f.text));
  }

  /** Step files of a task, in run order. */
  stepsOf(task: string): SqlFile[] {
    return this.all().filter((f) => stepPlace(f.path)?.task === task).sort((a, b) => basename(a.path).localeCompare(basename(b.path)));
  }

  /** The step file whose `-- table:` header names a table. */
  stepFileFor(table: string): SqlFile | undefined {
    const up = table.toUpperCase();
    return this.all().find((f) => stepPlace(f.path) && this.model(f).header?.table === up);
  }
}
