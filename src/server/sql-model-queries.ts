// Questions asked of an analysed SQL file (sql-model.ts's SqlModel): which relations a scope
// sees, the scope and token at an offset, what a select item outputs, a scope's or relation's
// columns and where a column comes from. Used by the diagnostics, hover and completion.
import { KEYWORDS } from './keywords';
import type { Relation, Scope, SqlModel } from './sql-model-types';
import { isName, isOp, isWord, type Token } from './tokenizer';

/** Whether `last` is an alias written without AS after `prev` (`count(*) n`, `t x`). */
export function implicitAliasBefore(prev: Token, last: Token): boolean {
  if (last.kind === 'ident' && KEYWORDS.has(last.lower)) return false;
  if (prev.kind === 'ident' || prev.kind === 'qident') return !(prev.kind === 'ident' && KEYWORDS.has(prev.lower) && prev.lower !== 'end');
  return prev.kind === 'string' || prev.kind === 'number' || isOp(prev, ')') || isOp(prev, '}}') || isOp(prev, ']');
}

/** The relations visible from a scope, innermost first (correlated subqueries see outer ones). */
export function visibleRelations(scope: Scope): Relation[] {
  const out: Relation[] = [];
  for (let s: Scope | undefined = scope; s; s = s.isolated ? undefined : s.parent) out.push(...s.relations);
  return out;
}

export function findRelation(scope: Scope, qualifier: string): Relation | undefined {
  const q = qualifier.toLowerCase();
  return visibleRelations(scope).find((r) => (r.alias ?? r.name?.toLowerCase()) === q);
}

/** Index of the last token that starts at or before an offset. */
export function tokenIndexAt(model: SqlModel, offset: number): number {
  const ts = model.tokens;
  let lo = 0;
  let hi = ts.length - 1;
  if (hi < 0 || ts[0].start > offset) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid].start <= offset) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The scope around an offset: of the token before it, else the first scope. */
export function scopeAt(model: SqlModel, offset: number): Scope | undefined {
  const i = tokenIndexAt(model, offset);
  return (i >= 0 ? model.scopeOf[i] : undefined) ?? model.scopes[0];
}

/** What one select-list item [a, e) outputs: every column of its relations (`*`, `q.*`), one
 *  named column (the expression is tokens [exprStart, exprEnd)), or a column this model cannot
 *  name (an unaliased expression). */
export type ItemOutput =
  | { readonly kind: 'star'; readonly qualifier?: string }
  | { readonly kind: 'column'; readonly name: string; readonly exprStart: number; readonly exprEnd: number }
  | { readonly kind: 'unnamed' };

export function itemOutput(ts: readonly Token[], a: number, e: number): ItemOutput {
  const len = e - a;
  const last = ts[e - 1];
  if (len === 1 && isOp(last, '*')) return { kind: 'star' };
  if (len === 3 && isOp(ts[a + 1], '.') && isOp(last, '*')) return { kind: 'star', qualifier: ts[a].lower };
  if (!isName(last)) return { kind: 'unnamed' };
  if (len === 1 || (len === 3 && isOp(ts[a + 1], '.'))) return { kind: 'column', name: last.lower, exprStart: a, exprEnd: e };
  const prev = ts[e - 2];
  if (isWord(prev, 'as')) return { kind: 'column', name: last.lower, exprStart: a, exprEnd: e - 2 };
  if (implicitAliasBefore(prev, last)) return { kind: 'column', name: last.lower, exprStart: a, exprEnd: e - 1 };
  return { kind: 'unnamed' };
}

/**
 * Output columns of a scope (lower case), from its select list; undefined when some item has no
 * name this model can tell (an unaliased expression, `* EXCLUDE …`, a relation of unknown shape).
 */
