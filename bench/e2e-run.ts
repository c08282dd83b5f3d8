// One whole-graph run of the project in a fresh process, as `npm start` runs it (CSV sources),
// for the end-to-end benchmarks (floor, growth): wall time, CPU seconds and peak RSS from GNU
// time when it is installed, and each task's own time from the run's JSON.
import { existsSync } from 'node:fs';
import { BIN, runChild } from './lib';

export interface E2eRun {
  readonly s: number;
  readonly cpuS?: number;
  readonly peakRssMb?: number;
  /** Milliseconds per task, as the runner measured them. */
  readonly taskMs: Record<string, number>;
}

const TIME = '/usr/bin/time';

export function runWholeGraph(data: string, workspace: string): E2eRun {
  const args = [BIN, 'run', '--data', data, '--workspace', workspace, '--json'];
  const r = existsSync(TIME) ? runChild(TIME, ['-f', 'E2E_RESOURCES %U %S %M', process.execPath, ...args]) : runChild(process.execPath, args);
  if (r.status !== 0) throw new Error(`run failed (exit ${r.status}): ${r.stderr.slice(-3000)}`);
  const res = /E2E_RESOURCES ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { state: string; tasks: Record<string, { ms: number; state: string }> };
  if (json.state !== 'SUCCEEDED') throw new Error(`run ended ${json.state}: ${JSON.stringify(json.tasks)}`);
  return {
    s: r.ms / 1000,
    cpuS: res ? Number(res[1]) + Number(res[2]) : undefined,
    peakRssMb: res ? Math.round(Number(res[3]) / 1024) : undefined,
    taskMs: Object.fromEntries(Object.entries(json.tasks).map(([k, v]) => [k, v.ms])),
  };
}

/** The machine's 1-minute load average, printed beside numbers taken on a shared machine. */
export function loadAverage(): number {
  return Math.round((require('node:os') as typeof import('node:os')).loadavg()[0] * 10) / 10;
}
