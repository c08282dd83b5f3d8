// Step SQL is written once with a few macros, `{{ name(arg, …) }}`, for the places where DuckDB
// and Snowflake differ (semi-structured data, AI functions, date formatting). Everything
// outside the braces is plain SQL that both engines accept. This file only parses; the
// dialects (dialect.ts) say what each macro becomes.

export interface MacroCall {
  readonly name: string;
  readonly args: string[];
  /** Offsets of the whole `{{ … }}` in the template. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

export class TemplateError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** Split on top-level commas, respecting parentheses, brackets and quotes. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      cur += ch;
      if (ch === quote) {
        if (text[i + 1] === quote) { cur += text[++i]; } else quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"') { quote = ch; cur += ch; continue; }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (quote) throw new Error(`unterminated ${quote} quote in macro arguments`);
  if (depth !== 0) throw new Error('unbalanced parentheses in macro arguments');
  if (cur.trim() || out.length) out.push(cur.trim());
  return out;
}

const CALL = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)$/;

export function findMacros(sql: string, file = '<sql>'): MacroCall[] {
  const out: MacroCall[] = [];
  let i = 0;
  while ((i = sql.indexOf('{{', i)) >= 0) {
    const line = sql.slice(0, i).split('\n').length;
    const close = sql.indexOf('}}', i);
    if (close < 0) throw new TemplateError(file, line, 'macro opened with {{ but never closed with }}');
    const body = sql.slice(i + 2, close).trim();
    const m = CALL.exec(body);
    if (!m) throw new TemplateError(file, line, `expected a macro call like {{ name(arg, …) }}, got {{ ${body} }}`);
    let args: string[];
    try {
      args = splitArgs(m[2]);
    } catch (e) {
      throw new TemplateError(file, line, `${m[1]}: ${(e as Error).message}`);
    }
    out.push({ name: m[1], args, start: i, end: close + 2, line });
    i = close + 2;
  }
  return out;
}

/** Replace every macro call with what `expand` returns for it. Macros do not nest: compute an
 *  inner value in a subquery or CTE and pass its column, which keeps each rendering readable. */
export function expandMacros(sql: string, file: string, expand: (call: MacroCall) => string): string {
  const calls = findMacros(sql, file);
  let out = '';
  let last = 0;
  for (const call of calls) {
    if (call.args.some((a) => a.includes('{{'))) throw new TemplateError(file, call.line, `${call.name}: macros do not nest; compute the inner value in a CTE`);
    out += sql.slice(last, call.start);
    out += expand(call);
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
