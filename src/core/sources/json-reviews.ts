// product_reviews.json -> BRONZE_PRODUCT_REVIEWS. The file is one JSON array of review objects
// (Snowflake's STRIP_OUTER_ARRAY); it is streamed element by element (json-splitter.ts), each
// element parsed on its own, so a bad record becomes one reject and a large file never sits
// in memory as one parsed value.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TableDef } from '../manifest';
import type { Partition } from '../load/bronze-writer';
import { canonicalRow } from '../load/values';
import { BatchBuilder } from './batches';
import { SourceFileError } from './csv';
import { JsonArraySplitter, type JsonElement } from './json-splitter';

const CHUNK = 1 << 20;
const MAX_RAW = 4000;

/**
 * The first key that occurs twice in one object of `text` (valid JSON), if any. JSON.parse
 * silently keeps the last value, which would load data nobody can see was overwritten.
 */
export function duplicateKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (;; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) { j++; escaped = true; } else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top && expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) { stack.push(new Set()); expectKey = true; }
    else if (c === 0x5b) { stack.push(null); expectKey = false; }
    else if (c === 0x7d || c === 0x5d) { stack.pop(); expectKey = false; }
    else if (c === 0x2c) expectKey = stack[stack.length - 1] != null;
  }
  return undefined;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : typeof v} ${String(v)}`;
}

const TEXT_FIELDS = ['review_id', 'product_id', 'customer_id', 'title', 'content', 'date', 'review_date'];
/** Every key of a review object that the load reads; any other key is ignored (but checked for duplicates). */
export const REVIEW_KEYS: readonly string[] = [...TEXT_FIELDS, 'rating', 'verified_purchase', 'helpful_votes', 'aspects'];

/** Why the fields of a review have the wrong JSON types, if they do (missing/null is fine). */
function typeProblem(o: Record<string, unknown>): string | undefined {
  const has = (k: string) => o[k] !== undefined && o[k] !== null;
  for (const k of TEXT_FIELDS) if (has(k) && typeof o[k] !== 'string') return `field ${k}: expected a string, got ${kind(o[k])}`;
  if (has('rating') && typeof o.rating !== 'number') return `field rating: expected a number, got ${kind(o.rating)}`;
  if (has('helpful_votes') && !Number.isInteger(o.helpful_votes)) return `field helpful_votes: expected a whole number, got ${kind(o.helpful_votes)}`;
  if (has('verified_purchase') && typeof o.verified_purchase !== 'boolean') return `field verified_purchase: expected true or false, got ${kind(o.verified_purchase)}`;
  if (has('aspects')) {
    if (!Array.isArray(o.aspects)) return `field aspects: expected an array of {name, rating}, got ${kind(o.aspects)}`;
    for (const [k, a] of (o.aspects as unknown[]).entries()) {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return `field aspects[${k}]: expected an object {name, rating}, got ${kind(a)}`;
      const { name, rating } = a as Record<string, unknown>;
      if (typeof name !== 'string') return `field aspects[${k}].name: expected a string, got ${kind(name)}`;
      if (rating !== undefined && rating !== null && typeof rating !== 'number') return `field aspects[${k}].rating: expected a number, got ${kind(rating)}`;
    }
  }
  return undefined;
}

/** "…at position 12…" from JSON.parse, as a line of the file. */
function parseErrorLine(message: string, text: string, firstLine: number): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  let line = firstLine;
  const end = Math.min(Number(m[1]), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return ` (line ${line})`;
}

/** One element as a row or a reject of `out`; the direct load (load/json-direct.ts) uses it too. */
export function addElement(el: JsonElement, file: string, def: TableDef, decoder: TextDecoder, out: Pick<BatchBuilder, 'addRow' | 'addReject'>): void {
  const record = `record ${el.index} (line ${el.line})`;
  let raw: string | undefined;
  const reject = (reason: string): void => {
    raw ??= el.bytes.toString('utf8');
    out.addReject({ source: file, record, raw: raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw, reason });
  };
  if (el.problem) return reject(el.problem);
  let text: string;
  try {
    text = decoder.decode(el.bytes).trim();
  } catch {
    return reject('invalid UTF-8 bytes in the record: expected UTF-8 text');
  }
  raw = text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    return reject(`not valid JSON${parseErrorLine(msg, text, el.line)}: ${msg}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject(`expected a review object {"review_id": …}, got ${kind(value)}`);
  }
  const dup = duplicateKey(text);
  if (dup !== undefined) return reject(`duplicate key ${JSON.stringify(dup)}: expected each key once in an object`);
  const o = value as Record<string, unknown>;
  const wrong = typeProblem(o);
  if (wrong) return reject(wrong);
  const r = canonicalRow(def, {
    review_id: o.review_id, product_id: o.product_id, customer_id: o.customer_id, rating: o.rating,
    title: o.title, content: o.content, review_date: o.date ?? o.review_date,
    verified_purchase: o.verified_purchase, helpful_votes: o.helpful_votes, aspects: o.aspects,
  });
  if (r.ok) out.addRow(r.values);
  else reject(r.reason);
}

export async function* readReviewsJson(path: string, def: TableDef): Partition {
  const file = basename(path);
  try {
    statSync(path);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SourceFileError(file, '', `${missing ? `${path} does not exist` : `cannot read ${path} (${(e as Error).message})`}: expected a JSON array of review objects`);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new JsonArraySplitter(file);
  const out = new BatchBuilder();
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    for (const el of splitter.push(chunk)) {
      addElement(el, file, def, decoder, out);
      if (out.full) yield out.take()!;
    }
  }
  for (const el of splitter.end()) addElement(el, file, def, decoder, out);
  const last = out.take();
  if (last) yield last;
}
