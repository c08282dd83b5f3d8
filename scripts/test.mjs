// Runs every test/**/*.test.ts with node's own test runner (TypeScript through tsx).
// `npm test -- FILE…` runs just those files. Files run one at a time: several of them share
// MariaDB's retail_db and the machine has two cores.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'e2e') out.push(...findTests(p));
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.length ? args : findTests('test');

// Tests that drive the CLI run the bundle in dist/, so build it first. A full run needs a good
// build; a run of a few named files only warns, so one unfinished module elsewhere does not
// stop someone testing their own.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  if (!args.length) process.exit(build.status ?? 1);
  process.stderr.write('warning: the build failed; tests that run the CLI may fail\n');
}
// A full run also type-checks everything (strict TypeScript; esbuild and tsx only strip types).
if (!args.length) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    process.stderr.write('type check failed (tsc --noEmit)\n');
    process.exit(tsc.status ?? 1);
  }
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'UTC' } },
);
process.exit(r.status ?? 1);
