// Parses one row element (already cut out by the scanner) into a small tree of named elements
// with their text. Two ways, same result: fast-xml-parser for anything, and a fast path for
// "plain" elements (only start/end tags and text, which is what data files mostly are) that
// is several times quicker than fast-xml-parser on them; anything the fast path does not
// recognise exactly falls back to fast-xml-parser, whose validator then names the error.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValueError } from '../load/values';
import { localName } from './xml-bytes';

export interface XmlEl {
  /** Local name (namespace prefix removed). */
  readonly name: string;
  readonly kids: XmlEl[];
  /** Text and CDATA directly inside, entities decoded, in document order. */
  text: string;
  /** First problem with the element's own text (e.g. an undefined entity). */
  bad?: string;
}

export class XmlElementError extends Error {
  /** Line within the element's text (1-based), when known. */
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function xmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Text with the five predefined entities and character references decoded. Any other entity
 * is an error: DOCTYPE entities are never expanded (no XXE, no "billion laughs").
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;)?/g, (_m, ref: string | undefined, semi: string | undefined) => {
    if (!ref || !semi) throw new ValueError("an entity reference after '&' (a literal & is written &amp;)");
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!xmlChar(cp)) throw new ValueError(`a valid character reference, got &${ref};`);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) {
      throw new ValueError(`only &lt; &gt; &amp; &quot; &apos; or character references, got the undefined entity &${ref}; (DOCTYPE entities are never expanded)`);
    }
    return v;
  });
}

function addText(el: XmlEl, raw: string): void {
  try {
    el.text += decodeEntities(raw);
  } catch (e) {
    el.bad ??= (e as Error).message;
  }
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
// Tag names seen so far, by a hash of their bytes: a data file repeats a handful of names
// millions of times, and making a string of each one is much of the fast path's garbage.
const knownNames = new Map<number, { name: string; local: string }>();

/** The tag name in bytes [s, e) and its local name, or undefined when it is not a plain ASCII XML name. */
function tagName(buf: Buffer, s: number, e: number): { name: string; local: string } | undefined {
  let h = e - s;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
  const hit = knownNames.get(h);
  if (hit && hit.name.length === e - s) {
    let k = 0;
    while (k < hit.name.length && hit.name.charCodeAt(k) === buf[s + k]) k++;
    if (k === hit.name.length) return hit;
  }
  const name = buf.toString('latin1', s, e);
  if (!NAME.test(name)) return undefined;
  const entry = { name, local: localName(name) };
  if (knownNames.size < 10_000) knownNames.set(h, entry);
  return entry;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The fast path, on the element's UTF-8 bytes (already checked to be valid UTF-8); undefined
 * when they are anything but start tags without attributes, end tags and text. Each text is
 * decoded on its own, so a value does not keep the whole element's text alive in memory.
 * Whitespace-only text is skipped: values are trimmed anyway.
 */
export function parsePlainElement(buf: Buffer): XmlEl | undefined {
  const root: XmlEl = { name: '', kids: [], text: '' };
  const stack: XmlEl[] = [root];
  const names: string[] = [];
  const len = buf.length;
  let i = 0;
  while (i < len) {
    if (buf[i] !== 0x3c) {
      let end = i;
      let blank = true;
      for (; end < len; end++) {
        const b = buf[end];
        if (b === 0x3c) break;
        if (blank && !isSpace(b)) blank = false;
      }
      if (!blank) {
        if (stack.length === 1) return undefined;
        addText(stack[stack.length - 1], buf.toString('utf8', i, end));
      }
      i = end;
      continue;
    }
    let gt = i + 1;
    while (gt < len && buf[gt] !== 0x3e) gt++;
    if (gt >= len) return undefined;
    const closing = buf[i + 1] === 0x2f;
    const s = closing ? i + 2 : i + 1;
    let e = gt;
    const selfClosing = !closing && buf[e - 1] === 0x2f;
    if (selfClosing) e--;
    while (e > s && isSpace(buf[e - 1])) e--;
    const tag = tagName(buf, s, e);
    if (tag === undefined) return undefined;
    const name = tag.name;
    if (closing) {
      if (names[names.length - 1] !== name) return undefined;
      names.pop();
      stack.pop();
    } else {
      const el: XmlEl = { name: tag.local, kids: [], text: '' };
      stack[stack.length - 1].kids.push(el);
      if (!selfClosing) { stack.push(el); names.push(name); }
    }
    i = gt + 1;
  }
  if (names.length || root.kids.length !== 1) return undefined;
  return root.kids[0];
}

const parser = new XMLParser({
  preserveOrder: true, // keeps text and CDATA of one value in order
  processEntities: false, // decoded by decodeEntities, which knows no DOCTYPE entities
  htmlEntities: false,
  ignoreAttributes: true,
  removeNSPrefix: true, // <ns:customer_id> is customer_id
  parseTagValue: false, // ids like 007 stay text
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
});

type FxpNode = Record<string, unknown>;

function convert(name: string, nodes: FxpNode[]): XmlEl {
  const el: XmlEl = { name, kids: [], text: '' };
  for (const n of nodes) {
    const k = Object.keys(n).find((x) => x !== ':@');
    if (k === undefined) continue;
    const v = n[k];
    if (k === '#text') addText(el, String(v));
    else if (k === '#cdata') for (const t of v as FxpNode[]) el.text += String(t['#text'] ?? '');
    else if (Array.isArray(v)) el.kids.push(convert(k, v as FxpNode[]));
  }
  return el;
}

/** fast-xml-parser, validated first; throws XmlElementError naming the line (1-based in `text`). */
export function parseElementWithFxp(text: string): XmlEl {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlElementError(valid.err.msg, valid.err.line);
  let tree: FxpNode[];
  try {
    tree = parser.parse(text) as FxpNode[];
  } catch (e) {
    throw new XmlElementError(`malformed XML: ${(e as Error).message}`);
  }
  const root = convert('', tree);
  if (root.kids.length !== 1) throw new XmlElementError(`expected one element, got ${root.kids.length}`);
  return root.kids[0];
}

/** The element's tree (from valid UTF-8 bytes): the fast path when it applies, fast-xml-parser otherwise. */
export function parseElement(bytes: Buffer, plain: boolean): XmlEl {
  return (plain && parsePlainElement(bytes)) || parseElementWithFxp(bytes.toString('utf8'));
}
