// Snowflake expression/query text -> DuckDB text, over the token tree. What it rewrites:
//  - identifiers: unquoted ones fold to upper case and every identifier is emitted quoted, so
//    DuckDB keeps exactly the name Snowflake resolved;
//  - VARIANT paths `x:a.b[0]`, `x['k']`, `f(…)[0]:answer` -> json_extract with a JSON path (path
//    keys keep their case, as in Snowflake);
//  - `::T` casts (see types.ts), binds (inlined as literals), string literals (already decoded by
//    the lexer, re-emitted in DuckDB's quoting);
//  - a VARIANT compared with a string literal compares JSON with JSON (Snowflake casts the string
//    to VARIANT);
//  - function calls through functions.ts (an allow-list: anything else is "Unknown function").
import type { SessionContext } from '../engine-api';
import { invalidIdentifier, syntaxError } from './errors';
import { callFunction } from './functions';
import { quoteIdent, sqlString, type Token } from './tokens';
import { isGroup, isOp, isTok, isWord, type Group, type Node } from './tree';
import { castExpr, readType } from './types';

export interface TranslateContext {
  readonly sql: string;
  readonly binds: readonly unknown[];
  bindIndex: number;
  /** Text for `<db>.INFORMATION_SCHEMA.<view>` (a subquery), or undefined when unknown. */
  readonly informationSchema: (database: string | undefined, view: string) => string | undefined;
  /** For CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE() … */
  readonly session: SessionContext;
  /** Text for RESULT_SCAN('<query id>') (a subquery). */
  readonly resultScan: (queryId: string) => string;
}

/** Words DuckDB must see as keywords (everything else not followed by `(` is an identifier). */
const KEYWORDS = new Set(`SELECT FROM WHERE GROUP BY ORDER HAVING QUALIFY LIMIT OFFSET AS ON USING JOIN LEFT RIGHT FULL
INNER OUTER CROSS NATURAL LATERAL UNION ALL DISTINCT INTERSECT EXCEPT MINUS WITH RECURSIVE AND OR NOT NULL TRUE FALSE IS
IN LIKE ILIKE RLIKE BETWEEN EXISTS CASE WHEN THEN ELSE END ASC DESC NULLS FIRST LAST OVER PARTITION ROWS RANGE UNBOUNDED
PRECEDING FOLLOWING CURRENT ROW INTERVAL FILTER INSERT INTO VALUES UPDATE SET DELETE CREATE TABLE VIEW REPLACE IF
TEMPORARY TEMP DEFAULT PRIMARY ANY SOME ESCAPE WITHIN TABLE`.split(/\s+/));

/** Keywords that stand for a value. */
const VALUE_KEYWORDS: Record<string, string> = {
  CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP', CURRENT_DATE: 'CURRENT_DATE', LOCALTIMESTAMP: 'LOCALTIMESTAMP',
};


export function bindLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `TIMESTAMP ${sqlString(value.toISOString().replace('T', ' ').replace('Z', ''))}`;
  if (typeof value === 'object') return `CAST(${sqlString(JSON.stringify(value))} AS JSON)`;
  return sqlString(String(value));
}

function nextBind(t: Token, ctx: TranslateContext): string {
  if (t.value === '?') {
    if (ctx.bindIndex >= ctx.binds.length) throw new Error(`bind variable ${ctx.bindIndex + 1} not set`);
    return bindLiteral(ctx.binds[ctx.bindIndex++]);
  }
  if (/^\d+$/.test(t.value)) {
    const i = Number(t.value) - 1;
    if (i < 0 || i >= ctx.binds.length) throw new Error(`bind variable :${t.value} not set`);
    return bindLiteral(ctx.binds[i]);
  }
  throw invalidIdentifier(`:${t.raw.slice(1)}`);
}

