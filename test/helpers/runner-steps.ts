// Real-but-controlled steps for runner tests: each sleeps (honouring the abort signal like a
// real step), fails or hangs on command, and records when it ran and how many ran at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskDef } from '../../src/core/manifest';
import type { PipelineContext, StepResult } from '../../src/core/pipeline/context';
import type { StepFn } from '../../src/core/runner/executor';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import type { Logger, Severity } from '../../src/core/log';

export interface Behaviour {
  ms?: number;
  /** Throw this message. */
  fail?: string;
  /** Fail this many tries, then succeed. */
  failTimes?: number;
  /** Never finish on its own (only the abort signal ends it). */
  hang?: boolean;
  /** Ignore the abort signal (a badly behaved step). */
  ignoreSignal?: boolean;
  /** Extra work inside the step (child spans, SQL, logs). */
  work?: (task: TaskDef, ctx: PipelineContext) => Promise<void>;
}

export interface Interval { task: string; start: number; end: number; try: number }

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function controlledSteps(behaviour: Record<string, Behaviour> = {}, defaultMs = 20) {
  const intervals: Interval[] = [];
  const tries = new Map<string, number>();
  let active = 0;
  let maxActive = 0;
  const step: StepFn = async (task, ctx): Promise<StepResult> => {
    const b = behaviour[task.name] ?? {};
    const n = (tries.get(task.name) ?? 0) + 1;
    tries.set(task.name, n);
    const start = performance.now();
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      await b.work?.(task, ctx);
      const signal = b.ignoreSignal ? undefined : ctx.signal;
      await abortableSleep(b.hang ? 3_600_000 : b.ms ?? defaultMs, signal);
      if (b.fail) throw new Error(b.fail);
      if (b.failTimes && n <= b.failTimes) throw new Error(`${task.name}: planned failure ${n} of ${b.failTimes}`);
      return { rowsIn: 10, rowsOut: 9, rejected: 1, tables: {}, returnValue: `${task.name} done` };
    } finally {
      active--;
      intervals.push({ task: task.name, start, end: performance.now(), try: n });
    }
  };
  return { step, intervals, tries, get maxActive() { return maxActive; } };
}

export function memoryLogger(): Logger & { lines: { severity: Severity; message: string }[] } {
  const lines: { severity: Severity; message: string }[] = [];
  return { lines, log: (severity, message) => { lines.push({ severity, message }); } };
}

export async function tempWorkspace(prefix = 'rp-runner-'): Promise<{ dir: string; wh: LocalWarehouse; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const wh = await LocalWarehouse.open(dir);
  return { dir, wh, cleanup() { try { wh.close(); } catch { /* closed */ } rmSync(dir, { recursive: true, force: true }); } };
}

/** Largest number of intervals open at the same instant. */
export function maxOverlap(spans: { start: number; end: number }[]): number {
  const points = spans.flatMap((s) => [[s.start, 1], [s.end, -1]] as [number, number][]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of points) { cur += d; max = Math.max(max, cur); }
  return max;
}
