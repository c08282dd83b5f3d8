// Where the package's own files (sql/, media/) are: found from the running code, whether it
// runs bundled from dist/ or as TypeScript from src/ (tests), never from the current directory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'retail-pipeline') return (cached = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the retail-pipeline package root above ${__dirname}`);
    dir = up;
  }
}

export function sqlDir(): string {
  return join(packageRoot(), 'sql');
}
