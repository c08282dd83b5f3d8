// What the main thread and an AI worker thread (ai-worker.ts, text-pool.ts) exchange: one
// request per chunk share; results go straight into shared memory, not back as messages,
// because the main thread is blocked in Atomics.wait and reads no messages.
export type AiKind = 'sentiment' | 'state';

export interface AiRequest {
  readonly texts: readonly string[];
  /** Index in `out` of the first text's result. */
  readonly from: number;
  /** Float64Array of results for the whole chunk. */
  readonly out: SharedArrayBuffer;
  /** Int32Array [shares done, failed flag]. */
  readonly done: SharedArrayBuffer;
}

/** A state code ("TX") or null as a number, so state results travel like sentiment scores. */
export function packState(code: string | null): number {
  return code === null ? -1 : code.charCodeAt(0) * 65536 + code.charCodeAt(1);
}

export function unpackState(n: number): string | null {
  return n < 0 ? null : String.fromCharCode(Math.floor(n / 65536), n % 65536);
}
