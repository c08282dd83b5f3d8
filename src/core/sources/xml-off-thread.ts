// An XML load with the reading on a worker thread (xml-worker.ts): the partition the bronze
// writer consumes is the worker's stream of staged-CSV batches and rejects. The rows, rejects,
// reasons and line numbers are readRowTagXml's, since the worker runs it. Without a worker
// script (neither dist/xml-worker.js beside the bundle nor the .ts source) it reads here.
import { Worker } from 'node:worker_threads';
import type { TableDef, XmlSource } from '../manifest';
import type { Partition } from '../load/bronze-writer';
import { workerLoadStatement } from '../worker-entry';
import { SourceFileError } from './csv';
import { readRowTagXml } from './xml-rowtag';
import type { XmlWorkerError, XmlWorkerInput, XmlWorkerMessage } from './xml-worker-protocol';

/** The worker's error as the in-thread reader would have thrown it. */
function revive(e: XmlWorkerError): Error {
  if (e.name === 'SourceFileError' && e.file !== undefined) {
    const prefix = `${e.file}${e.where ? ` ${e.where}` : ''}: `;
    return new SourceFileError(e.file, e.where ?? '', e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
  }
  return Object.assign(new Error(e.message), { name: e.name });
}

export async function* readRowTagXmlOffThread(path: string, src: XmlSource, def: TableDef, lastUpdated: Date): Partition {
  const load = workerLoadStatement(__dirname, 'xml-worker');
  if (!load) {
    yield* readRowTagXml(path, src, def, lastUpdated);
    return;
  }
  const input: XmlWorkerInput = { path, src, def, lastUpdated: lastUpdated.toISOString() };
  const worker = new Worker(load, { eval: true, workerData: input });
  const queue: XmlWorkerMessage[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  worker.on('message', (m: XmlWorkerMessage) => { queue.push(m); wake?.(); });
  worker.on('error', (e: Error) => { failure ??= e; wake?.(); });
  worker.on('exit', (code) => {
    if (!ended) failure ??= new Error(`the XML reader's worker thread stopped before the end of ${path} (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (m.type === 'error') throw revive(m.error);
        if (m.type === 'end') { ended = true; return; }
        worker.postMessage('took');
        yield { rows: [], rejects: m.rejects, encoded: m.encoded };
      }
      if (failure) throw failure;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    ended = true;
    void worker.terminate();
  }
}
