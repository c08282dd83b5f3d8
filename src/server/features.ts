// Hover, go to definition, references, document symbols, code lens, quick fixes and completion:
// pure functions of (file, workspace, catalog, position) returning LSP values, so server.ts only
// wires them to the connection.
import {
  CodeActionKind, CompletionItemKind, InsertTextFormat, MarkupKind, SymbolKind,
  type CodeAction, type CodeLens, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location, type Position, type Range,
} from 'vscode-languageserver';
import type { TableDef } from '../core/manifest';
import { MACROS, renderSql } from '../core/sql/dialect';
import { RUN_FROM_TASK_COMMAND, RUN_TASK_COMMAND } from '../shared/lsp-protocol';
import type { Catalog } from './catalog';
import { SOURCE, type FixData } from './diagnostics';
import { DIALECT_ONLY, dialectOnly, PORTABLE_FUNCTIONS } from './dialect-functions';
import { columnOrigin, findRelation, itemOutput, mainScope, relationColumns, scopeAt, scopeColumns, tokenIndexAt, visibleRelations, type Relation, type SqlModel } from './sql-model';
import { offsetAt, positionAt, type Token } from './tokenizer';
import { stepPlace, type SqlFile, type SqlWorkspace } from './workspace';

const rangeOf = (m: SqlModel, start: number, end: number): Range => ({ start: positionAt(m.lines, start), end: positionAt(m.lines, end) });
const offsetOf = (m: SqlModel, p: Position) => offsetAt(m.lines, m.text.length, p);

/** What a position points at. */
type Target =
  | { kind: 'table'; name: string; token: { start: number; end: number } }
  | { kind: 'cte'; name: string; token: Token }
  | { kind: 'column'; relation?: Relation; name: string; token: Token }
  | { kind: 'alias'; relation: Relation; token: Token }
  | { kind: 'macro'; name: string; start: number; end: number; token: Token }
  | { kind: 'function'; name: string; token: Token };

function targetAt(m: SqlModel, offset: number, catalog: Catalog): Target | undefined {
  const h = m.header;
  if (h && offset >= h.nameStart && offset <= h.nameStart + h.table.length) return { kind: 'table', name: h.table, token: { start: h.nameStart, end: h.nameStart + h.table.length } };
  const i = tokenIndexAt(m, offset);
  const tok = m.tokens[i];
  if (!tok || offset > tok.end) return undefined;
  const cols = (n: string) => catalog.columns(n);
  for (const r of m.tableRefs) {
    if (r.token !== tok) continue;
    return r.relation.kind === 'cte' ? { kind: 'cte', name: tok.text, token: tok } : { kind: 'table', name: tok.text.toUpperCase(), token: tok };
  }
  const cte = m.ctes.find((c) => c.token === tok);
  if (cte) return { kind: 'cte', name: cte.name, token: tok };
  for (const s of m.scopes) for (const r of s.relations) if (r.aliasToken === tok) return { kind: 'alias', relation: r, token: tok };
  const mac = m.macros.find((x) => x.nameToken === tok && MACROS[x.name]);
  if (mac) return { kind: 'macro', name: tok.text, start: mac.start, end: mac.end, token: tok };
  const fn = m.functions.find((f) => f.tokens.includes(tok));
  if (fn) return { kind: 'function', name: fn.name, token: tok };
  for (const ref of m.columnRefs) {
    if (ref.qualifier === tok) {
      const rel = findRelation(ref.scope, tok.lower);
      if (rel) return { kind: 'alias', relation: rel, token: tok };
    }
    if (ref.token !== tok) continue;
    if (ref.qualifier) return { kind: 'column', relation: findRelation(ref.scope, ref.qualifier.lower), name: tok.lower, token: tok };
    const rel = visibleRelations(ref.scope).find((r) => relationColumns(m, r, cols)?.includes(tok.lower));
    return { kind: 'column', relation: rel, name: tok.lower, token: tok };
  }
  return undefined;
}

// ---- hover ----

