// Cuts the elements of one top-level JSON array ([ {...}, {...} ], what Snowflake loads with
// STRIP_OUTER_ARRAY) out of a file read in chunks, so only one element is in memory at a time.
// It works on bytes: every byte that matters to JSON structure is ASCII and UTF-8 continuation
// bytes never are, so chunk boundaries inside characters are harmless; each element is decoded
// (and checked for valid UTF-8) once complete.
//
// It tracks just strings, escapes and bracket nesting to find the commas that separate
// elements; whether an element is valid JSON is JSON.parse's business. A broken element thus
// costs that element only: the splitter re-synchronises at the next top-level comma.
import { SourceFileError } from './csv';

export interface JsonElement {
  /** 1-based position in the array. */
  readonly index: number;
  /** Line of the element's first character. */
  readonly line: number;
  readonly bytes: Buffer;
  /** Set when the splitter already knows the element is unusable: the reject reason. */
  readonly problem?: string;
}

const enum State { Start, Between, InElement, After, Done }

const BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, NL = 0x0a;
const LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function describe(buf: Buffer, i: number): string {
  const b = buf[i];
  if (b === LBRACE) return "an object '{' (the file must be one array of objects, [ {...}, {...} ])";
  if (b < 0x20 || b > 0x7e) return `the byte 0x${b.toString(16).padStart(2, '0')}`;
  return JSON.stringify(buf.toString('latin1', i, Math.min(buf.length, i + 20)));
}

export class JsonArraySplitter {
  private state = State.Start;
  private bomPos = 0; // bytes of a leading BOM seen so far (3 once anything else was seen)
  private line = 1;
  private inString = false;
  private escape = false;
  private stack: number[] = []; // open '{' / '[' inside the element
  private closed = false; // the element's outermost object/array has just closed
  private missingComma = false; // the element followed the previous one without a ','
  private index = 0;
  private elemLine = 1;
  private parts: Buffer[] = [];
  private captured = 0; // bytes of the current element in parts
  private out: JsonElement[] = [];

  /** `maxElementBytes` bounds memory when a quote or bracket is missing. */
  constructor(private readonly file: string, private readonly maxElementBytes = 64 << 20) {}

