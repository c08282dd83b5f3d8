// A byte-level pass over a CSV file that answers one question for the direct load
// (csv-direct.ts): would our own reader (sources/csv-reader.ts) split this file into exactly the
// records DuckDB's read_csv gives? DuckDB is more lenient in places (it accepts a quote inside
// an unquoted field, spaces around a quoted field, a lone CR as a line end), and where the two
// could differ the file goes through our reader instead, so rejects keep their exact reasons.
// The pass builds no strings or field values: it walks the bytes once as a state machine
// (quotes, commas and line ends are ASCII, so bytes and characters agree), counts records and
// fields, and, when asked, notes where given records are (line, byte range) for their rejects.
import { closeSync, openSync, readSync } from 'node:fs';
import { forEachChunk } from './direct-load';

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

// States of the scan (plain numbers: an enum object would be a property load per byte).
const RECORD_START = 0, BLANK_CR = 1, FIELD_START = 2, UNQUOTED = 3;
const QUOTED = 4, QUOTED_CR = 5, QUOTE_IN_QUOTED = 6, END_CR = 7;

class Scan {
  state = RECORD_START;
  line = 1;
  fields = 0;
  recordLine = 0;
  recordStart = 0;
  pendingEnd = 0;
  width = -1;
  ordinal = 0;
  why = '';
  readonly places = new Map<number, RecordPlace>();
  constructor(private readonly wanted: ReadonlySet<number>) {}

  /** Ends the current record at byte `end`; false (with `why`) when the file is not simple. */
  endRecord(end: number): boolean {
    this.fields++;
    if (this.width < 0) {
      if (this.recordLine !== 1) return this.fail(`header on line ${this.recordLine}, not line 1`);
      this.width = this.fields;
    } else {
      if (this.fields !== this.width) return this.fail(`line ${this.recordLine}: ${this.fields} fields, header has ${this.width}`);
      if (this.wanted.size && this.wanted.has(this.ordinal)) this.places.set(this.ordinal, { line: this.recordLine, start: this.recordStart, end });
      this.ordinal++;
    }
    this.fields = 0;
    return true;
  }

  fail(why: string): false {
    this.why = why;
    return false;
  }

  /** Bytes [i, n) of `buf`, which starts at file offset `base`, through the state machine. */
  chunk(buf: Buffer, i: number, n: number, base: number): boolean {
    let state = this.state;
    for (; i < n; i++) {
      let c = buf[i];
      if (state === UNQUOTED) {
        // Most bytes: letters, digits, spaces inside a field. Skip them in a tight loop.
        while (c !== COMMA && c !== LF && c !== CR && c !== QUOTE && ++i < n) c = buf[i];
        if (i === n) break;
        if (c === COMMA) { this.fields++; state = FIELD_START; }
        else if (c === LF) { if (!this.endRecord(base + i)) return false; this.line++; state = RECORD_START; }
        else if (c === CR) { this.pendingEnd = base + i; state = END_CR; }
        else return this.fail(`line ${this.recordLine}: a quote inside an unquoted field`);
        continue;
      }
      if (state === QUOTED) {
        while (c !== QUOTE && c !== LF && c !== CR && ++i < n) c = buf[i];
        if (i === n) break;
        if (c === QUOTE) state = QUOTE_IN_QUOTED;
        else if (c === LF) this.line++;
        else state = QUOTED_CR;
        continue;
      }
      if (state === RECORD_START) {
        if (c === LF) { this.line++; continue; }
        if (c === CR) { state = BLANK_CR; continue; }
        // The byte starts the record's first field.
        this.recordStart = base + i;
        this.recordLine = this.line;
        state = FIELD_START;
      }
      switch (state) {
        case FIELD_START:
          if (c === QUOTE) state = QUOTED;
          else if (c === COMMA) this.fields++;
          else if (c === LF) { if (!this.endRecord(base + i)) return false; this.line++; state = RECORD_START; }
          else if (c === CR) { this.pendingEnd = base + i; state = END_CR; }
          else state = UNQUOTED;
          continue;
        case QUOTED_CR:
          if (c !== LF) return this.fail(`line ${this.line}: a CR without LF`);
          this.line++;
          state = QUOTED;
          continue;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) state = QUOTED;
          else if (c === COMMA) { this.fields++; state = FIELD_START; }
          else if (c === LF) { if (!this.endRecord(base + i)) return false; this.line++; state = RECORD_START; }
          else if (c === CR) { this.pendingEnd = base + i; state = END_CR; }
          else return this.fail(`line ${this.recordLine}: text after a closing quote`);
          continue;
        default: // END_CR, BLANK_CR
          if (c !== LF) return this.fail(`line ${this.line}: a CR without LF`);
          if (state === END_CR && !this.endRecord(this.pendingEnd)) return false;
          this.line++;
          state = RECORD_START;
          continue;
      }
    }
    this.state = state;
    return true;
  }

  /** The end of the file: the last record may lack its line end. */
  end(size: number): ScanResult {
    const state = this.state;
    if (state === FIELD_START || state === UNQUOTED || state === QUOTE_IN_QUOTED) {
      if (!this.endRecord(size)) return { simple: false, why: this.why };
    } else if (state === QUOTED || state === QUOTED_CR) {
      return { simple: false, why: `line ${this.recordLine}: a quote never closed` };
    } else if (state !== RECORD_START) {
      return { simple: false, why: `line ${this.line}: a CR without LF` };
    }
    if (this.width < 0) return { simple: false, why: 'no header' };
    return { simple: true, records: this.ordinal, places: this.places };
  }
}

/**
 * Scans `path` whose header has `width` fields. Simple means: header on line 1, every data
 * record has `width` fields, no quote inside an unquoted field, nothing after a closing quote,
 * every quote closed, no CR outside a CRLF pair. `wanted` holds data record ordinals (0-based,
 * header excluded) whose places to return.
 */
export function scanCsv(path: string, wanted: ReadonlySet<number> = new Set(), chunkBytes = 4 << 20): ScanResult {
  const sc = new Scan(wanted);
  const size = forEachChunk(path, chunkBytes, (buf, n, base) => {
    const bom = base === 0 && n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    return sc.chunk(buf, bom ? 3 : 0, n, base);
  });
  return size === undefined ? { simple: false, why: sc.why } : sc.end(size);
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