function tableMarkdown(def: TableDef, ws: SqlWorkspace, catalog: Catalog, highlight?: string): string {
  const live = catalog.liveTable(def.name);
  const lines = [`**${def.name}** · ${def.layer}${def.kind === 'iceberg' ? ' · Iceberg' : ''}`, '', def.description, ''];
  lines.push(producedBy(def.name, ws, catalog));
  if (live?.rows !== undefined) lines.push(`Rows: ${live.rows.toLocaleString('en-US')} (local warehouse)`);
  else if (catalog.live && !live) lines.push('Not in the local warehouse yet');
  lines.push('', '| column | type |', '|---|---|');
  for (const c of def.columns) {
    const lt = live?.columns.get(c.name.toLowerCase());
    const name = c.name.toLowerCase() === highlight ? `**${c.name}**` : c.name;
    lines.push(`| ${name} | ${c.type}${lt && lt !== c.type ? ` (warehouse: ${lt})` : ''}${c.nullable === false ? ' NOT NULL' : ''} |`);
  }
  return lines.join('\n');
}

function producedBy(table: string, ws: SqlWorkspace, catalog: Catalog): string {
  const writers = catalog.writersOf(table);
  if (!writers.length) return 'Written by: no task';
  const step = ws.stepFileFor(table);
  const place = step && stepPlace(step.path);
  return `Written by: task \`${writers.map((w) => w.name).join('`, `')}\`${place ? ` — step \`${place.task}/${place.file}\`` : writers[0].source ? ` (load from ${writers[0].source.kind})` : ''}`;
}

function columnMarkdown(t: Extract<Target, { kind: 'column' }>, m: SqlModel, ws: SqlWorkspace, catalog: Catalog): string | undefined {
  const rel = t.relation;
  if (!rel) return undefined;
  const via = rel.kind === 'cte' ? `CTE **${rel.name}**` : rel.kind === 'subquery' ? 'a subquery' : rel.kind === 'function' ? 'a table function' : undefined;
  // Through CTEs and subqueries to the catalog column, or to the expression that computes it.
  const origin = columnOrigin(m, rel, t.name, (n) => catalog.columns(n));
  if (origin?.kind === 'table') {
    const def = catalog.table(origin.table)!;
    const col = def.columns.find((c) => c.name.toLowerCase() === origin.column)!;
    const live = catalog.liveTable(def.name);
    const lt = live?.columns.get(origin.column);
    const out = [`**${t.token.text}** \`${col.type}\`${lt ? ` · warehouse type \`${lt}\`` : ''}${col.nullable === false ? ' · NOT NULL' : ''}`, '',
      `Column ${col.name !== t.token.text ? `${col.name} ` : ''}of **${def.name}** (${def.layer})${via ? `, through ${via}` : ''}`, producedBy(def.name, ws, catalog)];
    if (live?.rows !== undefined) out.push(`Rows: ${live.rows.toLocaleString('en-US')} (local warehouse)`);
    return out.join('\n\n');
  }
  if (origin?.kind === 'expression') return `**${t.token.text}** · computed in ${via ?? 'the query'}:\n\n\`\`\`sql\n${origin.text}\n\`\`\``;
  return via ? `**${t.token.text}** · column of ${via}${rel.aliasToken ? ` (alias ${rel.aliasToken.text})` : ''}` : undefined;
}