export function scopeColumns(model: SqlModel, scope: Scope, tableColumns: (name: string) => string[] | undefined, seen = new Set<Scope>()): string[] | undefined {
  if (seen.has(scope)) return undefined; // a CTE that reads itself
  seen.add(scope);
  try {
    const out: string[] = [];
    for (const [a, e] of scope.items) {
      const item = itemOutput(model.tokens, a, e);
      if (item.kind === 'unnamed') return undefined;
      if (item.kind === 'column') { out.push(item.name); continue; }
      const rels = item.qualifier ? scope.relations.filter((x) => (x.alias ?? x.name?.toLowerCase()) === item.qualifier) : scope.relations;
      if (!rels.length) return undefined;
      for (const r of rels) {
        const cols = relationColumns(model, r, tableColumns, seen);
        if (!cols) return undefined;
        out.push(...cols);
      }
    }
    return out;
  } finally {
    seen.delete(scope);
  }
}

/** Where a column of a relation comes from: a catalog table's column (through CTEs, subqueries
 *  and plain column references) or the expression that computes it. */
export type ColumnOrigin =
  | { readonly kind: 'table'; readonly table: string; readonly column: string }
  | { readonly kind: 'expression'; readonly text: string; readonly relation: Relation };

export function columnOrigin(model: SqlModel, rel: Relation, column: string, tableColumns: (name: string) => string[] | undefined, depth = 0): ColumnOrigin | undefined {
  if (depth > 16) return undefined;
  if (rel.kind === 'table') return rel.name && tableColumns(rel.name)?.includes(column) ? { kind: 'table', table: rel.name.toUpperCase(), column } : undefined;
  const scope = rel.kind === 'cte' ? rel.cte?.scope : rel.kind === 'subquery' ? rel.scope : undefined;
  if (!scope || rel.declaredColumns || rel.cte?.declaredColumns) return undefined;
  const ts = model.tokens;
  const has = (r: Relation) => relationColumns(model, r, tableColumns)?.includes(column);
  for (const [a, e] of scope.items) {
    const item = itemOutput(ts, a, e);
    if (item.kind === 'star') {
      const r = scope.relations.find((x) => (!item.qualifier || (x.alias ?? x.name?.toLowerCase()) === item.qualifier) && has(x));
      if (r) return columnOrigin(model, r, column, tableColumns, depth + 1);
      continue;
    }
    if (item.kind !== 'column' || item.name !== column) continue;
    const len = item.exprEnd - item.exprStart;
    const first = ts[item.exprStart];
    if (len === 1 && isName(first)) {
      const r = visibleRelations(scope).find((x) => relationColumns(model, x, tableColumns)?.includes(first.lower));
      if (r) return columnOrigin(model, r, first.lower, tableColumns, depth + 1);
    }
    if (len === 3 && isName(first) && isOp(ts[item.exprStart + 1], '.') && isName(ts[item.exprStart + 2])) {
      const r = findRelation(scope, first.lower);
      if (r) return columnOrigin(model, r, ts[item.exprStart + 2].lower, tableColumns, depth + 1);
    }
    const text = model.text.slice(first.start, ts[item.exprEnd - 1].end).replace(/\s+/g, ' ');
    return { kind: 'expression', text, relation: rel };
  }
  return undefined;
}

export function relationColumns(model: SqlModel, r: Relation, tableColumns: (name: string) => string[] | undefined, seen = new Set<Scope>()): string[] | undefined {
  if (r.declaredColumns) return r.declaredColumns;
  switch (r.kind) {
    case 'table': return r.name ? tableColumns(r.name) : undefined;
    case 'cte': return r.cte?.declaredColumns ?? (r.cte?.scope ? scopeColumns(model, r.cte.scope, tableColumns, seen) : undefined);
    case 'subquery': return r.scope ? scopeColumns(model, r.scope, tableColumns, seen) : undefined;
    default: return undefined;
  }
}

/** The top-level query's scope (the SELECT that produces the step's table). */
export function mainScope(model: SqlModel): Scope | undefined {
  return model.scopes.find((s) => !s.parent && s.items.length) ?? model.scopes[0];
}
