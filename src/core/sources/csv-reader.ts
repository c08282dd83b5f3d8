// A streaming RFC 4180 reader that keeps what bronze loads need and csv-parse makes expensive:
// each record's first line and raw text (for rejects), at several times csv-parse's speed with
// its `info` and `raw` options on (measured on 200k order items). Quoted fields may hold commas,
// doubled quotes and newlines; LF or CRLF ends a record; blank lines are skipped. A malformed
// record (a quote inside an unquoted field, text after a closing quote, a quote never closed)
// comes back with `error` set and is never merged into its neighbours.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface CsvRecord {
  readonly fields: string[];
  /** Line on which the record starts (1-based). */
  readonly line: number;
  /** The record as written, without its line ending. */
  readonly raw: string;
  readonly error?: string;
  /** The record held bytes that are not UTF-8 (decoded as U+FFFD). */
  readonly invalidUtf8?: boolean;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

function count(hay: string | Buffer, needle: string | Buffer): number {
  let n = 0;
  for (let i = hay.indexOf(needle as never); i >= 0; i = hay.indexOf(needle as never, i + 1)) n++;
  return n;
}

/**
 * Tells whether the bytes read so far held invalid UTF-8: the decoder turns each invalid
 * sequence into U+FFFD, so more U+FFFD in the text than EF BF BD in the bytes means some were
 * invalid bytes. Counts are kept over the whole stream (the two bytes before a chunk are
 * searched with it, for a U+FFFD split across chunks). Once invalid bytes were seen, a later
 * record holding a real U+FFFD is also flagged: it goes to the rejects, it is not lost.
 */
class Utf8Check {
  private decoded = 0;
  private literal = 0;
  private tail = Buffer.alloc(0);

  add(bytes: Buffer, text: string): boolean {
    this.decoded += count(text, REPLACEMENT);
    const window = this.tail.length ? Buffer.concat([this.tail, bytes]) : bytes;
    this.literal += count(window, REPLACEMENT_BYTES);
    // Two bytes cannot hold a whole EF BF BD, so nothing found now was counted before.
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - 2)));
    return this.decoded > this.literal;
  }
}

interface Parsed {
  records: CsvRecord[];
  /** Offset where the unfinished last record starts (text.length when none). */
  rest: number;
  /** Lines consumed before `rest`. */
  lines: number;
}

/** Parses complete records of `text`; the tail that may continue in the next chunk is left. */
function parse(text: string, firstLine: number, final: boolean, tainted: boolean): Parsed {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = firstLine;
  while (i < n) {
    // Skip blank lines.
    const c0 = text.charCodeAt(i);
    if (c0 === LF) { i++; line++; continue; }
    if (c0 === CR && text.charCodeAt(i + 1) === LF) { i += 2; line++; continue; }
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    let ended = false;
    while (!ended) {
      // One field.
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = ++i;
        let closed = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) { value += text.slice(from, i + 1); i += 2; from = i; continue; }
            value += text.slice(from, i);
            i++;
            closed = true;
            break;
          }
          if (c === LF) line++;
          i++;
        }
        if (!closed) {
          if (!final) return { records, rest: start, lines: startLine - firstLine };
          error ??= `a quoted field (field ${fields.length + 1}) opened on line ${startLine} is never closed: expected a closing '"' before the end of the file`;
          value += text.slice(from, i);
          fields.push(value);
          break;
        }
        // After the closing quote: a comma, the end of the record, or an error.
        const after = i;
        while (i < n && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF && !(text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF)) i++;
        if (i > after) error ??= `text after the closing quote of field ${fields.length + 1}: expected a comma or the end of the line`;
        fields.push(value);
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) break;
          if (c === QUOTE) error ??= `a quote inside the unquoted field ${fields.length + 1}: expected the whole field in quotes, with inner quotes doubled`;
          i++;
        }
        fields.push(text.slice(from, i));
      }
      if (i >= n) {
        if (!final) return { records, rest: start, lines: startLine - firstLine };
        ended = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === COMMA) { i++; if (i >= n && !final) return { records, rest: start, lines: startLine - firstLine }; }
        else { i += c === CR ? 2 : 1; line++; ended = true; }
      }
    }
    let end = i;
    if (text.charCodeAt(end - 1) === LF) end--;
    if (text.charCodeAt(end - 1) === CR) end--;
    const raw = text.slice(start, end);
    records.push({ fields, line: startLine, raw, ...(error ? { error } : {}), ...(tainted && raw.includes(REPLACEMENT) ? { invalidUtf8: true } : {}) });
  }
  return { records, rest: n, lines: line - firstLine };
}

/** Records of a CSV file, in batches (one per chunk read), with a leading BOM skipped. */
export async function* readCsvRecords(path: string, chunkBytes = 1 << 20): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 1;
  let first = true;
  const utf8 = new Utf8Check();
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    const decoded = decoder.write(chunk as Buffer);
    const tainted = utf8.add(chunk as Buffer, decoded);
    let text = pending + decoded;
    // The BOM may arrive split over chunks: look for it in the first decoded text, not chunk.
    if (first && text) { if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); first = false; }
    const p = parse(text, line, false, tainted);
    pending = text.slice(p.rest);
    line += p.lines;
    if (p.records.length) yield p.records;
  }
  const tail = decoder.end();
  const text = pending + tail;
  if (text) {
    const tainted = utf8.add(Buffer.alloc(0), tail);
    const p = parse(first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, line, true, tainted);
    if (p.records.length) yield p.records;
  }
}