export function hover(file: SqlFile, ws: SqlWorkspace, catalog: Catalog, pos: Position): Hover | null {
  const m = ws.model(file);
  const t = targetAt(m, offsetOf(m, pos), catalog);
  if (!t) return null;
  let value: string | undefined;
  switch (t.kind) {
    case 'table': {
      const def = catalog.table(t.name);
      value = def ? tableMarkdown(def, ws, catalog) : undefined;
      break;
    }
    case 'alias': {
      const r = t.relation;
      const def = r.kind === 'table' && r.name ? catalog.table(r.name) : undefined;
      value = def ? tableMarkdown(def, ws, catalog) : `alias of ${r.kind === 'cte' ? `CTE **${r.name}**` : r.kind}`;
      break;
    }
    case 'cte': {
      const cte = m.ctes.find((c) => c.lower === t.name.toLowerCase());
      const cols = cte?.scope && scopeColumns(m, cte.scope, (n) => catalog.columns(n));
      value = `CTE **${t.name}**${cols ? `\n\ncolumns: ${cols.join(', ')}` : ''}`;
      break;
    }
    case 'column':
      value = columnMarkdown(t, m, ws, catalog);
      break;
    case 'macro': {
      const def = MACROS[t.name];
      const call = m.text.slice(t.start, t.end);
      const text = call.startsWith('{{') ? call : `{{ ${call} }}`;
      const render = (dialect: 'duckdb' | 'snowflake') => {
        try { return renderSql(text, 'hover', { dialect, sentiment: { positive: 0.5, negative: -0.5 } }); } catch (e) { return `-- ${(e as Error).message}`; }
      };
      value = [`**{{ ${t.name} }}** dialect macro`, '', def.doc, '', 'DuckDB:', '```sql', render('duckdb'), '```', 'Snowflake:', '```sql', render('snowflake'), '```'].join('\n');
      break;
    }
    case 'function': {
      const only = dialectOnly(t.name);
      value = only ? `**${t.name}** exists only in ${only.dialect}${only.instead ? `; in step SQL use ${only.instead}` : ''}` : undefined;
      break;
    }
  }
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(m, t.token.start, t.token.end) } : null;
}

// ---- definition and references ----

export function definition(file: SqlFile, ws: SqlWorkspace, catalog: Catalog, pos: Position): Location | null {
  const m = ws.model(file);
  const t = targetAt(m, offsetOf(m, pos), catalog);
  if (!t) return null;
  if (t.kind === 'table' || (t.kind === 'alias' && t.relation.kind === 'table')) {
    const name = t.kind === 'table' ? t.name : t.relation.name!;
    const step = ws.stepFileFor(name);
    if (!step) return null;
    const sm = ws.model(step);
    const h = sm.header!;
    return { uri: step.uri, range: rangeOf(sm, h.nameStart, h.nameStart + h.table.length) };
  }
  const cteName = t.kind === 'cte' ? t.name : t.kind === 'alias' && t.relation.kind === 'cte' ? t.relation.name : undefined;
  if (cteName) {
    const cte = m.ctes.find((c) => c.lower === cteName.toLowerCase());
    return cte ? { uri: file.uri, range: rangeOf(m, cte.token.start, cte.token.end) } : null;
  }
  if (t.kind === 'column' && t.relation) {
    // A column of a table a step writes: the select-list item of that step that produces it.
    const origin = columnOrigin(m, t.relation, t.name, (n) => catalog.columns(n));
    const step = origin?.kind === 'table' ? ws.stepFileFor(origin.table) : undefined;
    if (origin?.kind === 'table' && step) {
      const sm = ws.model(step);
      const main = mainScope(sm);
      const item = main?.items.find(([a, e]) => { const o = itemOutput(sm.tokens, a, e); return o.kind === 'column' && o.name === origin.column; });
      if (item) return { uri: step.uri, range: rangeOf(sm, sm.tokens[item[0]].start, sm.tokens[item[1] - 1].end) };
    }
    if (t.relation.aliasToken) return { uri: file.uri, range: rangeOf(m, t.relation.aliasToken.start, t.relation.aliasToken.end) };
  }
  return null;
}

