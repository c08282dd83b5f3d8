// What the XML reader's worker thread (xml-worker.ts) and the load on the main thread
// (xml-off-thread.ts) exchange. The worker reads, checks and stages the rows itself and sends
// them as staged CSV bytes, a few thousand rows per message, so the main thread's share of an
// XML load is one file write per batch, not one JavaScript object per value.
import type { TableDef, XmlSource } from '../manifest';
import type { Reject } from '../load/bronze-writer';
import type { EncodedRows } from '../load/staged-csv';

export interface XmlWorkerInput {
  readonly path: string;
  readonly src: XmlSource;
  readonly def: TableDef;
  /** The load time of every row, as ISO text. */
  readonly lastUpdated: string;
}

/** An error as it crossed the thread boundary (SourceFileError keeps its file and place). */
export interface XmlWorkerError {
  readonly name: string;
  readonly message: string;
  readonly file?: string;
  readonly where?: string;
}

export type XmlWorkerMessage =
  | { readonly type: 'batch'; readonly encoded?: EncodedRows; readonly rejects: Reject[] }
  | { readonly type: 'end' }
  | { readonly type: 'error'; readonly error: XmlWorkerError };

/** Batches sent but not yet taken by the main thread before the worker waits (bounds memory). */
export const MAX_BATCHES_IN_FLIGHT = 32;