  push(buf: Buffer): JsonElement[] {
    let i = 0;
    let segStart = this.state === State.InElement ? 0 : -1;
    const n = buf.length;
    for (; i < n; i++) {
      const b = buf[i];
      if (b === NL) this.line++;
      switch (this.state) {
        case State.Start:
          // A UTF-8 byte order mark (EF BB BF) may come split over chunks.
          if (this.bomPos < 3 && b === BOM[this.bomPos]) { this.bomPos++; break; }
          this.bomPos = 3;
          if (isSpace(b)) break;
          if (b === 0xff || b === 0xfe) throw new SourceFileError(this.file, 'line 1', 'the file looks like UTF-16: expected UTF-8 JSON');
          if (b !== LBRACKET) {
            throw new SourceFileError(this.file, `line ${this.line}`, `expected a JSON array '[' of review objects, got ${describe(buf, i)}`);
          }
          this.state = State.Between;
          break;
        case State.Between:
          if (isSpace(b)) break;
          if (b === RBRACKET) { this.state = State.After; break; }
          if (b === COMMA) {
            // [a,,b] or [,a]: an element is missing; count it so it is not lost without trace.
            this.index++;
            this.out.push({ index: this.index, line: this.line, bytes: Buffer.alloc(0), problem: "an empty element between commas: expected a review object" });
            break;
          }
          this.state = State.InElement;
          this.startElement();
          segStart = i;
          i--; // the element's first byte is read in InElement
          break;
        case State.InElement:
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (b === BACKSLASH) this.escape = true;
            else if (b === QUOTE) this.inString = false;
            else {
              // Most bytes of a review are string content: skip to the next byte that matters
              // here without a trip through the state switch per byte (half the splitter's time).
              let j = i + 1;
              while (j < n) {
                const c = buf[j];
                if (c === QUOTE || c === BACKSLASH || c === NL) break;
                j++;
              }
              i = j - 1;
            }
            break;
          }
          if (this.closed && !isSpace(b) && b !== COMMA && b !== RBRACKET) {
            // Something follows a complete object or array without a ','. Cut there, so that
            // the next record is not glued to this one; it is rejected as such.
            this.emit(buf.subarray(segStart, i));
            segStart = i;
            this.startElement();
            this.missingComma = true;
          }
          if (b === QUOTE) this.inString = true;
          else if (b === LBRACE || b === LBRACKET) this.stack.push(b);
          else if ((b === RBRACE || b === RBRACKET) && this.stack.length) {
            // Close up to the matching opener, so that a missing '}' or ']' inside an element
            // does not swallow the rest of the file (JSON.parse rejects the element itself).
            const k = this.stack.lastIndexOf(b === RBRACE ? LBRACE : LBRACKET);
            if (k >= 0) this.stack.length = k;
            this.closed = this.stack.length === 0;
          } else if (b === COMMA && !this.stack.length) {
            this.emit(buf.subarray(segStart, i));
            this.state = State.Between;
            segStart = -1;
          } else if (b === RBRACKET) {
            // The array's own ']' (nothing is open inside the element).
            this.emit(buf.subarray(segStart, i));
            this.state = State.After;
            segStart = -1;
          }
          break;
        case State.After:
          if (isSpace(b)) break;
          this.out.push({
            index: this.index + 1, line: this.line, bytes: buf.subarray(i, Math.min(n, i + 200)),
            problem: "unexpected content after the array's closing ']': expected end of file",
          });
          this.state = State.Done;
          break;
        case State.Done:
          i = n;
          break;
      }
    }
    if (this.state === State.InElement && segStart >= 0) {
      this.parts.push(buf.subarray(segStart));
      this.captured += n - segStart;
      if (this.captured > this.maxElementBytes) {
        // Almost surely a quote or bracket is missing and the rest of the file is being read as
        // one record; stop before it is all in memory.
        const max = this.maxElementBytes >= 2 ** 20 ? `${Math.round(this.maxElementBytes / 2 ** 20)} MB` : `${this.maxElementBytes} bytes`;
        throw new SourceFileError(this.file, `line ${this.elemLine}`,
          `record ${this.index} is larger than ${max}: expected records of a sensible size (a closing '"', '}' or ']' is probably missing)`);
      }
    }
    const done = this.out;
    this.out = [];
    return done;
  }

  /** End of file: an element or the array still open is reported as truncated. */
  end(): JsonElement[] {
    switch (this.state) {
      case State.Start:
        throw new SourceFileError(this.file, `line ${this.line}`, 'the file is empty: expected a JSON array [ {...}, {...} ] of review objects');
      case State.InElement: {
        const bytes = Buffer.concat(this.parts);
        this.parts = [];
        const top = this.stack[this.stack.length - 1];
        const expected = this.inString ? 'a closing \'"\' of a string' : top === LBRACE ? "'}'" : top === LBRACKET ? "']'" : "',' or ']'";
        if (this.inString || this.stack.length) {
          this.out.push({ index: this.index, line: this.elemLine, bytes, problem: `truncated: expected ${expected} before end of file` });
          break;
        }
        // The last element is complete, only the array's ']' is missing: load it, but say so.
        this.emit(bytes);
        this.out.push({ index: this.index + 1, line: this.line, bytes: Buffer.alloc(0), problem: "truncated: expected ']' closing the array before end of file" });
        break;
      }
      case State.Between:
        this.out.push({ index: this.index + 1, line: this.line, bytes: Buffer.alloc(0), problem: "truncated: expected ']' closing the array before end of file" });
        break;
      default:
        break;
    }
    this.state = State.Done;
    return this.out;
  }

  private startElement(): void {
    this.index++;
    this.elemLine = this.line;
    this.inString = false;
    this.escape = false;
    this.stack = [];
    this.closed = false;
    this.missingComma = false;
    this.captured = 0;
  }

  private emit(last: Buffer): void {
    const bytes = this.parts.length ? Buffer.concat([...this.parts, last]) : last;
    this.parts = [];
    const problem = this.missingComma ? `expected ',' before this record (after record ${this.index - 1})` : undefined;
    this.out.push({ index: this.index, line: this.elemLine, bytes, problem });
  }
}