export function references(file: SqlFile, ws: SqlWorkspace, catalog: Catalog, pos: Position, includeDeclaration: boolean): Location[] {
  const m = ws.model(file);
  const t = targetAt(m, offsetOf(m, pos), catalog);
  if (!t) return [];
  if (t.kind === 'table' || (t.kind === 'alias' && t.relation.kind === 'table')) {
    const name = (t.kind === 'table' ? t.name : t.relation.name!).toUpperCase();
    const out: Location[] = [];
    for (const f of ws.all()) {
      const fm = ws.model(f);
      if (includeDeclaration && fm.header?.table === name) out.push({ uri: f.uri, range: rangeOf(fm, fm.header.nameStart, fm.header.nameStart + name.length) });
      for (const r of fm.tableRefs) {
        if (r.relation.kind === 'table' && r.token.text.toUpperCase() === name) out.push({ uri: f.uri, range: rangeOf(fm, r.token.start, r.token.end) });
      }
    }
    return out;
  }
  const cteName = t.kind === 'cte' ? t.name.toLowerCase() : t.kind === 'alias' && t.relation.kind === 'cte' ? t.relation.name!.toLowerCase() : undefined;
  if (cteName) {
    const out: Location[] = [];
    const cte = m.ctes.find((c) => c.lower === cteName);
    if (cte && includeDeclaration) out.push({ uri: file.uri, range: rangeOf(m, cte.token.start, cte.token.end) });
    for (const r of m.tableRefs) if (r.relation.kind === 'cte' && r.token.lower === cteName) out.push({ uri: file.uri, range: rangeOf(m, r.token.start, r.token.end) });
    return out;
  }
  return [];
}

// ---- symbols and code lens ----

export function documentSymbols(file: SqlFile, ws: SqlWorkspace, catalog: Catalog): DocumentSymbol[] {
  const m = ws.model(file);
  const out: DocumentSymbol[] = [];
  if (m.header) {
    const main = mainScope(m);
    const cols = main ? scopeColumns(m, main, (n) => catalog.columns(n)) : undefined;
    const sel = rangeOf(m, m.header.nameStart, m.header.nameStart + m.header.table.length);
    const whole = rangeOf(m, 0, m.text.length);
    const children: DocumentSymbol[] = [];
    if (main && cols) {
      main.items.forEach(([a, e], k) => {
        const r = rangeOf(m, m.tokens[a].start, m.tokens[e - 1].end);
        if (cols[k]) children.push({ name: cols[k], kind: SymbolKind.Field, range: r, selectionRange: rangeOf(m, m.tokens[e - 1].start, m.tokens[e - 1].end) });
      });
    }
    out.push({ name: m.header.table, detail: 'output table', kind: SymbolKind.Class, range: whole, selectionRange: sel, children });
  }
  for (const c of m.ctes) {
    const last = m.tokens[c.to];
    out.push({ name: c.name, detail: 'CTE', kind: SymbolKind.Struct, range: rangeOf(m, c.token.start, last?.end ?? c.token.end), selectionRange: rangeOf(m, c.token.start, c.token.end) });
  }
  return out;
}

export function codeLenses(file: SqlFile, catalog: Catalog): CodeLens[] {
  const place = stepPlace(file.path);
  const task = place && catalog.task(place.task);
  if (!task || task.kind !== 'transform') return [];
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return [
    { range, command: { title: 'Run step ▶', command: RUN_TASK_COMMAND, arguments: [task.name] } },
    { range, command: { title: 'Run from here', command: RUN_FROM_TASK_COMMAND, arguments: [task.name] } },
  ];
}

// ---- quick fixes ----

export function codeActions(file: SqlFile, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = d.data as FixData | undefined;
    data?.candidates?.forEach((c, k) => {
      out.push({
        title: `Change to '${c}'`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: k === 0,
        edit: { changes: { [file.uri]: [{ range: d.range, newText: c }] } },
      });
    });
  }
  return out;
}

// ---- completion ----

