// A worker thread of the local AI functions (see text-pool.ts): loads one model (sentiment or
// the address gazetteer) once, then answers shares of chunks by writing results into shared
// memory and counting itself done.
import { parentPort, workerData } from 'node:worker_threads';
import { packState, type AiKind, type AiRequest } from './ai-worker-protocol';
import { scoreSentiment } from './sentiment';
import { extractState } from './us-state';

const kind = (workerData as { kind: AiKind }).kind;
const compute: (text: string) => number = kind === 'sentiment' ? scoreSentiment : (t) => packState(extractState(t));

parentPort?.on('message', (req: AiRequest) => {
  const out = new Float64Array(req.out);
  const done = new Int32Array(req.done);
  try {
    for (let i = 0; i < req.texts.length; i++) out[req.from + i] = compute(req.texts[i]);
  } catch {
    Atomics.store(done, 1, 1);
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
