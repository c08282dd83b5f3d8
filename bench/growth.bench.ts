// How the whole run grows with the data: the project's whole graph (CSV sources, fresh process
// each) at scales 100, 300, 1000 and 3000 (RETAIL_BENCH_GROWTH_SCALES to choose others; 3000
// generates ~1 GB and runs for minutes, so run it when the machine is quiet). Keys:
// growth_exponent, the slope of log(time) against log(scale) over the last three scales (1.0 is
// linear; goal <= 1.05), and peak_rss_mb_3000, the run's peak RSS at scale 3000 (goal <= 2000).
// Each scale's wall time, CPU seconds and peak RSS are printed as they are measured.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadAverage, runWholeGraph, type E2eRun } from './e2e-run';
import { dataSet, report, tempWorkspace } from './lib';

/** Least-squares slope of log(y) against log(x). */
export function logSlope(points: readonly { x: number; y: number }[]): number {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return num / den;
}

async function main(): Promise<void> {
  const scales = (process.env.RETAIL_BENCH_GROWTH_SCALES ?? '100,300,1000,3000').split(',').map(Number);
  if (scales.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`RETAIL_BENCH_GROWTH_SCALES: expected whole numbers, got ${process.env.RETAIL_BENCH_GROWTH_SCALES}`);
  const runs: { scale: number; run: E2eRun; load: number }[] = [];
  for (const scale of scales) {
    const data = await dataSet(scale);
    const ws = tempWorkspace(`growth-${scale}`);
    try {
      const load = loadAverage();
      const run = runWholeGraph(data, join(ws, 'project'));
      runs.push({ scale, run, load });
      process.stderr.write(`scale ${scale}: ${run.s.toFixed(1)} s wall, ${run.cpuS?.toFixed(1)} s CPU, peak RSS ${run.peakRssMb} MB (load average ${load})\n`);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  }
  const last = runs.slice(-3);
  const exponent = last.length >= 2 ? logSlope(last.map((r) => ({ x: r.scale, y: r.run.s }))) : NaN;
  const cpuExponent = last.length >= 2 && last.every((r) => r.run.cpuS) ? logSlope(last.map((r) => ({ x: r.scale, y: r.run.cpuS! }))) : NaN;
  const at3000 = runs.find((r) => r.scale === 3000)?.run.peakRssMb;
  const keys: Record<string, number> = {};
  const notes: Record<string, string> = {};
  if (Number.isFinite(exponent)) keys.growth_exponent = exponent;
  else notes.growth_exponent = 'needs at least two scales in RETAIL_BENCH_GROWTH_SCALES';
  if (at3000 !== undefined) keys.peak_rss_mb_3000 = at3000;
  else notes.peak_rss_mb_3000 = `scale 3000 not in RETAIL_BENCH_GROWTH_SCALES (${scales.join(',')})`;
  if (exponent > 1.05) notes.growth_exponent = `${exponent.toFixed(2)} over scales ${last.map((r) => r.scale).join(', ')} (CPU: ${cpuExponent.toFixed(2)}); see README Performance`;
  report([
    ...runs.map((r) => ({ measure: `whole graph at scale ${r.scale}, s (CPU ${r.run.cpuS?.toFixed(1)} s, load average ${r.load})`, project: r.run.s, peak_rss_mb: r.run.peakRssMb })),
    ...(Number.isFinite(exponent) ? [
      { measure: `growth exponent, log(time) vs log(scale) over ${last.map((r) => r.scale).join(', ')}`, project: exponent, goal: '<= 1.05', met: exponent <= 1.05 },
      { measure: 'same, CPU seconds', project: cpuExponent },
    ] : []),
    ...(at3000 !== undefined ? [{ measure: 'peak RSS at scale 3000, MB', project: at3000, goal: '<= 2000', met: at3000 <= 2000 }] : []),
  ], keys, notes);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
