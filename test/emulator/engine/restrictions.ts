// Statements DuckDB would run but Snowflake refuses, refused here with Snowflake's error so the
// emulator does not hide a defect of the plan (and, below, quoted table names of the wrong case):
//  - a correlated EXISTS subquery anywhere but a WHERE clause (SELECT list, CASE, ON, HAVING …):
//    Snowflake evaluates correlated EXISTS only as a filter ("Unsupported subquery type cannot
//    be evaluated", 002031).
import { objectDoesNotExist, unsupportedSubquery } from './errors';
import type { Token } from './tokens';
import { flatTokens, isGroup, isOp, isTok, isWord, type Group, type Node } from './tree';

const CLAUSES = ['SELECT', 'WHERE', 'HAVING', 'QUALIFY', 'ON', 'FROM', 'GROUP', 'ORDER', 'JOIN', 'SET', 'VALUES', 'LIMIT'];

/** Names a subquery defines for itself: its FROM/JOIN tables and their aliases, CTE names. */
function innerNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t.kind === 'word' && (t.value === 'FROM' || t.value === 'JOIN' || t.value === 'AS')) || (t.kind === 'op' && t.value === ',')) {
      const n = tokens[i + 1];
      if (n && (n.kind === 'word' || n.kind === 'qident')) names.add(n.value);
    }
    // alias without AS: FROM t x
    if ((t.kind === 'word' || t.kind === 'qident') && i > 0 && tokens[i - 1].kind !== 'op' && (tokens[i - 1].value === 'FROM' || tokens[i - 1].value === 'JOIN')) {
      const a = tokens[i + 1];
      if (a && (a.kind === 'word' || a.kind === 'qident')) names.add(a.value);
    }
  }
  return names;
}

/** True when the subquery refers to a qualifier (x.col) it does not define itself. */
function isCorrelated(g: Group): boolean {
  const tokens = flatTokens(g.items);
  const own = innerNames(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if ((t.kind === 'word' || t.kind === 'qident') && tokens[i + 1].kind === 'op' && tokens[i + 1].value === '.' && !own.has(t.value)) {
      const prev = tokens[i - 1];
      // db.schema.table chains: only the first part of a FROM name; skip parts after a dot.
      if (prev && prev.kind === 'op' && prev.value === '.') continue;
      return true;
    }
  }
  return false;
}

/** Walks a sequence, remembering the clause each EXISTS sits in. */
function walk(items: readonly Node[]): void {
  let clause = '';
  for (let i = 0; i < items.length; i++) {
    const n = items[i];
    if (isTok(n) && n.kind === 'word' && CLAUSES.includes(n.value)) clause = n.value;
    if (isWord(n, 'EXISTS') && isGroup(items[i + 1], '(')) {
      const g = items[i + 1] as Group;
      if (clause !== 'WHERE' && isCorrelated(g)) throw unsupportedSubquery();
    }
    if (isGroup(n)) {
      // A parenthesised expression inside a clause keeps the clause; a subquery starts its own.
      const starts = isWord(n.items[0], 'SELECT', 'WITH');
      if (starts) walk(n.items);
      else walkNested(n.items, clause);
    }
    if (isOp(n, ';')) clause = '';
  }
}

function walkNested(items: readonly Node[], clause: string): void {
  for (let i = 0; i < items.length; i++) {
    const n = items[i];
    if (isWord(n, 'EXISTS') && isGroup(items[i + 1], '(') && clause !== 'WHERE' && isCorrelated(items[i + 1] as Group)) throw unsupportedSubquery();
    if (isGroup(n)) {
      if (isWord(n.items[0], 'SELECT', 'WITH')) walk(n.items); else walkNested(n.items, clause);
    }
  }
}

export function checkRestrictions(items: readonly Node[]): void {
  walk(items);
}

/** Quoted identifiers are case-sensitive in Snowflake; DuckDB finds tables regardless of case.
 *  A table named after FROM / JOIN / INTO with a quoted part that matches a table only when case
 *  is ignored ("bronze_customers" for BRONZE_CUSTOMERS) is refused as Snowflake does (002003).
 *  `tableNames`: the catalog's qualified names, exact case; `qualify`: a name as the session
 *  resolves it (undefined when it cannot). */
export function checkQuotedTableCase(items: readonly Node[], tableNames: ReadonlySet<string>, qualify: (parts: readonly Token[]) => string | undefined): void {
  const tokens = flatTokens(items);
  const lower = new Map([...tableNames].map((n) => [n.toUpperCase(), n]));
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!(tokens[i].kind === 'word' && ['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE'].includes(tokens[i].value))) continue;
    const parts: Token[] = [];
    for (let j = i + 1; j < tokens.length; j += 2) {
      const t = tokens[j];
      if (t.kind !== 'word' && t.kind !== 'qident') break;
      parts.push(t);
      if (!(tokens[j + 1]?.kind === 'op' && tokens[j + 1].value === '.')) break;
    }
    if (!parts.some((p) => p.kind === 'qident' && p.value !== p.value.toUpperCase())) continue;
    const name = qualify(parts);
    if (name && !tableNames.has(name) && lower.has(name.toUpperCase())) throw objectDoesNotExist(name);
  }
}
