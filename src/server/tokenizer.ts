// A small SQL tokenizer for the language server: enough to find identifiers, dotted names,
// strings, comments and the `{{ … }}` macro braces of step SQL without a full parser. It never
// throws: an unterminated string or comment runs to the end of the text, and the caller reports
// what it finds odd. Offsets are UTF-16 code units, like LSP positions.

export type TokenKind = 'ident' | 'qident' | 'string' | 'number' | 'op' | 'comment';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Source text; for a quoted identifier the name without quotes. */
  readonly text: string;
  /** Lower-cased name of an identifier (SQL names compare case-insensitively here). */
  readonly lower: string;
}

// Multi-character operators first: `::` casts, `{{`/`}}` macro braces, `=>` named arguments.
const OPS = ['{{', '}}', '::', '||', '<=', '>=', '<>', '!=', '=>', ':=', '->', '->>'];

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export interface Tokenized {
  /** Code tokens, comments excluded. */
  readonly tokens: Token[];
  readonly comments: Token[];
  /** Strings or comments that never end (offset of their start). */
  readonly unterminated: number[];
}

export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  const comments: Token[] = [];
  const unterminated: number[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, name?: string) => {
    const t = name ?? text.slice(start, end);
    (kind === 'comment' ? comments : tokens).push({ kind, start, end, text: t, lower: kind === 'ident' || kind === 'qident' ? t.toLowerCase() : t });
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { i++; continue; }
    const start = i;
    if (c === 45 && text.charCodeAt(i + 1) === 45) { // -- line comment
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      push('comment', start, i);
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) { // /* block comment */
      const close = text.indexOf('*/', i + 2);
      if (close < 0) { unterminated.push(start); i = n; } else i = close + 2;
      push('comment', start, i);
      continue;
    }
    if (c === 39) { // 'string' with '' escapes
      i++;
      for (;;) {
        const q = text.indexOf("'", i);
        if (q < 0) { unterminated.push(start); i = n; break; }
        if (text.charCodeAt(q + 1) === 39) { i = q + 2; continue; }
        i = q + 1;
        break;
      }
      push('string', start, i);
      continue;
    }
    if (c === 36 && text.charCodeAt(i + 1) === 36) { // $$ Snowflake string $$
      const close = text.indexOf('$$', i + 2);
      if (close < 0) { unterminated.push(start); i = n; } else i = close + 2;
      push('string', start, i);
      continue;
    }
    if (c === 34 || c === 96) { // "quoted" or `quoted` identifier
      const quote = text[i];
      let name = '';
      i++;
      for (;;) {
        const q = text.indexOf(quote, i);
        if (q < 0) { unterminated.push(start); name += text.slice(i); i = n; break; }
        name += text.slice(i, q);
        if (text[q + 1] === quote) { name += quote; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      push('qident', start, i, name);
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      push('ident', start, i);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n && (isDigit(text.charCodeAt(i)) || text[i] === '.' || text[i] === 'e' || text[i] === 'E')) i++;
      push('number', start, i);
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    i += op ? op.length : 1;
    push('op', start, i);
  }
  return { tokens, comments, unterminated };
}

export const isName = (t: Token | undefined): t is Token => !!t && (t.kind === 'ident' || t.kind === 'qident');
export const isOp = (t: Token | undefined, op: string): boolean => !!t && t.kind === 'op' && t.text === op;
export const isWord = (t: Token | undefined, word: string): boolean => !!t && t.kind === 'ident' && t.lower === word;

/** Offsets of line starts, for offset <-> (line, character) conversion. */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

export function positionAt(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function offsetAt(starts: readonly number[], textLength: number, pos: { line: number; character: number }): number {
  if (pos.line >= starts.length) return textLength;
  return Math.min(starts[pos.line] + pos.character, pos.line + 1 < starts.length ? starts[pos.line + 1] : textLength);
}
