// Snowflake SQL lexer for the emulator's engine. It keeps Snowflake's lexical rules, which differ
// from DuckDB's: string literals take backslash escapes (\n, \t, \\, \', \0, \xhh, \uhhhh) as well
// as doubled quotes, $$…$$ is a string constant, unquoted identifiers fold to upper case, and
// `:` is both the VARIANT path operator and the bind marker.
import { syntaxError } from './errors';

export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'op' | 'bind';

export interface Token {
  readonly kind: TokenKind;
  /** word: upper-cased; qident: the name without quotes; string: the decoded value; op: the symbol;
   *  bind: '?' or the name/number after ':' */
  readonly value: string;
  /** The word as written (path keys after ':' keep their case). */
  readonly raw: string;
  /** Offset in the statement, for error positions. */
  readonly pos: number;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', "'": "'", '"': '"', '\\': '\\' };

/** Decodes one single-quoted literal starting at `start` (the quote). Returns value and end. */
function readString(sql: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\') {
      const next = sql[i + 1] ?? '';
      if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(sql.slice(i + 2, i + 4))) {
        out += String.fromCharCode(parseInt(sql.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        // Snowflake: any other escaped character stands for itself (e.g. \% is %).
        out += SIMPLE_ESCAPES[next] ?? next;
        i += 2;
      }
    } else if (ch === "'") {
      if (sql[i + 1] === "'") { out += "'"; i += 2; } else return { value: out, end: i + 1 };
    } else { out += ch; i++; }
  }
  throw syntaxError(sql, start, "unterminated string literal");
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, raw: string, pos: number) => tokens.push({ kind, value, raw, pos });
  while (i < sql.length) {
    const ch = sql[i];
    const rest2 = sql.slice(i, i + 2);
    if (/\s/.test(ch)) { i++; continue; }
    if (rest2 === '--' || rest2 === '//') { const nl = sql.indexOf('\n', i); i = nl < 0 ? sql.length : nl + 1; continue; }
    if (rest2 === '/*') { const end = sql.indexOf('*/', i + 2); if (end < 0) throw syntaxError(sql, i, 'unterminated comment'); i = end + 2; continue; }
    if (ch === "'") { const s = readString(sql, i); push('string', s.value, sql.slice(i, s.end), i); i = s.end; continue; }
    if (rest2 === '$$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) throw syntaxError(sql, i, 'unterminated $$ string');
      push('string', sql.slice(i + 2, end), sql.slice(i, end + 2), i);
      i = end + 2;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= sql.length) throw syntaxError(sql, i, 'unterminated quoted identifier');
        if (sql[j] === '"') { if (sql[j + 1] === '"') { name += '"'; j += 2; continue; } break; }
        name += sql[j++];
      }
      push('qident', name, sql.slice(i, j + 1), i);
      i = j + 1;
      continue;
    }
    const num = /^(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(sql.slice(i));
    if (num) { push('number', num[0], num[0], i); i += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i));
    if (word) { push('word', word[0].toUpperCase(), word[0], i); i += word[0].length; continue; }
    if (ch === '?') { push('bind', '?', '?', i); i++; continue; }
    if (ch === ':' && sql[i + 1] !== ':' && sql[i + 1] !== '=') {
      // `:name` is a bind unless it follows an operand (then it is a VARIANT path, handled by the
      // translator). Decide here from the previous token.
      const prev = tokens[tokens.length - 1];
      const afterOperand = prev !== undefined && (prev.kind === 'word' || prev.kind === 'qident' || prev.kind === 'number' || prev.kind === 'string' || prev.value === ')' || prev.value === ']')
        && !(prev.kind === 'word' && BIND_PRECEDERS.has(prev.value));
      const m = /^:([A-Za-z_][A-Za-z0-9_]*|\d+)/.exec(sql.slice(i));
      if (!afterOperand && m) { push('bind', m[1], m[0], i); i += m[0].length; continue; }
    }
    const op = ['::', '=>', '<=', '>=', '<>', '!=', '||', ':='].find((o) => sql.startsWith(o, i));
    if (op) { push('op', op, op, i); i += op.length; continue; }
    if ('(),.;:[]{}+-*/%=<>@$~|&^'.includes(ch)) { push('op', ch, ch, i); i++; continue; }
    throw syntaxError(sql, i, `unexpected '${ch}'`);
  }
  return tokens;
}

/** Keywords after which `:x` is a bind, not a path (`= :v`, `THEN :v`, `IN (:v)` …). */
const BIND_PRECEDERS = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'NOT', 'THEN', 'ELSE', 'WHEN', 'IN', 'IS', 'LIKE', 'AS', 'SET', 'VALUES', 'BY', 'ON', 'RETURN', 'HAVING', 'CASE', 'LIMIT', 'OFFSET', 'INTO', 'FROM']);

/** Splits the token list at top-level `;`. */
export function splitStatements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === ';') out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((s) => s.length > 0);
}

/** DuckDB text for a string value. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DuckDB text for an identifier (always quoted: the case Snowflake resolved is kept). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
