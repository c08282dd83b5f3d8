// Cold `npm start` on the committed sample data: a fresh process and an empty workspace, as a
// user's first run (the build is done by `npm ci`). Goal: under 5 s. Baseline: the same process
// doing nothing but starting the CLI (`--help`), to show what Node and module loading cost.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO, report, runChild, tempWorkspace } from './lib';

function main(): void {
  const runs: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < 3; i++) {
    const ws = tempWorkspace('start');
    try {
      const r = runChild(process.execPath, [BIN, 'run', '--data', join(REPO, 'sample_data'), '--workspace', ws]);
      if (r.status !== 0) throw new Error(`run failed: ${r.stderr.slice(-2000)}`);
      runs.push(r.ms);
      idle.push(runChild(process.execPath, [BIN, '--help']).ms);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }
  const s = Math.min(...runs) / 1000;
  const b = Math.min(...idle) / 1000;
  report([{ measure: 'cold start on sample_data s (vs CLI --help)', project: s, baseline: b, ratio: s / b, goal: '< 5 s', met: s < 5 }], { start_sample_s: s });
}

main();
