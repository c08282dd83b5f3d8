// Where a worker thread's code is, for the modules that start worker threads (the AI text pool,
// the XML reader). Bundled (the CLI in bin/, the VSIX) each worker is its own file beside the
// bundle that starts it (scripts/build.mjs builds dist/<name>.js); from source (tsx: tests,
// benchmarks, the CLI in development) it is the .ts module beside the one starting it, loaded
// through tsx's require hook. The Worker is started from eval'd code so both cases look alike.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The statement that loads worker `name` ('ai-worker', 'xml-worker') from `dir` (the caller's
 * __dirname), or undefined when neither the bundle nor the source file is there.
 */
export function workerLoadStatement(dir: string, name: string): string | undefined {
  const bundled = join(dir, `${name}.js`);
  if (existsSync(bundled)) return `require(${JSON.stringify(bundled)})`;
  const source = join(dir, `${name}.ts`);
  if (existsSync(source)) return `require('tsx/cjs/api').register(); require(${JSON.stringify(source)})`;
  return undefined;
}
