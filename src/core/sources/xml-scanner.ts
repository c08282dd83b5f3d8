// A resumable byte scanner that cuts the `<rowTag …>…</rowTag>` elements out of an XML file
// read in chunks, so that only the current element is ever held in memory. It works on bytes,
// not decoded text: every byte that matters to XML structure is ASCII, and UTF-8 continuation
// bytes are never ASCII, so a chunk boundary inside a multi-byte character is harmless and
// each element is decoded (and checked for valid UTF-8) once it is complete.
//
// It knows just enough XML to find element boundaries: comments, CDATA sections, processing
// instructions, markup declarations and quoted attribute values (which may contain '<' or
// '>'), the stack of open tags inside an element (nested elements of the row's own name are
// counted, so they do not end the row early) and the tags open outside rows (an optional root
// element such as <product_specifications>). Everything else is left to the XML parser.
import { SourceFileError } from './csv';
import { checkDeclaration, checkProcessingInstruction } from './xml-prolog';
import { BANG, binary, DASH, display, DQ, GT, isNameEnd, isNameStart, isSpace, localName, LSQB, LT, NL, QMARK, RSQB, SLASH, SQ } from './xml-bytes';

export interface ScannedElement {
  /** 1-based number of the row element in the file. */
  readonly index: number;
  /** Line of the element's opening '<'. */
  readonly line: number;
  readonly bytes: Buffer;
  /** Set when the scanner already knows the element is malformed: the reject reason. */
  readonly problem?: string;
  /**
   * Only start tags, end tags and text: no comments, CDATA, processing instructions,
   * declarations or quoted attribute values. Such an element can take the fast path.
   */
  readonly plain: boolean;
}

const enum Mode {
  Text, Lt, OpenName, Attrs, CloseName, Bang, Comment, Cdata, Pi, Decl,
}

const MAX_PROLOG_TEXT = 1 << 20; // a DOCTYPE or XML declaration larger than this is not a data file


export class XmlRowScanner {
  private readonly rowTag: string;
  private mode = Mode.Text;
  private base = 0; // absolute offset of the current chunk
  private line = 1; // line at offset `counted`
  private counted = 0; // absolute offset up to which newlines were counted
  private first = true;

  // The current markup construct.
  private name = '';
  private readonly names = new Map<number, string>();
  private nameStart = 0; // index in the current chunk where the tag name (or its rest) starts
  private quote = 0;
  private selfClose = false;
  private bang = '';
  private run = 0; // dashes / brackets seen just before the current byte, for --> and ]]>
  private declDepth = 0;
  private prolog: string | undefined; // text of a top-level PI or declaration, for checks
  private tagStart = 0; // absolute offset of the '<' of the current markup
  private tagLine = 1;

  // The element being captured, if any.
  private inElement = false;
  private capturing = false; // element, or a top-level tag that may turn out to start one
  private parts: Buffer[] = [];
  private captured = 0; // bytes in parts
  private segStart = 0; // index in the current chunk from which bytes are captured
  private elemStart = 0; // absolute offset of the element's '<'
  private elemLine = 1;
  private elemIndex = 0;
  private stack: string[] = []; // open tags inside the element; [0] is the row tag itself
  private problem: string | undefined;
  private plain = true;
  private tagQuoted = false; // the current start tag has a quoted attribute value
  private outer: string[] = []; // open tags outside rows (a root element)
  private out: ScannedElement[] = [];

  private readonly plainOpen: Buffer; // `<rowTag>` and `</rowTag>`, for takePlain
  private readonly plainClose: Buffer;

  /**
   * `maxElementBytes` bounds memory when an end tag is missing deep inside a row. `takePlain` is
   * offered each row element starting `<rowTag>` whose first `</rowTag>` is in the same chunk,
   * before it is scanned: true means it took the element (only one this scanner would return
   * plain and without a problem), which is counted but not returned. `before` hands it the
   * elements completed earlier in the chunk (then not returned by push), to keep file order.
   */
  constructor(private readonly file: string, rowTag: string, private readonly maxElementBytes = 32 << 20,
    private readonly takePlain?: (element: Buffer, before: ScannedElement[]) => boolean) {
    this.rowTag = binary(rowTag);
    this.plainOpen = Buffer.from(`<${rowTag}>`);
    this.plainClose = Buffer.from(`</${rowTag}>`);
  }

  /** Row elements seen so far, returned or taken. */
  get elements(): number { return this.elemIndex; }