export function completion(file: SqlFile, ws: SqlWorkspace, catalog: Catalog, pos: Position): CompletionItem[] {
  const m = ws.model(file);
  const offset = offsetOf(m, pos);
  const before = m.text.slice(Math.max(0, offset - 200), offset);
  // Right after `{{`: the dialect macros.
  const lastOpen = before.lastIndexOf('{{');
  if (lastOpen >= 0 && before.indexOf('}}', lastOpen) < 0 && /^\{\{\s*[A-Za-z_]*$/.test(before.slice(lastOpen))) return macroItems(false);

  // `alias.` : the columns of that relation.
  const dotted = /([A-Za-z_][A-Za-z0-9_$]*)\.([A-Za-z_][A-Za-z0-9_$]*)?$/.exec(before);
  if (dotted) {
    const scope = scopeAt(m, offset - dotted[0].length);
    const rel = scope && findRelation(scope, dotted[1]);
    if (rel) return columnItems(m, rel, catalog, ws);
    const def = catalog.table(dotted[1]);
    if (def) return tableColumnItems(def, catalog, ws);
    return [];
  }

  const tables = (): CompletionItem[] => [
    ...catalog.tables.map((t): CompletionItem => ({ label: t.name, kind: CompletionItemKind.Class, detail: `${t.layer} table`, documentation: { kind: MarkupKind.Markdown, value: tableMarkdown(t, ws, catalog) } })),
    ...m.ctes.map((c): CompletionItem => ({ label: c.name, kind: CompletionItemKind.Module, detail: 'CTE' })),
  ];
  // After FROM or JOIN: relations only.
  if (/\b(from|join)\s+[A-Za-z0-9_]*$/i.test(before)) return tables();

  const scope = scopeAt(m, offset);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  // While a statement is half typed its scope may have no FROM yet: offer every relation of the file.
  let rels = scope ? visibleRelations(scope) : [];
  if (!rels.length) rels = m.scopes.flatMap((x) => x.relations);
  for (const r of rels) {
    for (const item of columnItems(m, r, catalog, ws)) {
      if (seen.has(item.label)) continue;
      seen.add(item.label);
      items.push(item);
    }
  }
  items.push(...tables(), ...macroItems(true));
  for (const f of PORTABLE_FUNCTIONS) items.push({ label: f, kind: CompletionItemKind.Function, detail: 'DuckDB and Snowflake', insertText: `${f}($1)`, insertTextFormat: InsertTextFormat.Snippet });
  // One-engine functions are offered outside step SQL only: in a step they are an error.
  if (!stepPlace(file.path)) {
    for (const [name, only] of DIALECT_ONLY) {
      const label = only.dialect === 'Snowflake' ? name.toUpperCase() : name;
      items.push({ label, kind: CompletionItemKind.Function, detail: `${only.dialect} only`, sortText: `~${label}`, insertText: `${label}($1)`, insertTextFormat: InsertTextFormat.Snippet, documentation: only.instead ? `In step SQL use ${only.instead}` : undefined });
    }
  }
  return items;
}

function columnItems(m: SqlModel, rel: Relation, catalog: Catalog, ws: SqlWorkspace): CompletionItem[] {
  if (rel.kind === 'table' && rel.name) {
    const def = catalog.table(rel.name);
    return def ? tableColumnItems(def, catalog, ws) : [];
  }
  const names = relationColumns(m, rel, (n) => catalog.columns(n)) ?? [];
  const where = rel.kind === 'cte' ? `CTE ${rel.name}` : rel.kind;
  return names.map((n) => ({ label: n, kind: CompletionItemKind.Field, detail: where }));
}

function tableColumnItems(def: TableDef, catalog: Catalog, ws: SqlWorkspace): CompletionItem[] {
  const live = catalog.liveTable(def.name);
  return def.columns.map((c, k) => ({
    label: c.name, kind: CompletionItemKind.Field, sortText: String(k).padStart(3, '0'),
    detail: `${c.type}${live?.columns.get(c.name.toLowerCase()) ? ` (warehouse ${live.columns.get(c.name.toLowerCase())})` : ''} — ${def.name}`,
    documentation: { kind: MarkupKind.Markdown, value: `Column of **${def.name}**. ${producedBy(def.name, ws, catalog)}` },
  }));
}

function macroItems(withBraces: boolean): CompletionItem[] {
  return Object.entries(MACROS).map(([name, def]) => ({
    label: withBraces ? `{{ ${name} }}` : name, kind: CompletionItemKind.Snippet, detail: 'dialect macro',
    filterText: withBraces ? `{{${name}` : name,
    documentation: { kind: MarkupKind.Markdown, value: def.doc },
    insertText: withBraces ? `{{ ${name}($1) }}` : `${name}($1) }}`, insertTextFormat: InsertTextFormat.Snippet,
  }));
}
