// A small Snowflake lexer for the server side: enough to split a request or a procedure body
// into statements and to find variables, keywords and `$$` bodies without being fooled by
// string literals (Snowflake reads backslash escapes in them), quoted identifiers, `$$` blocks
// and comments. The SQL itself is the engine's to parse.

export interface Piece {
  /** The text of the piece, trimmed. */
  readonly text: string;
  /** 1-based line of the piece's first character in the whole input. */
  readonly line: number;
  /** 1-based column of the piece's first character. */
  readonly column: number;
}

/** Index just past the literal, quoted identifier, `$$` block or comment starting at i (or i). */
export function skipOpaque(s: string, i: number): number {
  const c = s[i];
  if (c === "'") {
    let j = i + 1;
    while (j < s.length) {
      if (s[j] === '\\') j += 2;
      else if (s[j] === "'" && s[j + 1] === "'") j += 2;
      else if (s[j] === "'") return j + 1;
      else j++;
    }
    return s.length;
  }
  if (c === '"') {
    const end = s.indexOf('"', i + 1);
    return end < 0 ? s.length : end + 1;
  }
  if (c === '$' && s[i + 1] === '$') {
    const end = s.indexOf('$$', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  if (c === '-' && s[i + 1] === '-') {
    const end = s.indexOf('\n', i);
    return end < 0 ? s.length : end;
  }
  if (c === '/' && s[i + 1] === '*') {
    const end = s.indexOf('*/', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  return i;
}

/**
 * Walks the code of `s` from `from`: each literal, quoted identifier, `$$` block or comment goes
 * whole to `opaque(start, end)`; at every other index `code(i)` runs and returns the index to go
 * on at (i + 1 for one character; s.length or more ends the walk).
 */
export function walkCode(s: string, code: (i: number) => number, opaque?: (start: number, end: number) => void, from = 0): void {
  let i = from;
  while (i < s.length) {
    const j = skipOpaque(s, i);
    if (j > i) {
      opaque?.(i, j);
      i = j;
    } else i = code(i);
  }
}

const isComment = (s: string, i: number) => (s[i] === '-' && s[i + 1] === '-') || (s[i] === '/' && s[i + 1] === '*');

/** Splits at `;` outside literals, identifiers, `$$` bodies, comments; drops empty pieces. */
export function splitStatements(s: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = s.slice(start, end);
    const text = stripComments(raw).trim() ? raw.trim() : '';
    if (text) {
      const at = start + raw.indexOf(text[0]);
      const before = s.slice(0, at);
      const line = before.split('\n').length;
      out.push({ text, line, column: at - before.lastIndexOf('\n') });
    }
  };
  walkCode(s, (i) => {
    if (s[i] === ';') {
      push(i);
      start = i + 1;
    }
    return i + 1;
  });
  push(s.length);
  return out;
}

/** The text with comments removed (literals kept). */
export function stripComments(s: string): string {
  let out = '';
  walkCode(s, (i) => {
    out += s[i];
    return i + 1;
  }, (start, end) => {
    out += isComment(s, start) ? ' ' : s.slice(start, end);
  });
  return out;
}

/** The statement with leading comments removed: what its first keyword is judged on. */
export function leadingCode(s: string): string {
  return stripComments(s).trim();
}

/** Replaces identifiers outside literals/comments for which `replace` returns a text. `prev` is
 * the last non-space character before the identifier, `next` the first after it. */
export function mapIdentifiers(s: string, replace: (word: string, prev: string, next: string, colon: boolean) => string | undefined): string {
  let out = '';
  walkCode(s, (i) => {
    const colon = s[i] === ':' && s[i + 1] !== ':' && s[i - 1] !== ':' && /[A-Za-z_]/.test(s[i + 1] ?? '');
    const startsWord = /[A-Za-z_]/.test(s[i]) && !/[A-Za-z0-9_$]/.test(s[i - 1] ?? '');
    if (colon || startsWord) {
      const from = colon ? i + 1 : i;
      let k = from;
      while (k < s.length && /[A-Za-z0-9_$]/.test(s[k])) k++;
      const word = s.slice(from, k);
      const prev = /\S(?=\s*$)/.exec(s.slice(0, i))?.[0] ?? '';
      const next = /^\s*(\S)/.exec(s.slice(k))?.[1] ?? '';
      out += replace(word, prev, next, colon) ?? s.slice(i, k);
      return k;
    }
    out += s[i];
    return i + 1;
  }, (start, end) => {
    out += s.slice(start, end);
  });
  return out;
}

/** Splits at top-level commas (outside parentheses, brackets, braces and literals). */
export function splitTopLevel(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  walkCode(s, (i) => {
    const c = s[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
    return i + 1;
  });
  const last = s.slice(start).trim();
  if (last || out.length) out.push(last);
  return out;
}

/** A Snowflake identifier as the catalog stores it: unquoted upper-cased, quoted kept. */
export function normalizeIdent(part: string): string {
  const p = part.trim();
  return p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toUpperCase();
}

/** `a.b."c"` -> ['A', 'B', 'c'] (dots inside quotes kept). */
export function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of name.trim()) {
    if (ch === '"') quoted = !quoted;
    if (ch === '.' && !quoted) {
      parts.push(normalizeIdent(cur));
      cur = '';
    } else cur += ch;
  }
  parts.push(normalizeIdent(cur));
  return parts;
}

/** The `$$ … $$` body in a CREATE PROCEDURE / FUNCTION, or a single-quoted one. */
export function dollarBody(sql: string): string | undefined {
  const m = /\bAS\s*\$\$([\s\S]*)\$\$\s*$/i.exec(sql);
  return m?.[1];
}
