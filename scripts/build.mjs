// One esbuild script, several entry points: the CLI now; the extension, language server and
// webviews add their own contexts here. Native and heavy runtime packages stay external.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

/** src/extension requires './heavy' (DuckDB, MySQL, steps), './snowflake-lib' (the Snowflake
 * target), './commands-lib' (the command implementations) and './lsp-lib' (the language client)
 * on first use: in the activation and commands bundles they become the separate bundles below
 * instead of being inlined. */
const heavyAsSeparateBundle = {
  name: 'heavy-as-separate-bundle',
  setup(build) {
    const bundles = {
      './heavy': './extension-heavy.js', './snowflake-lib': './extension-snowflake.js',
      './commands-lib': './extension-commands.js', './lsp-lib': './extension-lsp.js',
    };
    build.onResolve({ filter: /^\.\/(heavy|snowflake-lib|commands-lib|lsp-lib)$/ }, (args) =>
      /src[\\/]extension$/.test(args.resolveDir) ? { path: bundles[args.path], external: true } : undefined);
  },
};

// Node programs (CLI) keep their dependencies in node_modules, except vader-sentiment: its
// ES-module source (used for its SentiText class, see src/core/ai/vader-fast.ts) mixes import
// and require, which only a bundler resolves.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const nodeExternals = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => n !== 'vader-sentiment');

const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', external: nodeExternals },
  { entryPoints: ['src/core/ai/build-gazetteer.ts'], outfile: 'dist/build-gazetteer.js', platform: 'node', format: 'cjs', external: nodeExternals },
  // Worker threads, started from beside the bundle that needs them (src/core/worker-entry.ts):
  // the local AI functions' (src/core/ai/text-pool.ts) and the XML reader's
  // (src/core/sources/xml-off-thread.ts). Used by the CLI and the VSIX alike, so they bundle
  // their JS dependencies like the extension does (the VSIX ships no node_modules for them).
  ...[['src/core/ai/ai-worker.ts', 'dist/ai-worker.js'], ['src/core/sources/xml-worker.ts', 'dist/xml-worker.js']]
    .map(([src, out]) => ({ entryPoints: [src], outfile: out, platform: 'node', format: 'cjs', external: ['@duckdb/*'] })),
  // The extension bundles its JS dependencies (the VSIX then needs no node_modules but DuckDB's
  // native binding, which cannot be bundled and ships beside it). A small bundle that activation
  // loads; the others (commands, DuckDB/MySQL/steps, Snowflake, language client) on first use.
  // The activation bundle is parsed on every activation: whitespace and syntax minified (a third
  // less to parse; names kept for readable stack traces), and its list of inputs written beside
  // it so test/extension.test.ts can check that no driver (DuckDB, mysql2, snowflake-sdk) is in it.
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode', '@duckdb/*'], plugins: [heavyAsSeparateBundle],
    minifyWhitespace: true, minifySyntax: true, inputsOut: 'dist/extension.inputs.json' },
  // The command implementations (commands.ts's table, panels, runs, previews), required on the
  // first command or panel restore (register-commands.ts): activation registers the ids only.
  { entryPoints: ['src/extension/commands-lib.ts'], outfile: 'dist/extension-commands.js', platform: 'node', format: 'cjs', external: ['vscode', '@duckdb/*'], plugins: [heavyAsSeparateBundle],
    minifyWhitespace: true, minifySyntax: true, inputsOut: 'dist/extension-commands.inputs.json' },
  // DuckDB, MySQL and the steps; its inputs listed too, so the test can check that snowflake-sdk
  // stays out of it (the local target would parse it on every first use).
  { entryPoints: ['src/extension/heavy.ts'], outfile: 'dist/extension-heavy.js', platform: 'node', format: 'cjs', external: ['vscode', '@duckdb/*'],
    inputsOut: 'dist/extension-heavy.inputs.json' },
  // The Snowflake target (snowflake-sdk), required only when that target is used.
  { entryPoints: ['src/extension/snowflake-lib.ts'], outfile: 'dist/extension-snowflake.js', platform: 'node', format: 'cjs', external: ['vscode', '@duckdb/*'] },
  { entryPoints: ['src/extension/lsp-lib.ts'], outfile: 'dist/extension-lsp.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  // The SQL language server runs from the VSIX as well: bundled like the extension.
  { entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', external: ['@duckdb/*'] },
  // Webviews (browser, iife): one script per panel, the Vega libraries as their own script
  // (shared by the dashboard, the chart preview and the offline chart export), one stylesheet.
  ...[['src/webview/vega-bundle.ts', 'vega.js'], ['src/webview/run-history.ts', 'run-history.js'], ['src/webview/traces.ts', 'traces.js'],
    ['src/webview/dashboard.ts', 'dashboard.js'], ['src/webview/chart-preview.ts', 'chart-preview.js'], ['src/webview/webview.css', 'webview.css']]
    .map(([src, out]) => ({ entryPoints: [src], outfile: `dist/media/${out}`, platform: 'browser', format: 'iife', target: 'chrome120', minify: true, sourcemap: false })),
].filter((e) => existsSync(e.entryPoints[0]));

for (const { inputsOut, ...options } of entries) {
  if (watch) {
    const ctx = await esbuild.context({ ...common, ...options });
    await ctx.watch();
  } else {
    const result = await esbuild.build({ ...common, ...options, metafile: Boolean(inputsOut) });
    // Inputs that contribute code to the output (tree-shaken ones are listed with 0 bytes).
    const used = (o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
    if (inputsOut) writeFileSync(inputsOut, JSON.stringify(used(result.metafile.outputs[options.outfile]).sort(), null, 1) + '\n');
  }
}

// The address -> state gazetteer as one JSON snapshot (src/core/ai/gazetteer-snapshot.ts): built
// once per install, since its inputs are installed packages, so cold starts skip decoding them.
if (!watch && !existsSync('dist/gazetteer.json')) {
  const r = spawnSync(process.execPath, ['dist/build-gazetteer.js', 'dist'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