  /** The end of the row element at `j` if `takePlain` took it, else -1. */
  private offerPlain(buf: Buffer, j: number): number {
    const open = this.plainOpen;
    if (!this.takePlain || this.inElement || j + open.length > buf.length || buf.compare(open, 0, open.length, j, j + open.length) !== 0) return -1;
    const close = buf.indexOf(this.plainClose, j + open.length);
    if (close < 0) return -1;
    const end = close + this.plainClose.length;
    const before = this.out;
    this.out = [];
    if (!this.takePlain(buf.subarray(j, end), before)) return -1;
    this.elemIndex++;
    return end;
  }

  /** Feed the next chunk; returns the elements completed in it. */
  push(buf: Buffer): ScannedElement[] {
    let i = 0;
    if (this.first) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      else if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
        throw new SourceFileError(this.file, 'line 1', 'the file is UTF-16: expected UTF-8 XML');
      }
    }
    this.segStart = i;
    const n = buf.length;
    while (i < n) {
      const b = buf[i];
      switch (this.mode) {
        case Mode.Text: {
          const j = buf.indexOf(LT, i);
          if (j < 0) { i = n; continue; }
          const taken = this.offerPlain(buf, j);
          if (taken >= 0) { i = taken; continue; }
          i = j;
          this.tagStart = this.base + j;
          this.tagLine = this.lineAt(buf, j);
          if (!this.inElement) { this.capturing = true; this.segStart = j; this.parts = []; this.captured = 0; }
          this.mode = Mode.Lt;
          break;
        }
        case Mode.Lt:
          if (b === SLASH) { this.mode = Mode.CloseName; this.name = ''; this.nameStart = i + 1; }
          else if (b === BANG) { this.mode = Mode.Bang; this.bang = ''; this.dropTentative(); this.plain = false; }
          else if (b === QMARK) { this.plain = false; this.mode = Mode.Pi; this.run = 0; this.dropTentative(); this.prolog = this.inElement ? undefined : ''; }
          else if (isNameStart(b)) { this.mode = Mode.OpenName; this.name = ''; this.nameStart = i; this.tagQuoted = false; }
          else {
            // "a < b" in text: not markup. Malformed inside a row; harmless outside one.
            if (!this.inElement) this.dropTentative();
            else this.problem ??= `a '<' at line ${this.tagLine} that starts no tag: expected &lt; for a literal '<'`;
            this.mode = Mode.Text;
            continue; // read this byte again as text
          }
          break;
        case Mode.OpenName:
          // Skip to the end of the name in one tight loop: names are most of a data file's
          // markup bytes, and one trip through the switch per byte was the scanner's main cost.
          while (i < n && !isNameEnd(buf[i])) i++;
          if (i === n) continue; // the name goes on in the next chunk
          this.name = this.name ? this.name + buf.toString('latin1', this.nameStart, i) : this.intern(buf, this.nameStart, i);
          this.mode = Mode.Attrs; this.quote = 0; this.selfClose = false;
          if (!this.inElement && localName(this.name) !== this.rowTag) this.dropTentative();
          continue; // let Attrs see this byte
        case Mode.Attrs:
          if (this.quote) { if (b === this.quote) this.quote = 0; }
          else if (b === DQ || b === SQ) { this.quote = b; this.selfClose = false; this.plain = false; this.tagQuoted = true; }
          else if (b === GT) { this.mode = Mode.Text; this.openTag(buf, i); }
          else if (b === SLASH) this.selfClose = true;
          else if (!isSpace(b)) this.selfClose = false;
          break;
        case Mode.CloseName: {
          const gt = buf.indexOf(GT, i);
          if (gt < 0) { i = n; continue; } // the name goes on in the next chunk
          i = gt;
          let e = i;
          while (e > this.nameStart && isSpace(buf[e - 1])) e--;
          this.name = this.name ? (this.name + buf.toString('latin1', this.nameStart, i)).trim() : this.intern(buf, this.nameStart, e);
          this.mode = Mode.Text;
          this.closeTag(buf, i, this.name);
          break;
        }
        case Mode.Bang:
          this.bang += String.fromCharCode(b);
          if (this.bang === '--') { this.mode = Mode.Comment; this.run = 0; }
          else if (this.bang === '[CDATA[') { this.mode = Mode.Cdata; this.run = 0; }
          else if (!'--'.startsWith(this.bang) && !'[CDATA['.startsWith(this.bang)) {
            // <!DOCTYPE …>, <!ENTITY …> and friends.
            this.mode = Mode.Decl; this.declDepth = 0; this.quote = 0;
            this.prolog = this.inElement ? undefined : '<!' + this.bang;
            if (this.inElement && !this.problem) {
              this.problem = `markup declaration <!${this.bang}… at line ${this.tagLine} inside the element: expected only elements, text, comments and CDATA`;
            }
            if (b === GT) { this.mode = Mode.Text; this.endDecl(); }
            else if (b === LSQB) this.declDepth = 1;
          }
          break;
        case Mode.Comment:
          if (b === GT && this.run >= 2) this.mode = Mode.Text;
          else this.run = b === DASH ? this.run + 1 : 0;
          break;
        case Mode.Cdata:
          if (b === GT && this.run >= 2) this.mode = Mode.Text;
          else this.run = b === RSQB ? this.run + 1 : 0;
          break;
        case Mode.Pi:
          if (this.prolog !== undefined && this.prolog.length < MAX_PROLOG_TEXT) this.prolog += String.fromCharCode(b);
          if (b === GT && this.run === 1) { this.mode = Mode.Text; this.endPi(); }
          else this.run = b === QMARK ? 1 : 0;
          break;
        case Mode.Decl:
          if (this.prolog !== undefined) {
            if (this.prolog.length >= MAX_PROLOG_TEXT) {
              throw new SourceFileError(this.file, `line ${this.tagLine}`, 'a markup declaration larger than 1 MB: expected a data file, not a DTD');
            }
            this.prolog += String.fromCharCode(b);
          }
          if (this.quote) { if (b === this.quote) this.quote = 0; }
          else if (b === DQ || b === SQ) this.quote = b;
          else if (b === LSQB) this.declDepth++;
          else if (b === RSQB) this.declDepth--;
          else if (b === GT && this.declDepth <= 0) { this.mode = Mode.Text; this.endDecl(); }
          break;
      }
      i++;
    }
    // A tag name cut by the chunk boundary continues in the next chunk.
    if (this.mode === Mode.OpenName || this.mode === Mode.CloseName) {
      this.name += buf.toString('latin1', this.nameStart, n);
      this.nameStart = 0;
    }
    if (this.capturing && this.segStart < n) {
      this.parts.push(buf.subarray(this.segStart));
      this.captured += n - this.segStart;
      if (this.inElement && this.captured > this.maxElementBytes) this.oversize();
    }
    this.segStart = 0;
    this.lineAt(buf, n);
    this.base += n;
    const done = this.out;
    this.out = [];
    return done;
  }

  /** End of file: an element still open is reported as truncated. */
  end(): ScannedElement[] {
    if (this.inElement) {
      const open = display(this.stack[0] ?? this.rowTag);
      this.finish(Buffer.concat(this.parts), `truncated: <${open}> is not closed: expected </${open}> before end of file`);
    }
    return this.out;
  }

  /** Line number of index `i` of `buf`, counting newlines natively since the last call. */
  private lineAt(buf: Buffer, i: number): number {
    let p = this.counted - this.base;
    if (p < 0) p = 0;
    for (;;) {
      const j = buf.indexOf(NL, p);
      if (j < 0 || j >= i) break;
      this.line++;
      p = j + 1;
    }
    this.counted = this.base + i;
    return this.line;
  }

  /**
   * The tag name in bytes s..e of `buf` as a string, reusing the string of an earlier tag with
   * the same bytes: a data file repeats a few names millions of times, and allocating one
   * string per tag is most of the scanner's garbage.
   */
  private intern(buf: Buffer, s: number, e: number): string {
    let h = e - s;
    for (let k = s; k < e; k++) h = (Math.imul(h, 31) + buf[k]) | 0;
    const hit = this.names.get(h);
    if (hit !== undefined && hit.length === e - s) {
      let k = 0;
      while (k < hit.length && hit.charCodeAt(k) === buf[s + k]) k++;
      if (k === hit.length) return hit;
    }
    const name = buf.toString('latin1', s, e);
    if (this.names.size < 4096) this.names.set(h, name);
    return name;
  }

  /** The '<' just seen at top level does not start a row element: stop capturing. */
  private dropTentative(): void {
    if (!this.inElement) { this.capturing = false; this.parts = []; }
  }

  private openTag(buf: Buffer, gt: number): void {
    const name = this.name;
    if (!this.inElement) {
      if (localName(name) === this.rowTag) {
        this.startElement(name);
        if (this.selfClose) this.complete(buf, gt);
      } else if (!this.selfClose) this.outer.push(name);
      return;
    }
    if (this.selfClose) return;
    if (localName(name) === this.rowTag && this.stack.length === 1) {
      // A row tag directly inside a row: the previous row was never closed. Cut it there and
      // start the next one, so one missing end tag costs one record, not the rest of the file.
      const open = display(this.stack[0]);
      this.cutBefore(buf, gt, `<${open}> is not closed: expected </${open}> before the next <${display(name)}> at line ${this.tagLine}`);
      this.capturing = true;
      this.startElement(name);
      return;
    }
    this.stack.push(name);
  }

  /** The start tag just read (named `name`) opens the next row element. */
  private startElement(name: string): void {
    this.inElement = true;
    this.elemIndex++;
    this.elemStart = this.tagStart;
    this.elemLine = this.tagLine;
    this.stack = [name];
    this.problem = undefined;
    this.plain = !this.tagQuoted;
  }

  private closeTag(buf: Buffer, gt: number, name: string): void {
    if (!this.inElement) {
      const k = this.outer.lastIndexOf(name);
      if (k >= 0) this.outer.length = k;
      this.dropTentative();
      return;
    }
    const k = this.stack.lastIndexOf(name);
    if (k >= 0) {
      if (k !== this.stack.length - 1 && !this.problem) {
        this.problem = `</${display(name)}> at line ${this.tagLine} closes <${display(name)}> while <${display(this.stack[this.stack.length - 1])}> is still open: expected </${display(this.stack[this.stack.length - 1])}> first`;
      }
      this.stack.length = k;
      if (k === 0) this.complete(buf, gt);
      return;
    }
    if (this.outer.includes(name)) {
      // The enclosing root closes while the row is open: the row was never closed.
      const open = display(this.stack[0]);
      this.cutBefore(buf, gt, `<${open}> is not closed: expected </${open}> before </${display(name)}> at line ${this.tagLine}`);
      const j = this.outer.lastIndexOf(name);
      this.outer.length = j;
      return;
    }
    if (!this.problem) this.problem = `unexpected </${display(name)}> at line ${this.tagLine}: no <${display(name)}> is open`;
  }

  /** The element ends at index `gt` (its closing '>') of `buf`. */
  private complete(buf: Buffer, gt: number): void {
    this.parts.push(buf.subarray(this.segStart, gt + 1));
    this.segStart = gt + 1;
    const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.finish(bytes, this.problem);
    this.capturing = false;
  }

  /** The element ends just before the current tag's '<' and is malformed. */
  private cutBefore(buf: Buffer, gt: number, reason: string): void {
    this.parts.push(buf.subarray(this.segStart, gt + 1));
    this.segStart = gt + 1;
    const all = Buffer.concat(this.parts);
    const cut = this.tagStart - this.elemStart;
    this.finish(all.subarray(0, cut), this.problem ?? reason);
    // The bytes of the current tag belong to whatever comes next.
    this.parts = [all.subarray(cut)];
    this.captured = this.parts[0].length;
    this.capturing = false;
  }

  /**
   * The row has grown past the limit: almost surely an end tag is missing and the rows after
   * it are being swallowed as nested content. Reject what was captured (its start is enough
   * to find it) and go on scanning at top level, so the following rows load again.
   */
  private oversize(): void {
    const open = display(this.stack[0] ?? this.rowTag);
    const head = Buffer.concat(this.parts.slice(0, 4)).subarray(0, 4000);
    const max = this.maxElementBytes >= 2 ** 20 ? `${Math.round(this.maxElementBytes / 2 ** 20)} MB` : `${this.maxElementBytes} bytes`;
    this.finish(head, `<${open}> is larger than ${max} without its </${open}>: expected </${open}> (an end tag is probably missing); the rest of this element was skipped`);
    this.capturing = false;
  }

  private finish(bytes: Buffer, problem: string | undefined): void {
    this.out.push({ index: this.elemIndex, line: this.elemLine, bytes, problem, plain: this.plain });
    this.inElement = false;
    this.parts = [];
    this.captured = 0;
    this.stack = [];
    this.problem = undefined;
  }

  private endPi(): void {
    const text = this.prolog;
    this.prolog = undefined;
    if (text !== undefined) checkProcessingInstruction(this.file, this.tagLine, text);
  }

  private endDecl(): void {
    const text = this.prolog;
    this.prolog = undefined;
    if (text !== undefined) checkDeclaration(this.file, this.tagLine, text);
  }
}
