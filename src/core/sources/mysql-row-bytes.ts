// MySQL text-protocol rows straight to staged CSV bytes, without a JavaScript value per field.
// A row packet is a run of length-prefixed fields (0xFB = NULL). mysql2 would turn each into a
// string or number, values.ts would check it and staged-csv.ts would write it back out as text;
// here the field's bytes are checked where they lie and copied into the staging buffer, which is
// exact only where the bytes are already what that path would write. So each column gets a
// check that passes only on values.ts's fast path (a plain id, amount, date or timestamp; any
// valid UTF-8 text for VARCHAR) for a source type mysql2 returns as that same text. A row with
// any other field is not encoded here: the caller decodes it with mysql2's own parser and gives
// it to checkRow, so it is canonicalised or rejected exactly as before (test/mysql-staged.test.ts
// compares both paths value by value).
import { isUtf8 } from 'node:buffer';
import type { ColumnDef, TableDef } from '../manifest';
import type { EncodedRows } from '../load/staged-csv';
import { validDate } from '../load/values';

/** How one column's bytes are checked; SLOW sends every row with a value in it to mysql2. */
const enum Check { SLOW, TEXT, ASCII_TEXT, INT_TEXT, INT9, INT18, DECIMAL, DATE, TIMESTAMP }

/** What mysql2 (dateStrings, bigNumberStrings, no decimalNumbers) makes of a source column's text. */
const enum Source { OTHER, TEXT, ASCII, INTEGER }

/** The column metadata mysql2 reports in its 'fields' event (ColumnDefinition). */
export interface FieldInfo {
  readonly name: string;
  readonly columnType: number;
  readonly characterSet: number;
  readonly encoding?: string;
  readonly extendedFormat?: string;
}

const BINARY_CHARSET = 63;
// mysql2's constants/types.js
const INTEGER_TYPES = new Set([0x01, 0x02, 0x03, 0x09, 0x0d]); // TINY, SHORT, LONG, INT24, YEAR: numbers
const ASCII_TYPES = new Set([0x00, 0xf6, 0x07, 0x0a, 0x0b, 0x0c, 0x08]); // DECIMAL, NEWDECIMAL, TIMESTAMP, DATE, TIME, DATETIME, LONGLONG: strings
const STRING_TYPES = new Set([0x0f, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe]); // VARCHAR, ENUM, SET, the BLOB/TEXT family, VAR_STRING, STRING

function sourceOf(f: FieldInfo): Source {
  if (f.extendedFormat) return Source.OTHER; // MariaDB's JSON (parsed by mysql2) and other formats
  if (INTEGER_TYPES.has(f.columnType)) return Source.INTEGER;
  if (ASCII_TYPES.has(f.columnType)) return Source.ASCII;
  // Binary strings come back as Buffers; other encodings are decoded differently.
  if (STRING_TYPES.has(f.columnType) && f.characterSet !== BINARY_CHARSET && f.encoding === 'utf8') return Source.TEXT;
  return Source.OTHER;
}

function checkFor(col: ColumnDef, src: Source): Check {
  if (src === Source.OTHER) return Check.SLOW;
  switch (col.type) {
    // A number's text is String(number) only when it is plain digits (no sign, zero padding).
    case 'VARCHAR': return src === Source.TEXT ? Check.TEXT : src === Source.ASCII ? Check.ASCII_TEXT : Check.INT_TEXT;
    case 'INTEGER': return Check.INT9;
    case 'BIGINT': return Check.INT18;
    case 'DECIMAL(10,2)': case 'DECIMAL(18,2)': case 'DECIMAL(3,1)': return Check.DECIMAL;
    case 'DATE': return Check.DATE;
    case 'TIMESTAMP': return Check.TIMESTAMP;
    default: return Check.SLOW;
  }
}

/** The bytes the checks and the CSV quoting look at. */
const enum Byte { LF = 10, CR = 13, SPACE = 32, QUOTE = 34, COMMA = 44, DASH = 45, DOT = 46, ZERO = 48, NINE = 57, COLON = 58 }
/** A field's verdict: not canonical as it is, canonical, or canonical text that needs quotes in the CSV. */
const enum Plain { NO, YES, QUOTED }
/** A UTF-8 staging buffer is handed over once it holds this much. */
const BATCH_BYTES = 1 << 20;

