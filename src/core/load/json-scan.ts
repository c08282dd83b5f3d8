// A byte-level pass over a JSON array file for the direct reviews load (json-direct.ts). DuckDB's
// read_json parses the file on its own threads; this pass answers what its rows cannot:
//  - would the streaming splitter (sources/json-splitter.ts) cut the same elements with no
//    problem of its own (empty element, missing ',', content after ']', truncation)? If not,
//    the file is not simple and goes to the splitter, whose rejects name those problems;
//  - does the file use what DuckDB accepts and JSON.parse does not: a trailing comma inside an
//    element ({"a": 1,}) makes the file not simple (NaN, Infinity and 1e999 are DuckDB's too, but
//    only reach number columns, whose SQL checks take plain digits only);
//  - which elements DuckDB's typed columns would read differently from JSON.parse + the JS
//    checks: an element that is not an object (DuckDB reads null as a row of NULLs), or whose
//    top-level keys are not the known ones each at most once (a duplicate, an unknown key that
//    may hide a nested duplicate, an upper-case or escaped key). Those are flagged for JS.
// It builds no strings (keys are compared as bytes), and keeps each element's line and bytes so
// the elements that need JavaScript can be cut out again with exactly the splitter's bytes.
import { forEachChunk } from './direct-load';

export interface JsonScanResult {
  readonly simple: true;
  readonly elements: number;
  /** Per element (0-based): line of its first byte, its byte range (to the ',' or ']' that ends it). */
  readonly lines: readonly number[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Element ordinals whose typed columns DuckDB may read differently: they go through JS. */
  readonly needsJs: ReadonlySet<number>;
}

export type JsonScan = JsonScanResult | { readonly simple: false; readonly why: string };

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, NL = 0x0a, COLON = 0x3a;
const LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;

// States (plain numbers: an enum object costs a property load per byte).
const BOM = [0xef, 0xbb, 0xbf];
const START = 0, BETWEEN = 1, IN_ELEMENT = 2, AFTER_ARRAY = 3;

const isSpace = (b: number) => b === 0x20 || b === NL || b === 0x0d || b === 0x09;

class Scan {
  state = START;
  bomPos = 0;
  line = 1;
  inString = false;
  escape = false;
  depth = 0;
  /** Last byte outside strings that was not white space (a ',' before '}' or ']' is trailing). */
  lastSig = 0;
  /** A top-level key of the element is being read, from byte `keyStart` of this chunk (-1: an earlier chunk). */
  inKey = false;
  keyStart = -1;
  expectKey = false;
  keyEscaped = false;
  seen = 0;
  flagged = false;
  why = '';
  readonly lines: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly needsJs = new Set<number>();
  /** The known keys as bytes, by length, with their bit. */
  private readonly byLength: { bytes: Buffer; bit: number }[][] = [];

  constructor(keys: readonly string[]) {
    keys.forEach((k, bit) => {
      const bytes = Buffer.from(k, 'latin1');
      (this.byLength[bytes.length] ??= []).push({ bytes, bit });
    });
  }

  fail(why: string): false {
    this.why = why;
    return false;
  }

  private startElement(at: number, first: number, line: number): void {
    this.lines.push(line);
    this.starts.push(at);
    this.seen = 0;
    this.expectKey = false;
    this.flagged = first !== LBRACE;
  }

  private endElement(at: number): void {
    this.ends.push(at);
    if (this.flagged) this.needsJs.add(this.ends.length - 1);
  }

  /** The key ending before byte `end` of `buf`: a known key seen once so far, or the element is flagged. */
  private endKey(buf: Buffer, end: number): void {
    this.inKey = false;
    const start = this.keyStart;
    let bit = -1;
    if (start >= 0 && !this.keyEscaped) {
      for (const k of this.byLength[end - start] ?? []) {
        let j = 0;
        while (j < k.bytes.length && k.bytes[j] === buf[start + j]) j++;
        if (j === k.bytes.length) { bit = k.bit; break; }
      }
    }
    if (bit < 0 || this.seen & (1 << bit)) this.flagged = true;
    else this.seen |= 1 << bit;
  }

