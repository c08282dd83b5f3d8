// One esbuild script, several entry points: the CLI now; the extension, language server and
// webviews add their own contexts here. Native and heavy runtime packages stay external.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', packages: 'external' },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', packages: 'external', external: ['vscode'] },
  { entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', packages: 'external' },
].filter((e) => existsSync(e.entryPoints[0]));

for (const options of entries) {
  if (watch) {
    const ctx = await esbuild.context({ ...common, ...options });
    await ctx.watch();
  } else {
    await esbuild.build({ ...common, ...options });
  }
}