/** A JSON path segment for a key as written after `:` or `.` in a VARIANT path. */
const keySegment = (key: string) => `."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

interface Operand { text: string; next: number; variant: boolean }

/** Reads a dotted identifier chain at i (words / quoted identifiers). */
function readChain(items: readonly Node[], i: number): { parts: Token[]; next: number } | undefined {
  const first = items[i];
  if (!isTok(first) || (first.kind !== 'word' && first.kind !== 'qident')) return undefined;
  if (first.kind === 'word' && KEYWORDS.has(first.value) && !VALUE_KEYWORDS[first.value]) return undefined;
  const parts = [first];
  let j = i + 1;
  while (isOp(items[j], '.') && isTok(items[j + 1]) && ((items[j + 1] as Token).kind === 'word' || (items[j + 1] as Token).kind === 'qident')) {
    parts.push(items[j + 1] as Token);
    j += 2;
  }
  return { parts, next: j };
}

function readOperand(items: readonly Node[], i: number, ctx: TranslateContext): Operand | undefined {
  const n = items[i];
  if (isTok(n)) {
    if (n.kind === 'string') return { text: sqlString(n.value), next: i + 1, variant: false };
    if (n.kind === 'number') return { text: n.value, next: i + 1, variant: false };
    if (n.kind === 'bind') return { text: nextBind(n, ctx), next: i + 1, variant: false };
    // Typed literals: DATE '2024-01-01', TIMESTAMP '…', TIME '…'.
    const lit = items[i + 1];
    if (n.kind === 'word' && ['DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ'].includes(n.value) && isTok(lit) && lit.kind === 'string') {
      return { text: `CAST(${sqlString(lit.value)} AS ${readType(items, i, ctx.sql).type.duckdb})`, next: i + 2, variant: false };
    }
    // NULL / TRUE / FALSE take postfixes too (NULL::TIMESTAMP_LTZ).
    if (n.kind === 'word' && (n.value === 'NULL' || n.value === 'TRUE' || n.value === 'FALSE')) return { text: n.value, next: i + 1, variant: false };
    const chain = readChain(items, i);
    if (!chain) return undefined;
    const prev = items[i - 1];
    const call = items[chain.next];
    if (isGroup(call, '(') && !isWord(prev, 'AS')) {
      const name = chain.parts.map((p) => p.value).join('.');
      const after = chain.next + 1;
      const r = callFunction(name, call, items, after, ctx);
      return { text: r.text, next: r.next, variant: r.variant };
    }
    if (chain.parts.length === 1 && chain.parts[0].kind === 'word' && VALUE_KEYWORDS[chain.parts[0].value]) {
      return { text: VALUE_KEYWORDS[chain.parts[0].value], next: chain.next, variant: false };
    }
    const names = chain.parts.map((p) => p.value);
    const infoAt = names.indexOf('INFORMATION_SCHEMA');
    if (infoAt >= 0 && infoAt === names.length - 2) {
      const sub = ctx.informationSchema(infoAt > 0 ? names[infoAt - 1] : undefined, names[names.length - 1]);
      if (sub) return { text: sub, next: chain.next, variant: false };
    }
    return { text: names.map(quoteIdent).join('.'), next: chain.next, variant: false };
  }
  if (isGroup(n, '(')) return { text: `(${translateNodes(n.items, ctx)})`, next: i + 1, variant: false };
  if (isGroup(n, '{')) return { text: objectLiteral(n, ctx), next: i + 1, variant: true };
  return undefined;
}

/** Snowflake object constant {'k': v, …}. */
function objectLiteral(g: Group, ctx: TranslateContext): string {
  const parts: string[] = [];
  let cur: Node[] = [];
  const flush = () => {
    if (cur.length === 0) return;
    const colon = cur.findIndex((x) => isOp(x, ':'));
    if (colon < 0) throw syntaxError(ctx.sql, g.pos, "unexpected '}'");
    parts.push(translateNodes(cur.slice(0, colon), ctx), translateNodes(cur.slice(colon + 1), ctx));
    cur = [];
  };
  for (const x of g.items) { if (isOp(x, ',')) flush(); else cur.push(x); }
  flush();
  return `json_object(${parts.join(', ')})`;
}

/** Applies `:path`, `[i]` and `::T` postfixes to an operand. */
function postfixes(items: readonly Node[], op: Operand, ctx: TranslateContext): Operand {
  let { text, next, variant } = op;
  for (;;) {
    const n = items[next];
    if (isOp(n, ':')) {
      let path = '$';
      let j = next + 1;
      const key = items[j];
      if (!isTok(key) || (key.kind !== 'word' && key.kind !== 'qident')) throw syntaxError(ctx.sql, isTok(n) ? n.pos : 0, "unexpected ':'");
      path += keySegment(key.kind === 'word' ? key.raw : key.value);
      j++;
      for (;;) {
        const seg = items[j];
        if (isOp(seg, '.') && isTok(items[j + 1]) && ['word', 'qident'].includes((items[j + 1] as Token).kind)) {
          const k = items[j + 1] as Token;
          path += keySegment(k.kind === 'word' ? k.raw : k.value);
          j += 2;
        } else if (isGroup(seg, '[')) { path += subscriptSegment(seg, ctx); j++; } else break;
      }
      text = `json_extract(${text}, ${sqlString(path)})`;
      variant = true;
      next = j;
    } else if (isGroup(n, '[')) {
      text = `json_extract(${text}, ${sqlString('$' + subscriptSegment(n, ctx))})`;
      variant = true;
      next++;
    } else if (isOp(n, '::')) {
      const t = readType(items, next + 1, ctx.sql);
      text = castExpr(text, t.type);
      variant = t.type.semiStructured;
      next = t.next;
    } else return { text, next, variant };
  }
}

/** A chain of * / % after an operand, left to right as SQL binds them. A quotient is Snowflake's
 *  exact NUMBER quotient (sf_div, arithmetic.ts), not DuckDB's DOUBLE. */
function multiplicative(items: readonly Node[], first: Operand, ctx: TranslateContext): Operand {
  let cur = first;
  while (isOp(items[cur.next], '*', '/', '%')) {
    const op = (items[cur.next] as Token).value;
    const right = readOperand(items, cur.next + 1, ctx);
    if (!right) break;
    const r = postfixes(items, right, ctx);
    const a = cur.text;
    const text = op !== '/' ? `(${a} ${op} ${r.text})` : `sf_div(${a}, ${r.text})`;
    cur = { text, next: r.next, variant: false };
  }
  return cur;
}

function subscriptSegment(g: Group, ctx: TranslateContext): string {
  const [only] = g.items;
  if (g.items.length === 1 && isTok(only) && only.kind === 'number') return `[${only.value}]`;
  if (g.items.length === 1 && isTok(only) && only.kind === 'string') return keySegment(only.value);
  throw syntaxError(ctx.sql, g.pos, "unexpected '['");
}

/** Translates a sequence of nodes (an expression, a query, a clause). */
export function translateNodes(items: readonly Node[], ctx: TranslateContext): string {
  const out: string[] = [];
  let i = 0;
  while (i < items.length) {
    const operand = readOperand(items, i, ctx);
    if (operand) {
      const op = multiplicative(items, postfixes(items, operand, ctx), ctx);
      out.push(op.text);
      i = op.next;
      // VARIANT = 'text': Snowflake compares as VARIANT, so the literal becomes a JSON string.
      const cmp = items[i];
      const lit = items[i + 1];
      if (op.variant && isOp(cmp, '=', '<>', '!=') && isTok(lit) && lit.kind === 'string') {
        out.push(cmp.value, `to_json(${sqlString(lit.value)})`);
        i += 2;
      }
      continue;
    }
    const n = items[i];
    if (isGroup(n)) {
      // '(' after a keyword (IN (…), EXISTS (…), OVER (…) …); '[' / '{' are handled as operands.
      out.push(`(${translateNodes(n.items, ctx)})`);
    } else if (n.kind === 'word') {
      if (n.value === 'TABLE' && isGroup(items[i + 1], '(')) {
        // TABLE(FLATTEN(…)): the table function's text is already a subquery.
        out.push('LATERAL', translateNodes((items[i + 1] as Group).items, ctx));
        i += 2;
        continue;
      }
      out.push(KEYWORDS.has(n.value) ? n.value : quoteIdent(n.value));
    } else if (n.kind === 'op') {
      out.push(n.value === '!=' ? '<>' : n.value);
    } else out.push(n.raw);
    i++;
  }
  return out.join(' ');
}