  chunk(buf: Buffer, from: number, n: number, base: number): boolean {
    // The per-byte state in locals (a property load and store per byte costs half the scan).
    let { inString, escape, line, depth, lastSig, state } = this;
    for (let i = from; i < n; i++) {
      let b = buf[i];
      if (inString) {
        if (escape) { escape = false; if (this.inKey) this.keyEscaped = true; continue; }
        if (b === BACKSLASH) { escape = true; continue; }
        if (b === QUOTE) { inString = false; if (this.inKey) this.endKey(buf, i); continue; }
        if (b === NL) { line++; continue; }
        // Most bytes are string content: skip to the next one that matters in a tight loop.
        while (b !== QUOTE && b !== BACKSLASH && b !== NL && ++i < n) b = buf[i];
        i--;
        continue;
      }
      if (isSpace(b)) {
        // Runs of white space (indentation of pretty-printed files) in a tight loop as well.
        if (state === START) this.bomPos = 3; // as in the splitter, a BOM comes first or not at all
        do { if (b === NL) line++; } while (++i < n && isSpace(b = buf[i]));
        i--;
        continue;
      }
      if (state === START) {
        // A UTF-8 byte order mark, then '[', as the splitter takes them.
        if (this.bomPos < 3 && b === BOM[this.bomPos]) { this.bomPos++; continue; }
        this.bomPos = 3;
        if (b !== LBRACKET) return this.fail('not a JSON array');
        state = BETWEEN;
        lastSig = b;
        continue;
      }
      if (state === AFTER_ARRAY) return this.fail("content after the array's ']'");
      if (state === BETWEEN) {
        if (b === RBRACKET) {
          if (lastSig === COMMA) return this.fail('a trailing comma in the array');
          state = AFTER_ARRAY;
          continue;
        }
        if (b === COMMA) return this.fail('an empty element');
        state = IN_ELEMENT;
        depth = 0;
        this.startElement(base + i, b, line);
      } else if (depth === 0 && (lastSig === RBRACE || lastSig === RBRACKET) && b !== COMMA && b !== RBRACKET) {
        // Something follows a complete object or array without a ',' (the splitter cuts there).
        return this.fail(`line ${line}: a missing comma`);
      }
      // IN_ELEMENT, outside strings.
      if (b === QUOTE) {
        inString = true;
        if (depth === 1 && this.expectKey) { this.inKey = true; this.keyStart = i + 1; this.keyEscaped = false; this.expectKey = false; }
      } else if (b === LBRACE || b === LBRACKET) {
        depth++;
        if (depth === 1) this.expectKey = b === LBRACE;
      } else if (b === RBRACE || b === RBRACKET) {
        if (lastSig === COMMA) return this.fail(`line ${line}: a trailing comma inside an element`);
        if (depth === 0) { // the array's ']'
          if (b === RBRACE) return this.fail(`line ${line}: an unmatched '}'`);
          this.endElement(base + i);
          state = AFTER_ARRAY;
        } else depth--;
      } else if (b === COMMA) {
        if (depth === 0) { this.endElement(base + i); state = BETWEEN; }
        else if (depth === 1) this.expectKey = true;
      } else if (b !== COLON && depth === 1 && this.expectKey) this.flagged = true; // not a quoted key
      lastSig = b;
    }
    Object.assign(this, { inString, escape, line, depth, lastSig, state });
    this.keyStart = -1; // a key still open continues in the next chunk: not compared, flagged
    return true;
  }

  end(): JsonScan {
    if (this.state !== AFTER_ARRAY || this.inString) return { simple: false, why: 'truncated' };
    return { simple: true, elements: this.ends.length, lines: this.lines, starts: this.starts, ends: this.ends, needsJs: this.needsJs };
  }
}

/**
 * Scans the JSON array file `path`; `keys` are the top-level keys an element may have (each at
 * most once). Fewer than 31 keys: they are bits of one number per element.
 */
export function scanJsonArray(path: string, keys: readonly string[], chunkBytes = 4 << 20): JsonScan {
  if (keys.length > 30) throw new Error('internal: too many keys for the JSON scan');
  const sc = new Scan(keys);
  const size = forEachChunk(path, chunkBytes, (buf, n, base) => sc.chunk(buf, 0, n, base));
  return size === undefined ? { simple: false, why: sc.why } : sc.end();
}
