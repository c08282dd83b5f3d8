// bufferedRuns: every object of a stream, in order, a run of buffered objects at a time, with
// the stream's errors (and an early close) thrown, and backpressure kept (the source is paused
// while the consumer is slow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { bufferedRuns } from '../src/core/sources/batches';

function counter(total: number, opts: { failAt?: number; closeAt?: number } = {}): Readable & { reads: number } {
  let next = 0;
  const s = new Readable({
    objectMode: true,
    highWaterMark: 16,
    read() {
      (s as unknown as { reads: number }).reads++;
      setImmediate(() => {
        if (opts.failAt !== undefined && next === opts.failAt) { s.destroy(new Error(`lost at ${next}`)); return; }
        if (opts.closeAt !== undefined && next === opts.closeAt) { s.destroy(); return; }
        if (next >= total) { s.push(null); return; }
        for (let k = 0; k < 5 && next < total; k++) s.push({ n: next++ });
      });
    },
  }) as Readable & { reads: number };
  s.reads = 0;
  return s;
}

test('every object in order, in runs, with fewer awaits than objects', async () => {
  const seen: number[] = [];
  let runs = 0;
  for await (const run of bufferedRuns<{ n: number }>(counter(1000))) {
    runs++;
    for (const o of run) seen.push(o.n);
  }
  assert.deepEqual(seen, Array.from({ length: 1000 }, (_, i) => i));
  assert.ok(runs < 1000 / 2, `${runs} runs for 1000 objects`);
});

test('a stream error is thrown after the objects before it', async () => {
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const run of bufferedRuns<{ n: number }>(counter(1000, { failAt: 300 }))) for (const o of run) seen.push(o.n);
  }, /lost at 300/);
  assert.equal(seen.length, 300);
});

test('a stream closed before its end is an error, not a silent short read', async () => {
  await assert.rejects(async () => {
    for await (const run of bufferedRuns(counter(1000, { closeAt: 100 }))) void run;
  }, /Premature close/);
});

test('backpressure: a slow consumer keeps the source paused at its high-water mark', async () => {
  const s = counter(10_000);
  let taken = 0;
  for await (const run of bufferedRuns<{ n: number }>(s)) {
    taken += run.length;
    assert.ok(run.length <= 16 + 5, `run of ${run.length} exceeds the buffer`);
    if (taken > 500) break;
    await new Promise((r) => setTimeout(r, 1));
  }
  assert.ok(s.destroyed, 'leaving early destroys the stream');
});
