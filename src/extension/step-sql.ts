// The step SQL files of a task (sql/pipeline/<task>/*.sql, shipped inside the extension), for
// "Open Step SQL". Load tasks have none.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stepSqlFolder } from '../core/transform/step-sql';

const cache = new Map<string, string[]>();

export function stepSqlFiles(taskName: string): string[] {
  let files = cache.get(taskName);
  if (!files) {
    const dir = stepSqlFolder(taskName);
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => join(dir, f));
    } catch {
      files = [];
    }
    cache.set(taskName, files);
  }
  return files;
}
