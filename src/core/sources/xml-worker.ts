// The XML reader on a worker thread (started by xml-off-thread.ts): the same reader as on the
// main thread (readRowTagXml: scanner, element parser, canonical checks, rejects, rows staged
// as CSV bytes), so an XML load runs beside the JSON and MySQL loads instead of taking turns
// with them on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { SourceFileError } from './csv';
import { readRowTagXml } from './xml-rowtag';
import { MAX_BATCHES_IN_FLIGHT, type XmlWorkerError, type XmlWorkerInput, type XmlWorkerMessage } from './xml-worker-protocol';

const port = parentPort!;
let inFlight = 0;
let resume: (() => void) | undefined;
// Each message from the main thread says it took one batch.
port.on('message', () => {
  inFlight--;
  resume?.();
});

function send(m: XmlWorkerMessage): void {
  port.postMessage(m);
}

function describe(e: unknown): XmlWorkerError {
  if (e instanceof SourceFileError) return { name: e.name, message: e.message, file: e.file, where: e.where };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

async function main(input: XmlWorkerInput): Promise<void> {
  for await (const b of readRowTagXml(input.path, input.src, input.def, new Date(input.lastUpdated), { syncReads: true })) {
    inFlight++;
    if (b.rows.length) throw new Error('internal: the XML reader returned rows that are not staged');
    send({ type: 'batch', encoded: b.encoded, rejects: b.rejects });
    while (inFlight >= MAX_BATCHES_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    resume = undefined;
  }
  send({ type: 'end' });
}

main(workerData as XmlWorkerInput).catch((e: unknown) => send({ type: 'error', error: describe(e) }));
