// Shared by the benchmarks: timing, data sets generated once per scale and cached in the OS temp
// folder, child processes with their peak RSS, and the result line scripts/bench.mjs reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateData, GENERATOR_VERSION } from '../src/core/generate/generate';

export const REPO = resolve(__dirname, '..');
export const BIN = join(REPO, 'bin', 'retail-pipeline.js');

export function scaleArg(): number {
  const i = process.argv.indexOf('--scale');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 100;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--scale expects a whole number >= 1, got ${process.argv[i + 1]}`);
  return n;
}

/** A generated data set for a scale (seed 42), made once and reused by later runs of the same
 *  generator version. */
export async function dataSet(scale: number): Promise<string> {
  const dir = join(tmpdir(), `retail-bench-data-v${GENERATOR_VERSION}-s${scale}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  await generateData({ out: dir, scale, seed: 42 });
  (await import('node:fs')).writeFileSync(join(dir, '.complete'), '');
  process.stderr.write(`generated scale ${scale} data in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return dir;
}

export function tempWorkspace(name: string): string {
  return mkdtempSync(join(tmpdir(), `retail-bench-${name}-`));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Runs a command; returns wall time and the child's peak RSS (from GNU time when present, else
 *  what the child itself reports on a line `PEAK_RSS_MB n`). */
export function runChild(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): { ms: number; stdout: string; stderr: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...opts.env }, cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t0, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export interface BenchRow {
  measure: string;
  project: number | string;
  baseline?: number | string;
  ratio?: number;
  goal?: string;
  met?: boolean | string;
  peak_rss_mb?: number;
}

export function report(rows: BenchRow[], keys: Record<string, number | null>, notes: Record<string, string> = {}): void {
  for (const r of rows) process.stderr.write(`${r.measure}: project ${r.project} baseline ${r.baseline ?? '-'} ratio ${r.ratio ?? '-'} goal ${r.goal ?? '-'}\n`);
  process.stdout.write(`BENCH ${JSON.stringify({ rows, keys, notes })}\n`);
}
