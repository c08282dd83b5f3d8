// Helpers shared by the file and MySQL sources: group canonical rows and rejects into batches
// so that the bronze writer's async loop runs once per few thousand rows, not once per row.
import type { Readable } from 'node:stream';
import type { Batch, Reject } from '../load/bronze-writer';
import type { Canonical } from '../load/values';

export const BATCH_ROWS = 4096;

export class BatchBuilder {
  private rows: Canonical[][] = [];
  private rejects: Reject[] = [];

  addRow(values: Canonical[]): void {
    this.rows.push(values);
  }

  addReject(r: Reject): void {
    this.rejects.push(r);
  }

  get full(): boolean {
    return this.rows.length + this.rejects.length >= BATCH_ROWS;
  }

  /** The batch so far (or undefined when empty), leaving the builder empty. */
  take(): Batch | undefined {
    if (!this.rows.length && !this.rejects.length) return undefined;
    const b = { rows: this.rows, rejects: this.rejects };
    this.rows = [];
    this.rejects = [];
    return b;
  }
}

/** A raw record as text for the rejects table. */
export function rawText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The objects of a readable object stream in the runs that are already buffered: one await per
 * run instead of one per object (`for await` over the stream itself costs a promise per row,
 * 15% of a MySQL load's JS time). Only buffered objects are taken, so the stream's backpressure
 * still pauses the source while the consumer is busy. The stream's error is thrown; a stream
 * closed before its end throws too, like `for await` does. Leaving early destroys the stream.
 */
export async function* bufferedRuns<T>(stream: Readable): AsyncGenerator<T[]> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const onReadable = () => wake?.();
  const onEnd = () => { ended = true; wake?.(); };
  const onError = (e: unknown) => { failure ??= { error: e }; wake?.(); };
  const onClose = () => {
    if (!ended) failure ??= { error: Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }) };
    wake?.();
  };
  stream.on('readable', onReadable);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      if (failure) throw failure.error;
      const run: T[] = [];
      let item: T | null;
      while ((item = stream.read() as T | null) !== null) run.push(item);
      if (run.length) { yield run; continue; }
      if (ended) return;
      if (failure) throw (failure as { error: unknown }).error;
      // Flags are set by the handlers even while nobody waits, so no event is lost between the
      // checks above and this wait.
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
    }
  } finally {
    stream.off('readable', onReadable);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
    if (!ended && !stream.destroyed) stream.destroy();
  }
}
