// Step SQL is written once with a few macros, `{{ name(arg, …) }}`, for the places where DuckDB
// and Snowflake differ (semi-structured data, AI functions, date formatting). Everything
// outside the braces is plain SQL that both engines accept. This file only parses; the
// dialects (dialect.ts) say what each macro becomes. The language server reads the same parse
// (positions and errors included), so the editor and the renderer cannot disagree on the grammar.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface MacroCall extends Span {
  readonly name: string;
  readonly args: string[];
  /** `start`/`end`: offsets of the whole `{{ … }}` (of `name(…)` for a call inside an argument). */
  readonly line: number;
  /** 1-based, of `start`. */
  readonly column: number;
  readonly nameSpan: Span;
  /** Offsets of each argument, trimmed. */
  readonly argSpans: readonly Span[];
  /** Per argument: the call it consists of, `array_agg(object('K', v), k)` has object(…) first. */
  readonly argCalls: readonly (MacroCall | undefined)[];
}

export class TemplateError extends Error {
  /** Offsets in the template the error is about, when known (the renderer's own checks add the macro's). */
  readonly span?: Span;
  constructor(readonly file: string, readonly line: number, readonly reason: string, span?: Span) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TemplateError';
    this.span = span;
  }
}

interface ArgSpan extends Span {
  readonly text: string;
}

/** Split on top-level commas, respecting parentheses, brackets and quotes; `base` offsets the spans. */
function splitArgSpans(text: string, base: number): ArgSpan[] {
  const out: ArgSpan[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = 0;
  const push = (to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    out.push({ text: t, start: base + from + lead, end: base + from + lead + t.length });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        if (text[i + 1] === quote) i++; else quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"') { quote = ch; continue; }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) { push(i); from = i + 1; }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in macro arguments`);
  if (depth !== 0) throw new Error('unbalanced parentheses in macro arguments');
  if (text.slice(from).trim() || out.length) push(text.length);
  return out;
}

export function splitArgs(text: string): string[] {
  return splitArgSpans(text, 0).map((a) => a.text);
}

const CALL = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/;

/** Line starts, for offset -> line/column. */
function lineStarts(sql: string): number[] {
  const starts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** `name(args)` at `start` (already trimmed), or undefined when the text is not one call. */
function parseCall(text: string, start: number, end: number, starts: number[]): MacroCall | undefined {
  const m = CALL.exec(text);
  if (!m) return undefined;
  const argsStart = start + text.indexOf('(') + 1;
  const spans = splitArgSpans(m[2], argsStart);
  const argCalls = spans.map((a) => {
    try { return parseCall(a.text, a.start, a.end, starts); } catch { return undefined; }
  });
  const at = lineOf(starts, start);
  return { name: m[1], args: spans.map((a) => a.text), start, end, ...at, nameSpan: { start, end: start + m[1].length }, argSpans: spans, argCalls };
}

export interface ParsedTemplate {
  readonly calls: MacroCall[];
  /** Every problem found, in order; parsing goes on after each. */
  readonly errors: TemplateError[];
}

export function parseTemplate(sql: string, file = '<sql>'): ParsedTemplate {
  const starts = lineStarts(sql);
  const calls: MacroCall[] = [];
  const errors: TemplateError[] = [];
  const fail = (start: number, end: number, reason: string) => errors.push(new TemplateError(file, lineOf(starts, start).line, reason, { start, end }));
  let i = 0;
  for (;;) {
    const open = sql.indexOf('{{', i);
    const stray = sql.indexOf('}}', i);
    if (stray >= 0 && (open < 0 || stray < open)) { fail(stray, stray + 2, '"}}" without an opening "{{"'); i = stray + 2; continue; }
    if (open < 0) break;
    const close = sql.indexOf('}}', open + 2);
    const next = sql.indexOf('{{', open + 2);
    if (close < 0) { fail(open, open + 2, 'macro opened with {{ but never closed with }}'); break; }
    if (next >= 0 && next < close) {
      fail(open, open + 2, 'macro opened with {{ but not closed with }} before the next {{ (macros do not nest: compute an inner value in a CTE)');
      i = next;
      continue;
    }
    i = close + 2;
    const inner = sql.slice(open + 2, close);
    const body = inner.trim();
    const bodyStart = open + 2 + (inner.length - inner.trimStart().length);
    let call: MacroCall | undefined;
    try {
      call = parseCall(body, bodyStart, bodyStart + body.length, starts);
    } catch (e) {
      fail(open, close + 2, `${CALL.exec(body)?.[1]}: ${(e as Error).message}`);
      continue;
    }
    if (!call) {
      const flat = body.replace(/\s+/g, ' ');
      fail(open, close + 2, `expected a macro call like {{ name(arg, …) }}, got {{ ${flat.length > 60 ? `${flat.slice(0, 57)}…` : flat} }}`);
      continue;
    }
    calls.push({ ...call, start: open, end: close + 2, ...lineOf(starts, open) });
  }
  return { calls, errors };
}

/** The macro calls of a template; throws its first error. */
export function findMacros(sql: string, file = '<sql>'): MacroCall[] {
  const { calls, errors } = parseTemplate(sql, file);
  if (errors.length) throw errors[0];
  return calls;
}

/** Replace every macro call with what `expand` returns for it. Macros do not nest: compute an
 *  inner value in a subquery or CTE and pass its column, which keeps each rendering readable. */
export function expandMacros(sql: string, file: string, expand: (call: MacroCall) => string): string {
  let out = '';
  let last = 0;
  for (const call of findMacros(sql, file)) {
    out += sql.slice(last, call.start);
    try {
      out += expand(call);
    } catch (e) {
      // The dialect's checks know the line; the editor also wants the macro's range.
      if (e instanceof TemplateError && !e.span) throw new TemplateError(e.file, e.line, e.reason, call);
      throw e;
    }
    last = call.end;
  }
  return out + sql.slice(last);
}

/** A quoted string argument's value ('Battery Life' -> Battery Life). */
export function stringArg(arg: string, call: MacroCall, file: string): string {
  const m = /^'((?:[^']|'')*)'$/.exec(arg);
  if (!m) throw new TemplateError(file, call.line, `${call.name}: expected a quoted string argument, got ${arg}`);
  return m[1].replace(/''/g, "'");
}
