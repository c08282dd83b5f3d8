// The local AI functions on every core. DuckDB calls a scalar UDF synchronously on the JS
// thread, one chunk of up to 2048 rows at a time, so the model used one core however many
// DuckDB had. Here a chunk's distinct, not yet cached texts are split between worker threads
// (ai-worker.ts, each with its own copy of the model) and this thread; this thread computes its
// share, then waits on a shared counter (Atomics.wait: the UDF must return its results, it
// cannot yield to the event loop) until every worker has written its share into shared memory.
// Results are numbers: the sentiment score, or a state code packed by packState.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AiKind, AiRequest } from './ai-worker-protocol';
import { workerLoadStatement } from '../worker-entry';

/** Below this many texts a chunk is computed here alone: a round trip costs more. */
const MIN_PARALLEL = 64;
/** A worker that has not answered in this time is taken as lost (the statement fails). */
const WAIT_MS = 120_000;

/** A worker that has not loaded its model in this time is not used (this thread does its share). */
const START_MS = 30_000;

/**
 * The code a worker runs: it loads dist/ai-worker.js beside a bundle, or ai-worker.ts under
 * tsx (tests, benchmarks from source), and says in `ready` whether that worked, since this
 * thread waits on shared memory and would never see an 'error' event.
 */
function workerCode(): string | undefined {
  const load = workerLoadStatement(__dirname, 'ai-worker');
  if (!load) return undefined;
  return `const { workerData } = require('node:worker_threads');
const ready = new Int32Array(workerData.ready);
try { ${load}; Atomics.store(ready, workerData.index, 1); } catch (e) { Atomics.store(ready, workerData.index, 2); }
Atomics.notify(ready, workerData.index);`;
}

/** Workers to start: RETAIL_AI_WORKERS, else one per core but the one this thread uses. */
export function aiWorkerCount(cores = availableParallelism()): number {
  const v = process.env.RETAIL_AI_WORKERS?.trim();
  if (v) {
    if (!/^\d{1,3}$/.test(v)) throw new Error(`RETAIL_AI_WORKERS=${JSON.stringify(v)}: expected a whole number of worker threads (0: none)`);
    return Number(v);
  }
  return Math.max(0, cores - 1);
}

export class TextPool {
  private workers: Worker[] | undefined;
  /** Texts computed on this thread and by the workers (what a test or a bench can check). */
  readonly computed = { here: 0, workers: 0 };

  constructor(private readonly kind: AiKind, private readonly local: (text: string) => number, private readonly size = aiWorkerCount()) {}

  private started(): Worker[] {
    if (this.workers) return this.workers;
    const code = this.size > 0 ? workerCode() : undefined;
    if (!code) return (this.workers = []);
    const ready = new Int32Array(new SharedArrayBuffer(4 * this.size));
    const workers = Array.from({ length: this.size }, (_, index) => {
      const w = new Worker(code, { eval: true, workerData: { kind: this.kind, ready: ready.buffer, index } });
      w.unref(); // never keeps the process alive
      return w;
    });
    const deadline = Date.now() + START_MS;
    for (let i = 0; i < workers.length; i++) {
      while (Atomics.load(ready, i) === 0 && Date.now() < deadline) Atomics.wait(ready, i, 0, deadline - Date.now());
    }
    if (workers.every((_, i) => Atomics.load(ready, i) === 1)) return (this.workers = workers);
    for (const w of workers) void w.terminate();
    return (this.workers = []);
  }

  /** Results for `texts`, in order, computed on this thread and the workers; blocks until done. */
  computeSync(texts: readonly string[]): Float64Array {
    const out = new Float64Array(new SharedArrayBuffer(texts.length * 8));
    const workers = texts.length >= MIN_PARALLEL ? this.started() : [];
    const shares = workers.length + 1;
    const per = Math.ceil(texts.length / shares);
    // done[0]: shares finished by workers; done[1]: 1 when a worker failed.
    const done = new Int32Array(new SharedArrayBuffer(8));
    workers.forEach((w, i) => {
      const from = (i + 1) * per;
      const request: AiRequest = { texts: texts.slice(from, from + per), from, out: out.buffer as SharedArrayBuffer, done: done.buffer as SharedArrayBuffer };
      w.postMessage(request);
    });
    const own = Math.min(per, texts.length);
    for (let i = 0; i < own; i++) out[i] = this.local(texts[i]);
    this.computed.here += own;
    const deadline = Date.now() + WAIT_MS;
    for (let seen = Atomics.load(done, 0); seen < workers.length; seen = Atomics.load(done, 0)) {
      if (Atomics.wait(done, 0, seen, Math.max(1, deadline - Date.now())) === 'timed-out' && Date.now() >= deadline) {
        throw new Error(`the ${this.kind} worker threads did not answer within ${WAIT_MS / 1000} s`);
      }
    }
    if (Atomics.load(done, 1)) throw new Error(`a ${this.kind} worker thread failed`);
    this.computed.workers += texts.length - own;
    return out;
  }

  close(): void {
    for (const w of this.workers ?? []) void w.terminate();
    this.workers = undefined;
  }
}
