// The rowTag XML source (customer_preferences.xml, product_specifications.xml), streamed: the
// scanner cuts one `<rowTag>` element at a time out of the file (root element or not), and
// only that element is parsed (xml-element.ts). Each repeated item (<preference>,
// <specification>) becomes one bronze row: id, source file, load time and the item's fields.
//
// Entities: the parser runs with processEntities off and never sees a DOCTYPE (the scanner
// refuses entity declarations and rejects declarations inside rows), so nothing is ever
// expanded (no XXE, no "billion laughs"). The five predefined entities and character
// references are decoded in text only; CDATA stays as written.
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TableDef, XmlSource } from '../manifest';
import type { Batch, Partition, Reject } from '../load/bronze-writer';
import { canonicalRowWith, ValueError, type Canonical, type RowResult } from '../load/values';
import { BATCH_ROWS } from './batches';
import { SourceFileError } from './csv';
import { parseElement, XmlElementError, type XmlEl } from './xml-element';
import { XmlRowScanner, type ScannedElement } from './xml-scanner';
import { XmlStagedRows } from './xml-staged-rows';

const CHUNK = 1 << 18;
const MAX_RAW = 4000;
/** Staged CSV bytes per batch: a few thousand rows. */
const BATCH_BYTES = 1 << 20;

/** The text of a leaf element, trimmed; child elements or a bad entity are an error. */
function textOf(el: XmlEl): string {
  if (el.bad) throw new ValueError(el.bad);
  if (el.kids.length) throw new ValueError(`text in <${el.name}>, got a child element <${el.kids[0].name}>`);
  return el.text.trim();
}

function named(el: XmlEl, tag: string): XmlEl[] {
  return el.kids.filter((k) => k.name === tag);
}

interface Ctx {
  readonly file: string;
  readonly src: XmlSource;
  /** canonicalRow with this file's source_file and load time checked once. */
  readonly canonical: (record: Record<string, unknown>) => RowResult;
}

interface RowSink {
  addRow(values: Canonical[]): void;
  addReject(r: Reject): void;
}

/** Adds the rows of one scanned element (or its rejects) to `out`. */
function addElement(el: ScannedElement, c: Ctx, out: RowSink): void {
  const where = `element ${el.index} (line ${el.line})`;
  let raw: string | undefined;
  const reject = (reason: string, record = where): void => {
    raw ??= el.bytes.toString('utf8');
    out.addReject({ source: c.file, record, raw: raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw, reason });
  };
  if (el.problem) return reject(el.problem);
  if (!isUtf8(el.bytes)) return reject('invalid UTF-8 bytes in the element: expected UTF-8 text');
  const { rowTag, itemTag, idTag, fields } = c.src;
  let row: XmlEl;
  try {
    row = parseElement(el.bytes, el.plain);
  } catch (e) {
    const line = e instanceof XmlElementError && e.line ? ` at line ${el.line + e.line - 1}` : '';
    return reject(`malformed XML${line}: ${(e as Error).message}`);
  }
  const ids = named(row, idTag);
  if (ids.length !== 1) return reject(`expected one <${idTag}> in <${rowTag}>, got ${ids.length}`);
  let id: string;
  try {
    id = textOf(ids[0]);
  } catch (e) {
    return reject(`<${idTag}>: expected ${(e as Error).message}`);
  }
  if (!id) return reject(`expected a value in <${idTag}>, got an empty element`);
  const items = named(row, itemTag);
  if (!items.length) {
    // One reject for the record, so that a customer without preferences is not lost silently.
    return reject(`expected at least one <${itemTag}> (with ${fields.map(([f]) => `<${f}>`).join(' and ')}) in <${rowTag}> ${id}`);
  }
  items.forEach((item, k) => {
    const itemWhere = `${where} <${itemTag}> ${k + 1}`;
    const record: Record<string, unknown> = { [idTag]: id };
    for (const [tag, column] of fields) {
      const found = named(item, tag);
      if (found.length !== 1) return reject(`expected one <${tag}> in <${itemTag}> ${k + 1} of <${rowTag}> ${id}, got ${found.length}`, itemWhere);
      try {
        record[column] = textOf(found[0]);
      } catch (e) {
        return reject(`<${tag}>: expected ${(e as Error).message}`, itemWhere);
      }
    }
    const r = c.canonical(record);
    if (r.ok) out.addRow(r.values);
    else reject(r.reason, itemWhere);
  });
}

/**
 * The file in chunks read on this thread, blocking it (for a worker thread): asynchronous reads
 * go through libuv's threadpool, where DuckDB's binding runs every query, so during a run's
 * loads they waited behind the long CSV loads (a 42 MB XML file took 29 s to read in a run).
 */
function* readChunksSync(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK); // a fresh buffer: the scanner keeps slices of chunks
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      yield n < CHUNK ? buf.subarray(0, n) : buf;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `plainFastPath: false` sends every element down the general path (tests compare the two);
 * `syncReads` reads the file with blocking reads (see readChunksSync).
 */
export async function* readRowTagXml(path: string, src: XmlSource, def: TableDef, lastUpdated: Date, opts: { plainFastPath?: boolean; syncReads?: boolean } = {}): Partition {
  const fast = opts.plainFastPath ?? true;
  const file = basename(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new SourceFileError(file, '', `cannot read the file: expected an XML file with <${src.rowTag}> elements`);
  }
  if (size === 0) throw new SourceFileError(file, 'line 1', `the file is empty: expected <${src.rowTag}> elements`);
  const fixed = { source_file: file, last_updated: lastUpdated };
  const ctx: Ctx = { file, src, canonical: canonicalRowWith(def, fixed) };
  // Rows go straight into staged CSV bytes; plain elements are taken whole from the scanner's
  // chunk (xml-staged-rows.ts), without a tree or a row object.
  const staged = new XmlStagedRows(src, def, fixed);
  let rejects: Reject[] = [];
  const sink: RowSink = { addRow: (values) => staged.addRow(values), addReject: (r) => rejects.push(r) };
  const add = (el: ScannedElement): void => {
    if (!(fast && el.plain && !el.problem && staged.tryFast(el.bytes))) addElement(el, ctx, sink);
  };
  const scanner = new XmlRowScanner(file, src.rowTag, undefined, fast ? (element, before) => {
    for (const el of before) add(el);
    return staged.tryFast(element);
  } : undefined);
  const full = () => staged.bytes >= BATCH_BYTES || rejects.length >= BATCH_ROWS;
  const take = (): Batch | undefined => {
    const encoded = staged.take();
    if (!encoded && !rejects.length) return undefined;
    const batch = { rows: [], rejects, encoded };
    rejects = [];
    return batch;
  };
  const chunks = opts.syncReads ? readChunksSync(path) : createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
  for await (const chunk of chunks) {
    for (const el of scanner.push(chunk)) {
      add(el);
      if (full()) yield take()!;
    }
    if (full()) yield take()!;
  }
  for (const el of scanner.end()) add(el);
  const elements = scanner.elements;
  if (!elements) {
    // Most likely the wrong file or row tag; loading nothing would empty the table silently.
    throw new SourceFileError(file, '', `no <${src.rowTag}> element found: expected <${src.rowTag}> elements with <${src.idTag}> and <${src.itemTag}> children`);
  }
  const last = take();
  if (last) yield last;
}
