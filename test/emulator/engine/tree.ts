// Token tree: parentheses, brackets and braces become nested groups, so the translator can find
// a function's arguments, a path's operand or a subquery without a full SQL grammar.
import { syntaxError } from './errors';
import type { Token } from './tokens';

export interface Group {
  readonly open: '(' | '[' | '{';
  readonly items: Node[];
  readonly pos: number;
}
export type Node = Token | Group;

export const isGroup = (n: Node | undefined, open?: Group['open']): n is Group =>
  n !== undefined && 'items' in n && (open === undefined || n.open === open);
export const isTok = (n: Node | undefined): n is Token => n !== undefined && 'kind' in n;
export const isWord = (n: Node | undefined, ...words: string[]): n is Token =>
  isTok(n) && n.kind === 'word' && (words.length === 0 || words.includes(n.value));
export const isOp = (n: Node | undefined, ...ops: string[]): n is Token =>
  isTok(n) && n.kind === 'op' && (ops.length === 0 || ops.includes(n.value));

const CLOSE: Record<string, Group['open']> = { ')': '(', ']': '[', '}': '{' };

export function buildTree(tokens: readonly Token[], sql: string): Node[] {
  const root: Node[] = [];
  const stack: { open: Group['open']; items: Node[]; pos: number }[] = [];
  let current = root;
  for (const t of tokens) {
    if (t.kind === 'op' && (t.value === '(' || t.value === '[' || t.value === '{')) {
      stack.push({ open: t.value, items: current === root && stack.length === 0 ? root : current, pos: t.pos });
      const g: Group = { open: t.value, items: [], pos: t.pos };
      current.push(g);
      current = g.items;
    } else if (t.kind === 'op' && CLOSE[t.value] !== undefined) {
      const top = stack.pop();
      if (!top || top.open !== CLOSE[t.value]) throw syntaxError(sql, t.pos, `unexpected '${t.value}'`);
      current = top.items;
    } else current.push(t);
  }
  if (stack.length > 0) throw syntaxError(sql, sql.length, "unexpected '<EOF>'");
  return root;
}

/** Splits a group's items at top-level commas. */
export function splitCommas(items: readonly Node[]): Node[][] {
  const out: Node[][] = [[]];
  for (const n of items) {
    if (isOp(n, ',')) out.push([]);
    else out[out.length - 1].push(n);
  }
  return items.length === 0 ? [] : out;
}

/** Every token of a subtree, in order (for searches such as "does this subquery name X"). */
export function flatTokens(items: readonly Node[]): Token[] {
  const out: Token[] = [];
  for (const n of items) if (isGroup(n)) out.push(...flatTokens(n.items)); else out.push(n);
  return out;
}
