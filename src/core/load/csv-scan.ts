// A byte-level pass over a CSV file that answers one question for the direct load
// (csv-direct.ts): would our own reader (sources/csv-reader.ts) split this file into exactly the
// records DuckDB's read_csv gives? DuckDB is more lenient in places (it accepts a quote inside
// an unquoted field, spaces around a quoted field, a lone CR as a line end), and where the two
// could differ the file goes through our reader instead, so rejects keep their exact reasons.
// The pass builds no strings or field values: it walks the bytes once as a state machine
// (quotes, commas and line ends are ASCII, so bytes and characters agree), counts records and
// fields, and, when asked, notes where given records are (line, byte range) for their rejects.
import { closeSync, openSync, readSync } from 'node:fs';

export interface RecordPlace {
  /** Line on which the record starts (1-based), as csv-reader.ts counts it. */
  readonly line: number;
  /** Byte offsets of the record without its line ending. */
  readonly start: number;
  readonly end: number;
}

export type ScanResult =
  | { readonly simple: true; readonly records: number; readonly places: ReadonlyMap<number, RecordPlace> }
  | { readonly simple: false; readonly why: string };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const enum S { RecordStart, BlankCr, FieldStart, Unquoted, Quoted, QuotedCr, QuoteInQuoted, EndCr }

/**
 * Scans `path` whose header has `width` fields. Simple means: header on line 1, every data
 * record has `width` fields, no quote inside an unquoted field, nothing after a closing quote,
 * every quote closed, no CR outside a CRLF pair. `wanted` holds data record ordinals (0-based,
 * header excluded) whose places to return.
 */
export function scanCsv(path: string, wanted: ReadonlySet<number> = new Set(), chunkBytes = 4 << 20): ScanResult {
  const places = new Map<number, RecordPlace>();
  const buf = Buffer.allocUnsafe(chunkBytes);
  const fd = openSync(path, 'r');
  let state = S.RecordStart;
  let line = 1;
  let fields = 0;
  let recordLine = 0;
  let recordStart = 0;
  let pendingEnd = 0;
  let width = -1;
  let ordinal = 0;
  let why = '';
  let base = 0;
  const endRecord = (end: number): boolean => {
    fields++;
    if (width < 0) {
      if (recordLine !== 1) { why = `header on line ${recordLine}, not line 1`; return false; }
      width = fields;
    } else {
      if (fields !== width) { why = `line ${recordLine}: ${fields} fields, header has ${width}`; return false; }
      if (wanted.has(ordinal)) places.set(ordinal, { line: recordLine, start: recordStart, end });
      ordinal++;
    }
    fields = 0;
    return true;
  };
  try {
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      }
      for (; i < n; i++) {
        const c = buf[i];
        if (state === S.RecordStart) {
          if (c === LF) { line++; continue; }
          if (c === CR) { state = S.BlankCr; continue; }
          // The byte starts the record's first field.
          recordStart = base + i;
          recordLine = line;
          state = S.FieldStart;
        }
        switch (state) {
          case S.FieldStart:
            if (c === QUOTE) state = S.Quoted;
            else if (c === COMMA) { fields++; state = S.FieldStart; }
            else if (c === LF) { if (!endRecord(base + i)) return { simple: false, why }; line++; state = S.RecordStart; }
            else if (c === CR) { pendingEnd = base + i; state = S.EndCr; }
            else state = S.Unquoted;
            continue;
          case S.Unquoted:
            if (c === COMMA) { fields++; state = S.FieldStart; }
            else if (c === LF) { if (!endRecord(base + i)) return { simple: false, why }; line++; state = S.RecordStart; }
            else if (c === CR) { pendingEnd = base + i; state = S.EndCr; }
            else if (c === QUOTE) return { simple: false, why: `line ${recordLine}: a quote inside an unquoted field` };
            continue;
          case S.Quoted:
            if (c === QUOTE) state = S.QuoteInQuoted;
            else if (c === LF) line++;
            else if (c === CR) state = S.QuotedCr;
            continue;
          case S.QuotedCr:
            if (c !== LF) return { simple: false, why: `line ${line}: a CR without LF` };
            line++;
            state = S.Quoted;
            continue;
          case S.QuoteInQuoted:
            if (c === QUOTE) state = S.Quoted;
            else if (c === COMMA) { fields++; state = S.FieldStart; }
            else if (c === LF) { if (!endRecord(base + i)) return { simple: false, why }; line++; state = S.RecordStart; }
            else if (c === CR) { pendingEnd = base + i; state = S.EndCr; }
            else return { simple: false, why: `line ${recordLine}: text after a closing quote` };
            continue;
          case S.EndCr:
          case S.BlankCr:
            if (c !== LF) return { simple: false, why: `line ${line}: a CR without LF` };
            if (state === S.EndCr && !endRecord(pendingEnd)) return { simple: false, why };
            line++;
            state = S.RecordStart;
            continue;
        }
      }
      base += n;
    }
    switch (state) {
      case S.RecordStart: break;
      case S.FieldStart: case S.Unquoted: case S.QuoteInQuoted:
        if (!endRecord(base)) return { simple: false, why };
        break;
      case S.Quoted: case S.QuotedCr: return { simple: false, why: `line ${recordLine}: a quote never closed` };
      default: return { simple: false, why: `line ${line}: a CR without LF` };
    }
    if (width < 0) return { simple: false, why: 'no header' };
    return { simple: true, records: ordinal, places };
  } finally {
    closeSync(fd);
  }
}

/** The raw text of a record, as csv-reader.ts gives it in `raw`. */
export function recordText(path: string, place: RecordPlace): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(place.end - place.start);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, place.start + off);
      if (n === 0) break;
      off += n;
    }
    return buf.toString('utf8', 0, off);
  } finally {
    closeSync(fd);
  }
}