function digits(b: Buffer, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (b[i] < Byte.ZERO || b[i] > Byte.NINE) return false;
  return true;
}

function plainInteger(b: Buffer, s: number, e: number, maxDigits: number): boolean {
  const n = e - s;
  return n > 0 && n <= maxDigits && digits(b, s, e) && (n === 1 || b[s] !== Byte.ZERO);
}

function plainDecimal(b: Buffer, s: number, e: number, precision: number, scale: number): boolean {
  const dot = e - s - scale - 1;
  if (dot < 1 || dot > precision - scale || b[s + dot] !== Byte.DOT) return false;
  return digits(b, s, s + dot) && digits(b, s + dot + 1, e) && (dot === 1 || b[s] !== Byte.ZERO);
}

function plainDate(b: Buffer, s: number): boolean {
  if (b[s + 4] !== Byte.DASH || b[s + 7] !== Byte.DASH) return false;
  const century = two(b, s);
  const year = two(b, s + 2);
  const month = two(b, s + 5);
  const day = two(b, s + 8);
  return century >= 0 && year >= 0 && month >= 0 && day >= 0 && validDate(century * 100 + year, month, day);
}

/** The two digits at b[at, at + 2) as a number, or -1. */
function two(b: Buffer, at: number): number {
  const hi = b[at] - Byte.ZERO;
  const lo = b[at + 1] - Byte.ZERO;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

function plainTimestamp(b: Buffer, s: number, e: number): boolean {
  if (e - s !== 19 || b[s + 10] !== Byte.SPACE || b[s + 13] !== Byte.COLON || b[s + 16] !== Byte.COLON) return false;
  const h = two(b, s + 11);
  const m = two(b, s + 14);
  const sec = two(b, s + 17);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 59 && plainDate(b, s);
}

/** Staged CSV lines of one partition, filled from row packets; taken in batches of ~1 MB. */
export class RowBytesEncoder {
  private checks: Check[] = [];
  private nullable: boolean[] = [];
  private decimal: [number, number][] = [];
  private out = Buffer.allocUnsafe(2 * BATCH_BYTES);
  private pos = 0;
  private rows = 0;
  private longest = 0;

  constructor(private readonly def: TableDef) {}

  /** Plans the checks from the result's columns: they must be the table's, in order, else every row is slow. */
  plan(fields: readonly FieldInfo[]): void {
    const cols = this.def.columns;
    const same = fields.length === cols.length && cols.every((c, i) => fields[i].name.toLowerCase() === c.name.toLowerCase());
    this.checks = cols.map((c, i) => (same ? checkFor(c, sourceOf(fields[i])) : Check.SLOW));
    this.nullable = cols.map((c) => c.nullable !== false);
    this.decimal = cols.map((c) => {
      const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(c.type);
      return m ? [Number(m[1]), Number(m[2])] : [0, 0];
    });
  }

  get full(): boolean {
    return this.pos >= BATCH_BYTES;
  }

  /**
   * Appends the row in `b[start, end)` (the packet's payload) as one staged line and returns
   * true, or returns false with nothing appended when a field needs mysql2 and checkRow.
   */
  encode(b: Buffer, start: number, end: number): boolean {
    const width = this.checks.length;
    if (!width) return false;
    // Every byte doubled (all quotes) plus quotes and commas: no field can overflow this.
    this.reserve(2 * (end - start) + 3 * width + 1);
    const out = this.out;
    const lineStart = this.pos;
    let pos = lineStart;
    let p = start;
    for (let i = 0; i < width; i++) {
      if (i) out[pos++] = Byte.COMMA;
      if (p >= end) { this.pos = lineStart; return false; }
      const tag = b[p++];
      let len: number;
      if (tag < 0xfb) len = tag;
      else if (tag === 0xfb) {
        if (!this.nullable[i]) { this.pos = lineStart; return false; }
        continue; // NULL: an empty unquoted field
      } else if (tag === 0xfc) { len = b[p] | (b[p + 1] << 8); p += 2; }
      else if (tag === 0xfd) { len = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16); p += 3; }
      else if (tag === 0xfe) { len = b.readUInt32LE(p); p += 8; }
      else { this.pos = lineStart; return false; }
      const s = p;
      const e = p + len;
      p = e;
      const plain = e > end ? Plain.NO : this.fieldPlain(i, b, s, e);
      if (plain === Plain.NO) { this.pos = lineStart; return false; }
      if (len === 0) { out[pos++] = Byte.QUOTE; out[pos++] = Byte.QUOTE; continue; } // '' as ""
      pos = this.copyField(b, s, e, pos, plain === Plain.QUOTED);
    }
    if (p !== end) { this.pos = lineStart; return false; }
    out[pos++] = Byte.LF;
    if (pos - lineStart > this.longest) this.longest = pos - lineStart;
    this.pos = pos;
    this.rows++;
    return true;
  }

  /** Appends lines encoded elsewhere (the rows checkRow canonicalised: staged-csv.ts's encodeRows). */
  appendEncoded(lines: EncodedRows): void {
    this.reserve(lines.csv.length);
    this.out.set(lines.csv, this.pos);
    this.pos += lines.csv.length;
    this.rows += lines.rows;
    if (lines.longestLine > this.longest) this.longest = lines.longestLine;
  }

  /** The lines so far (undefined when none), leaving the encoder empty. */
  take(): EncodedRows | undefined {
    if (!this.rows) return undefined;
    const taken = { csv: this.out.subarray(0, this.pos), rows: this.rows, longestLine: this.longest };
    this.out = Buffer.allocUnsafe(2 * BATCH_BYTES);
    this.pos = 0;
    this.rows = 0;
    return taken;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.out.length, this.pos + bytes));
    this.out.copy(bigger, 0, 0, this.pos);
    this.out = bigger;
  }

  /**
   * Whether the field's bytes are already the canonical value (see the top of the file); Plain.QUOTED
   * for text that must be quoted in the staging file.
   */
  private fieldPlain(i: number, b: Buffer, s: number, e: number): Plain {
    switch (this.checks[i]) {
      case Check.TEXT: case Check.ASCII_TEXT: {
        let high = false;
        let visible = false;
        let quote = false;
        for (let k = s; k < e; k++) {
          const c = b[k];
          if (c >= 0x80) high = true;
          else if (c > Byte.SPACE) { if (c < 0x7f) visible = true; if (c === Byte.QUOTE || c === Byte.COMMA) quote = true; }
          else if (c === Byte.LF || c === Byte.CR) quote = true;
        }
        // A key must not be blank (values.ts trims): a visible ASCII character proves it is not.
        if (!this.nullable[i] && !visible) return Plain.NO;
        // mysql2 decodes ASCII columns as 'ascii' and replaces invalid UTF-8: only valid text is copied.
        if (high && (this.checks[i] !== Check.TEXT || !isUtf8(b.subarray(s, e)))) return Plain.NO;
        return quote ? Plain.QUOTED : Plain.YES;
      }
      // Plain numbers, dates and timestamps hold no quote, comma, CR or LF.
      case Check.INT_TEXT: return plainInteger(b, s, e, 15) ? Plain.YES : Plain.NO;
      case Check.INT9: return plainInteger(b, s, e, 9) ? Plain.YES : Plain.NO;
      case Check.INT18: return plainInteger(b, s, e, 18) ? Plain.YES : Plain.NO;
      case Check.DECIMAL: return plainDecimal(b, s, e, this.decimal[i][0], this.decimal[i][1]) ? Plain.YES : Plain.NO;
      case Check.DATE: return e - s === 10 && plainDate(b, s) ? Plain.YES : Plain.NO;
      case Check.TIMESTAMP: return plainTimestamp(b, s, e) ? Plain.YES : Plain.NO;
      default: return Plain.NO;
    }
  }

  /** Copies a field, quoted with inner quotes doubled when `quoted`. */
  private copyField(b: Buffer, s: number, e: number, pos: number, quoted: boolean): number {
    const out = this.out;
    if (!quoted) {
      if (e - s > 24) return pos + b.copy(out, pos, s, e);
      for (let k = s; k < e; k++) out[pos++] = b[k];
      return pos;
    }
    out[pos++] = Byte.QUOTE;
    for (let k = s; k < e; k++) {
      const c = b[k];
      if (c === Byte.QUOTE) out[pos++] = Byte.QUOTE;
      out[pos++] = c;
    }
    out[pos++] = Byte.QUOTE;
    return pos;
  }
}
