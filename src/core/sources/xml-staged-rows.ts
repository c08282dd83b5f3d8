// The rows of an XML load written straight into staged CSV bytes (the bronze writer's format,
// load/staged-csv.ts), with a fast path for the elements data files are made of:
//
//   <row><id>…</id><item><field>…</field>…</item>…</row>   (any whitespace between tags)
//
// exactly those tags, no attributes, namespaces, comments, CDATA or self-closing tags, each
// item with each field once. Such an element's values are byte ranges of the element: plain
// ASCII values are copied into the CSV as they are (no string, no tree, no row array); others
// are decoded, entity-expanded and trimmed exactly as the general path does. Anything else, and
// any element the fast path would have to reject, returns false and takes the general path
// (xml-rowtag.ts's addElement), which then says why: same rows, same rejects, same reasons.
import { isUtf8 } from 'node:buffer';
import type { TableDef, XmlSource } from '../manifest';
import { csvText } from '../csv/write';
import type { EncodedRows } from '../load/staged-csv';
import { canonicalValue, type Canonical } from '../load/values';
import { decodeEntities } from './xml-element';

const LT = 0x3c, AMP = 0x26, DQ = 0x22, COMMA = 0x2c, NL = 0x0a, CR = 0x0d;

/** What JS's String.prototype.trim removes among ASCII bytes: \t \n \v \f \r and space. */
function trimmable(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function xmlSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Growable output of staged CSV bytes. */
class CsvBytes {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;
  rows = 0;
  longest = 0;
  private lineStart = 0;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  bytes(src: Buffer, s: number, e: number): void {
    this.ensure(e - s);
    if (e - s < 32) for (let i = s; i < e; i++) this.buf[this.len++] = src[i];
    else this.len += src.copy(this.buf, this.len, s, e);
  }

  text(s: string): void {
    this.ensure(s.length * 3); // a UTF-16 unit is at most 3 UTF-8 bytes
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  endLine(): void {
    this.byte(NL);
    if (this.len - this.lineStart > this.longest) this.longest = this.len - this.lineStart;
    this.lineStart = this.len;
    this.rows++;
  }

  /** The rows so far, leaving this empty. */
  take(): EncodedRows | undefined {
    if (!this.rows) return undefined;
    const out = { csv: Buffer.from(this.buf.subarray(0, this.len)), rows: this.rows, longestLine: this.longest };
    this.len = this.lineStart = this.rows = this.longest = 0;
    return out;
  }
}

/** Where column i's value comes from in a fast-path row. */
type Slot = { kind: 'id' } | { kind: 'field'; k: number; required: boolean } | { kind: 'fixed'; csv: Buffer };

/**
 * The plan of a fast-path row, or undefined when the table's columns do not allow one (then
 * every element takes the general path). `fixed` holds the values that are the same in every
 * row (source_file, load time), as canonicalRowWith takes them.
 */
function plan(src: XmlSource, def: TableDef, fixed: Record<string, unknown>): Slot[] | undefined {
  // canonicalRow looks a column up by its name, then by its name in upper case.
  const sourceOf = (name: string, key: string) => key === name || key === name.toUpperCase();
  const slots: Slot[] = [];
  for (const col of def.columns) {
    const fields = src.fields.flatMap(([, column], k) => (sourceOf(col.name, column) ? [k] : []));
    const isId = sourceOf(col.name, src.idTag);
    if (isId || fields.length) {
      // Only text columns take the record's text unchanged; anything else takes the general path.
      if (col.type !== 'VARCHAR' || fields.length + (isId ? 1 : 0) !== 1) return undefined;
      slots.push(isId ? { kind: 'id' } : { kind: 'field', k: fields[0], required: col.nullable === false });
      continue;
    }
    let v: Canonical;
    try {
      v = canonicalValue(col, fixed[col.name] ?? fixed[col.name.toUpperCase()]);
    } catch {
      return undefined;
    }
    if (col.nullable === false && (v === null || v.trim() === '')) return undefined;
    slots.push({ kind: 'fixed', csv: Buffer.from(csvText(v), 'utf8') });
  }
  return slots;
}

const tag = (name: string, close = false) => Buffer.from(`<${close ? '/' : ''}${name}>`, 'latin1');

/** Staged CSV rows of one XML load: the fast path per element, and the general path's rows. */
export class XmlStagedRows {
  private readonly out = new CsvBytes();
  private readonly slots: Slot[] | undefined;
  private readonly width: number;
  private readonly open: Buffer; private readonly close: Buffer;
  private readonly idOpen: Buffer; private readonly idClose: Buffer;
  private readonly itemOpen: Buffer; private readonly itemClose: Buffer;
  private readonly fieldOpen: Buffer[]; private readonly fieldClose: Buffer[];
  // Per element: the id and, per item, each field, as a byte range of the element (fast) or
  // as its CSV text (decoded on the general path's terms).
  private idValue: Buffer | [number, number] = [0, 0];
  private readonly values: (Buffer | [number, number])[] = [];

  constructor(src: XmlSource, def: TableDef, fixed: Record<string, unknown>) {
    const names = [src.rowTag, src.idTag, src.itemTag, ...src.fields.map(([f]) => f)];
    // Names that are not plain ASCII, or that repeat, are left to the general path.
    const usable = names.every((n) => /^[A-Za-z_][\w.-]*$/.test(n)) && new Set(names).size === names.length;
    this.slots = usable ? plan(src, def, fixed) : undefined;
    this.width = def.columns.length;
    this.open = tag(src.rowTag); this.close = tag(src.rowTag, true);
    this.idOpen = tag(src.idTag); this.idClose = tag(src.idTag, true);
    this.itemOpen = tag(src.itemTag); this.itemClose = tag(src.itemTag, true);
    this.fieldOpen = src.fields.map(([f]) => tag(f));
    this.fieldClose = src.fields.map(([f]) => tag(f, true));
  }

  get rows(): number {
    return this.out.rows;
  }

  get bytes(): number {
    return this.out.len;
  }

  /** A row of the general path (canonical values), in file order with the fast path's. */
  addRow(values: Canonical[]): void {
    if (values.length !== this.width) throw new Error(`internal: row of ${values.length} values for ${this.width} columns`);
    let line = csvText(values[0]);
    for (let i = 1; i < values.length; i++) line += ',' + csvText(values[i]);
    this.out.text(line);
    this.out.endLine();
  }

  take(): EncodedRows | undefined {
    return this.out.take();
  }

  /**
   * Stages the rows of element `b` (the scanner's bytes of one plain row element) when it has
   * the fast path's shape and every value is one the general path would accept unchanged;
   * false (nothing staged) otherwise.
   */
  tryFast(b: Buffer): boolean {
    const slots = this.slots;
    if (!slots) return false;
    const end = b.length - this.close.length;
    if (!at(b, 0, this.open) || end < this.open.length || !at(b, end, this.close)) return false;
    const fields = this.fieldOpen.length;
    const values = this.values;
    values.length = 0;
    let ids = 0;
    let items = 0;
    let p = this.open.length;
    for (;;) {
      while (p < end && xmlSpace(b[p])) p++;
      if (p === end) break;
      if (at(b, p, this.idOpen)) {
        const v = this.leaf(b, p + this.idOpen.length, this.idClose, end);
        if (!v) return false;
        this.idValue = v.value;
        p = v.next;
        ids++;
      } else if (at(b, p, this.itemOpen)) {
        const first = values.length;
        for (let k = 0; k < fields; k++) values.push(undefined as never);
        p += this.itemOpen.length;
        for (;;) {
          while (p < end && xmlSpace(b[p])) p++;
          if (at(b, p, this.itemClose)) { p += this.itemClose.length; break; }
          let k = 0;
          while (k < fields && !at(b, p, this.fieldOpen[k])) k++;
          if (k === fields || values[first + k] !== undefined) return false;
          const v = this.leaf(b, p + this.fieldOpen[k].length, this.fieldClose[k], end);
          if (!v) return false;
          values[first + k] = v.value;
          p = v.next;
        }
        for (let k = 0; k < fields; k++) if (values[first + k] === undefined) return false;
        items++;
      } else return false;
    }
    if (ids !== 1 || items === 0) return false;
    const id = this.idValue;
    // An id (or a field of a NOT NULL column) that trims to nothing is a reject of the general path.
    if (empty(id)) return false;
    for (const s of slots) {
      if (s.kind === 'field' && s.required) for (let i = 0; i < items; i++) if (empty(values[i * fields + s.k])) return false;
    }
    for (let i = 0; i < items; i++) {
      for (let c = 0; c < slots.length; c++) {
        if (c) this.out.byte(COMMA);
        const s = slots[c];
        if (s.kind === 'fixed') this.out.bytes(s.csv, 0, s.csv.length);
        else this.value(b, s.kind === 'id' ? id : values[i * fields + s.k]);
      }
      this.out.endLine();
    }
    return true;
  }

  private value(b: Buffer, v: Buffer | [number, number]): void {
    if (!Array.isArray(v)) this.out.bytes(v, 0, v.length);
    else if (empty(v)) { this.out.byte(DQ); this.out.byte(DQ); } // '' is "" in the staged CSV
    else this.out.bytes(b, v[0], v[1]);
  }

  /**
   * The text of a leaf from `s` up to its end tag `closeTag`: a trimmed byte range when it is
   * plain ASCII that needs no CSV quoting, else its CSV text; undefined when the leaf is not
   * text then `closeTag`, is not UTF-8, or has an entity the general path would reject.
   */
  private leaf(b: Buffer, s: number, closeTag: Buffer, end: number): { value: Buffer | [number, number]; next: number } | undefined {
    const e = b.indexOf(LT, s);
    if (e < 0 || e >= end || !at(b, e, closeTag)) return undefined;
    let simple = true;
    for (let i = s; i < e; i++) {
      const c = b[i];
      if (c >= 0x80 || c === AMP || c === DQ || c === COMMA || c === NL || c === CR || (c < 0x20 && c !== 0x09)) { simple = false; break; }
    }
    const next = e + closeTag.length;
    if (simple) {
      let from = s, to = e;
      while (from < to && trimmable(b[from])) from++;
      while (to > from && trimmable(b[to - 1])) to--;
      return { value: [from, to], next };
    }
    if (!isUtf8(b.subarray(s, e))) return undefined;
    let text = b.toString('utf8', s, e);
    // Whitespace-only text is no text for the general path's parser; values are trimmed.
    try {
      text = decodeEntities(text).trim();
    } catch {
      return undefined;
    }
    return { value: text ? Buffer.from(csvText(text), 'utf8') : [s, s], next };
  }
}

/** Whether a value is the empty text (always kept as an empty byte range). */
function empty(v: Buffer | [number, number]): boolean {
  return Array.isArray(v) && v[0] === v[1];
}

/** Whether `pattern` is at `b[p…]`. */
function at(b: Buffer, p: number, pattern: Buffer): boolean {
  const n = pattern.length;
  if (p + n > b.length) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== pattern[i]) return false;
  return true;
}
