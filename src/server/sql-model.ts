// What the language server knows about one SQL file, from its tokens alone: the `-- table:`
// header, CTEs, the query scopes (each SELECT, with the relations of its FROM list), table
// references, column references, function calls and `{{ macro(…) }}` uses. No catalog here: the
// model says which names a file uses and where; diagnostics.ts decides which of them are wrong.
import { CLAUSE_WORDS, FROM_END, JOIN_WORDS, KEYWORDS, SET_OPS } from './keywords';
import { isName, isOp, isWord, lineStarts, tokenize, type Token } from './tokenizer';
import { implicitAliasBefore } from './sql-model-queries';
import { parseTableHeader } from '../core/transform/table-header';
import { MACROS } from '../core/sql/dialect';
import { parseTemplate, type MacroCall } from '../core/sql/template';
import type { ColumnRef, Cte, FunctionCall, MacroUse, Problem, Relation, Scope, SqlModel, TableRef } from './sql-model-types';

// The model's shapes and the questions asked of it live beside it (split to keep each file
// small); importers keep importing them from here.
export type * from './sql-model-types';

export function analyze(text: string): SqlModel {
  const { tokens, comments, unterminated } = tokenize(text);
  const problems: Problem[] = unterminated.map((o) => ({ start: o, end: o + 1, code: 'syntax', message: 'unterminated string, quoted name or comment' }));
  const n = tokens.length;

  // Parentheses here; macro braces as core's template parser reads them (the renderer's grammar).
  const match = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (t.kind !== 'op') continue;
    if (t.text === '(') stack.push(i);
    else if (t.text === ')') {
      const o = stack.pop();
      if (o === undefined) problems.push({ start: t.start, end: t.end, code: 'syntax', message: 'unbalanced ")"' });
      else { match[o] = i; match[i] = o; }
    }
  }
  const template = parseTemplate(text);
  for (const e of template.errors) problems.push({ start: e.span!.start, end: e.span!.end, code: 'template', message: e.reason });
  const tokenAt = new Map(tokens.map((t, i) => [t.start, i]));
  const macroAt = new Map<number, MacroCall>(); // '{{' token index -> its call
  const inMacro = new Uint8Array(n);
  for (const call of template.calls) {
    const open = tokenAt.get(call.start);
    if (open === undefined) continue; // braces inside a comment or string: still a template error for the renderer
    macroAt.set(open, call);
    for (let k = open + 1; k < n && tokens[k].start < call.end; k++) inMacro[k] = 1;
  }
  for (const o of stack) problems.push({ start: tokens[o].start, end: tokens[o].end, code: 'syntax', message: 'unbalanced "(": never closed' });

  const isBlockOpen = (i: number) => isOp(tokens[i], '(') && match[i] > i && (isWord(tokens[i + 1], 'select') || isWord(tokens[i + 1], 'with'));

  // Scopes: every parenthesised SELECT/WITH is one, split at UNION/INTERSECT/EXCEPT.
  const scopes: Scope[] = [];
  const scopeOf: (Scope | undefined)[] = new Array(n);
  const depthOf = new Int32Array(n);
  const childAt = new Map<number, Scope>(); // '(' index -> first scope inside
  const build = (start: number, end: number, depth: number, parent: Scope | undefined): Scope => {
    let segStart = start;
    let first: Scope | undefined;
    let d = depth;
    const members: number[] = [];
    const close = (segEnd: number) => {
      const s: Scope = { start: segStart, end: segEnd, depth, parent, isolated: false, relations: [], items: [], aliases: new Set() };
      scopes.push(s);
      for (const m of members) scopeOf[m] = s;
      members.length = 0;
      first ??= s;
    };
    for (let i = start; i < end; i++) {
      const t = tokens[i];
      if (isBlockOpen(i)) {
        members.push(i, match[i]);
        depthOf[i] = d; depthOf[match[i]] = d;
        // Built once this segment is closed, so the child can point at it as its parent.
        pendingChildren.push({ open: i, depth: d + 1 });
        i = match[i];
        continue;
      }
      if (d === depth && t.kind === 'ident' && SET_OPS.has(t.lower) && !isOp(tokens[i - 1], '.')) {
        members.push(i); depthOf[i] = d;
        close(i + 1);
        segStart = i + 1;
        continue;
      }
      // An unmatched parenthesis (text being typed) does not change the depth, so the clauses
      // after it are still found.
      if (isOp(t, '(') && match[i] >= 0) { depthOf[i] = d; members.push(i); d++; continue; }
      if (isOp(t, ')') && match[i] >= 0) { d--; depthOf[i] = d; members.push(i); continue; }
      depthOf[i] = d; members.push(i);
    }
    close(end);
    return first!;
  };
  let pendingChildren: { open: number; depth: number }[] = [];
  build(0, n, 0, undefined);
  while (pendingChildren.length) {
    const batch = pendingChildren;
    pendingChildren = [];
    for (const c of batch) {
      const parent = scopeOf[c.open];
      childAt.set(c.open, build(c.open + 1, match[c.open], c.depth, parent));
    }
  }

  const base = (s: Scope): number[] => {
    const out: number[] = [];
    for (let i = s.start; i < s.end; i++) if (scopeOf[i] === s && depthOf[i] === s.depth) out.push(i);
    return out;
  };

  const ctes: Cte[] = [];
  const tableRefs: TableRef[] = [];
  /** Token indices that define a name (relation names, aliases, CTE names, column lists). */
  const defining = new Uint8Array(n);
  const nameList = (open: number): string[] => {
    const out: string[] = [];
    for (let j = open + 1; j < match[open]; j++) if (isName(tokens[j])) { out.push(tokens[j].lower); defining[j] = 1; }
    return out;
  };

  // Pass 1 over scopes: WITH lists (so relation parsing knows the CTE names).
  for (const s of scopes) {
    const b = base(s);
    if (!b.length || !isWord(tokens[b[0]], 'with')) continue;
    let p = 1;
    if (isWord(tokens[b[p]], 'recursive')) p++;
    while (p < b.length && isName(tokens[b[p]])) {
      const nameIdx = b[p++];
      let declared: string[] | undefined;
      if (isOp(tokens[b[p]], '(') && !isBlockOpen(b[p])) { declared = nameList(b[p]); p += 2; }
      if (!isWord(tokens[b[p]], 'as')) break;
      p++;
      if (isWord(tokens[b[p]], 'not')) p++;
      if (isWord(tokens[b[p]], 'materialized')) p++;
      if (!isOp(tokens[b[p]], '(')) break;
      const open = b[p];
      const cte: Cte = { name: tokens[nameIdx].text, lower: tokens[nameIdx].lower, token: tokens[nameIdx], from: nameIdx, to: match[open], declaredColumns: declared };
      const child = childAt.get(open);
      if (child) { cte.scope = child; markIsolated(child); }
      ctes.push(cte);
      defining[nameIdx] = 1;
      p += 2; // '(' and its ')'
      if (isOp(tokens[b[p]], ',')) p++; else break;
    }
  }
  function markIsolated(first: Scope): void {
    // Every arm of a UNION inside the parentheses shares the isolation.
    for (const s of scopes) if (s.parent === first.parent && s.start >= first.start && s.end <= match[first.start - 1] + 1) s.isolated = true;
  }
  const cteByName = new Map(ctes.map((c) => [c.lower, c]));

  // Pass 2: select lists and FROM lists.
  for (const s of scopes) {
    const b = base(s);
    let p = 0;
    // Skip a WITH list: the first SELECT on this level starts the query.
    while (p < b.length && !isWord(tokens[b[p]], 'select')) p++;
    if (p >= b.length) continue;
    p++;
    while (p < b.length && (isWord(tokens[b[p]], 'distinct') || isWord(tokens[b[p]], 'all'))) p++;
    if (isWord(tokens[b[p]], 'on') && isOp(tokens[b[p + 1]], '(')) p += 3; // DISTINCT ON (…)
    let itemStart = p < b.length ? b[p] : s.end;
    for (; p < b.length; p++) {
      const t = tokens[b[p]];
      if (isOp(t, ',')) { s.items.push([itemStart, b[p]]); itemStart = b[p] + 1; continue; }
      if (t.kind === 'ident' && (t.lower === 'from' || FROM_END.has(t.lower)) && t.lower !== 'select') break;
      if (isOp(t, ';')) break;
    }
    const itemEnd = p < b.length ? b[p] : s.end;
    if (itemEnd > itemStart) s.items.push([itemStart, itemEnd]);
    for (const [a, e] of s.items) {
      // `expr AS name` and `expr name` define names the rest of the statement may use.
      const last = tokens[e - 1];
      if (isName(last) && e - 1 > a) {
        const prev = tokens[e - 2];
        if (isWord(prev, 'as') || implicitAliasBefore(prev, last)) { s.aliases.add(last.lower); defining[e - 1] = 1; }
      }
    }
    if (!isWord(tokens[b[p]], 'from')) continue;
    p++;
    // FROM list: relation, then joins or commas, until a clause that ends it.
    while (p < b.length) {
      const t = tokens[b[p]];
      if (t.kind === 'ident' && FROM_END.has(t.lower)) break;
      if (isOp(t, ';') || isOp(t, ')')) break;
      if (isOp(t, ',') || (t.kind === 'ident' && (JOIN_WORDS.has(t.lower) || t.lower === 'lateral'))) { p++; continue; }
      if (isWord(t, 'on')) { // skip the join condition
        p++;
        while (p < b.length) {
          const u = tokens[b[p]];
          if (u.kind === 'ident' && (JOIN_WORDS.has(u.lower) || FROM_END.has(u.lower))) break;
          if (isOp(u, ',') || isOp(u, ';')) break;
          p++;
        }
        continue;
      }
      if (isWord(t, 'using')) { p += isOp(tokens[b[p + 1]], '(') ? 3 : 1; continue; }
      p = relation(s, b, p);
    }
  }

  function relation(s: Scope, b: number[], p: number): number {
    const i = b[p];
    const t = tokens[i];
    let rel: { kind: Relation['kind']; name?: string; nameToken?: Token; cte?: Cte; scope?: Scope; declaredColumns?: string[] };
    if (isOp(t, '(')) {
      const child = childAt.get(i);
      if (child) markIsolated(child);
      rel = child ? { kind: 'subquery', scope: child } : { kind: 'function' };
      p += 2;
    } else if (isOp(t, '{{')) {
      const call = macroAt.get(i);
      if (!call) return b.length; // a template error, reported above
      const columns = MACROS[call.name]?.columns;
      rel = { kind: 'function', declaredColumns: columns && [...columns] };
      while (p < b.length && tokens[b[p]].start < call.end) p++;
    } else if (isName(t)) {
      // A dotted name: db.schema.table; the last part names the table.
      let j = p;
      const chain = [b[j]];
      while (isOp(tokens[b[j + 1]], '.') && isName(tokens[b[j + 2]])) { j += 2; chain.push(b[j]); }
      p = j + 1;
      if (isOp(tokens[b[p]], '(')) { // table function
        rel = { kind: 'function' };
        p += 2;
      } else {
        const last = tokens[chain[chain.length - 1]];
        const cte = chain.length === 1 ? cteByName.get(last.lower) : undefined;
        rel = cte ? { kind: 'cte', name: last.text, nameToken: last, cte } : { kind: 'table', name: last.text, nameToken: last };
        for (const c of chain) defining[c] = 1;
      }
    } else {
      return p + 1; // something this model does not know; move on
    }
    // [AS] alias [(columns)]
    let aliasToken: Token | undefined;
    if (isWord(tokens[b[p]], 'as')) p++;
    const a = tokens[b[p]];
    if (isName(a) && !(a.kind === 'ident' && (CLAUSE_WORDS.has(a.lower) || FROM_END.has(a.lower) || JOIN_WORDS.has(a.lower)))) {
      aliasToken = a;
      defining[b[p]] = 1;
      p++;
      if (isOp(tokens[b[p]], '(') && !isBlockOpen(b[p])) { rel.declaredColumns = nameList(b[p]); p += 2; }
    }
    const r: Relation = { ...rel, alias: aliasToken?.lower, aliasToken, at: i };
    s.relations.push(r);
    if (r.kind === 'table' || r.kind === 'cte') tableRefs.push({ token: r.nameToken!, relation: r, scope: s });
    return p;
  }

  // Pass 3: names in expressions -> column references and function calls.
  const columnRefs: ColumnRef[] = [];
  const functions: FunctionCall[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (!isName(t) || defining[i] || isOp(tokens[i - 1], '.')) continue;
    const chain = [i];
    let j = i;
    let dangling = false;
    while (isOp(tokens[j + 1], '.')) {
      const next = tokens[j + 2];
      if (isName(next) && !(next.kind === 'ident' && CLAUSE_WORDS.has(next.lower))) { j += 2; chain.push(j); continue; }
      dangling = !isOp(next, '*');
      if (!dangling) chain.length = 0; // q.* : nothing to check
      break;
    }
    if (!chain.length) { i = j + 2; continue; }
    const after = tokens[j + 1];
    if (isOp(after, '(')) {
      const words = chain.map((k) => tokens[k]);
      if (!isWord(tokens[i - 1], 'as') && !isOp(tokens[i - 1], '::')) functions.push({ tokens: words, name: words.map((w) => w.lower).join('.'), inMacro: !!inMacro[i] });
      i = j;
      continue;
    }
    const prev = tokens[i - 1];
    if (isWord(prev, 'as') || isOp(prev, '::') || isOp(prev, ':') || isOp(after, '=>') || isOp(after, ':=') || isOp(after, '->')) { i = j; continue; }
    const scope = scopeOf[i];
    if (!scope) { i = j; continue; }
    if (chain.length === 1 && dangling) columnRefs.push({ qualifier: t, scope });
    else if (chain.length === 1) { if (!(t.kind === 'ident' && KEYWORDS.has(t.lower))) columnRefs.push({ token: t, scope }); }
    else if (chain.length === 2) columnRefs.push({ qualifier: t, token: tokens[chain[1]], scope });
    i = j;
  }

  // Macros: `{{ name(args) }}`, and macro calls that are a whole argument of another macro.
  const macros: MacroUse[] = [];
  const addMacro = (call: MacroCall, nested: boolean) => {
    const at = tokenAt.get(call.nameSpan.start);
    macros.push({ name: call.name, nameToken: at === undefined ? undefined : tokens[at], nameSpan: call.nameSpan, start: call.start, end: call.end, argCount: call.args.length, nested });
    for (const inner of call.argCalls) if (inner) addMacro(inner, true);
  };
  for (const call of template.calls) addMacro(call, false);

  let header: SqlModel['header'];
  for (const c of comments) {
    const h = parseTableHeader(c.text);
    if (h) { header = { table: h.table.toUpperCase(), start: c.start, end: c.end, nameStart: c.start + h.nameOffset }; break; }
  }

  return { text, tokens, lines: lineStarts(text), header, ctes, scopes, scopeOf, tableRefs, columnRefs, functions, macros, problems };
}

export * from './sql-model-queries';
