// Diagnostics for one SQL file. What is checked depends on where the file lives:
// - sql/pipeline/<task>/*.sql (step SQL): everything below;
// - sql/snowflake/** and sql/mysql/**: nothing: they are written in their own engine's dialect
//   (procedures, MySQL DDL) and name tables the pipeline catalog does not have;
// - any other sql/**/*.sql: tables, columns and macros (ad-hoc queries over the pipeline).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { arityMessage, MACROS, renderSql } from '../core/sql/dialect';
import { TemplateError } from '../core/sql/template';
import { TABLE_HEADER_FORM } from '../core/transform/table-header';
import type { Catalog } from './catalog';
import { dialectOnly } from './dialect-functions';
import { findRelation, mainScope, relationColumns, scopeColumns, visibleRelations, type SqlModel } from './sql-model';
import { closest } from './suggest';
import { positionAt } from './tokenizer';
import { stepPlace, type SqlFile, type SqlWorkspace } from './workspace';

export const SOURCE = 'retail-pipeline';

/** Attached to a diagnostic whose fix is replacing its range with one of these names. */
export interface FixData {
  readonly candidates: string[];
}

export type FileRole = 'step' | 'native' | 'query';

export function fileRole(path: string): FileRole {
  if (stepPlace(path)) return 'step';
  return /[\\/]sql[\\/](snowflake|mysql)[\\/]/.test(path) ? 'native' : 'query';
}

const RENDER_THRESHOLDS = { positive: 0.5, negative: -0.5 };

export function diagnose(file: SqlFile, ws: SqlWorkspace, catalog: Catalog): Diagnostic[] {
  const role = fileRole(file.path);
  if (role === 'native') return [];
  const m = ws.model(file);
  const out: Diagnostic[] = [];
  const range = (start: number, end: number) => ({ start: positionAt(m.lines, start), end: positionAt(m.lines, end) });
  const add = (start: number, end: number, code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error, candidates?: string[]) => {
    const d: Diagnostic = { range: range(start, end), severity, code, source: SOURCE, message };
    if (candidates?.length) d.data = { candidates } satisfies FixData;
    out.push(d);
  };
  const didYouMean = (c: string[]) => (c.length ? `; did you mean ${c.map((x) => `'${x}'`).join(', ')}?` : '');
  const sameCase = (written: string, c: string[]) => (written === written.toUpperCase() && written !== written.toLowerCase() ? c.map((x) => x.toUpperCase()) : c);

  // Template: braces and parentheses, then macro names and arity, then the dialect layer itself.
  for (const p of m.problems) add(p.start, p.end, p.code, p.message);
  let templateErrors = m.problems.length;
  for (const mac of m.macros) {
    const def = MACROS[mac.name];
    if (!def) {
      if (mac.nested) continue; // an ordinary function call inside a macro argument
      const c = closest(mac.name, Object.keys(MACROS));
      add(mac.nameSpan.start, mac.nameSpan.end, 'unknown-macro', `unknown macro ${mac.name}${didYouMean(c)} (macros: ${Object.keys(MACROS).join(', ')})`, DiagnosticSeverity.Error, c);
      templateErrors++;
      continue;
    }
    const wrong = arityMessage(mac.name, def, mac.argCount);
    if (wrong) {
      add(mac.start, mac.end, 'macro-arity', `${wrong}. ${def.doc}`);
      templateErrors++;
    }
  }
  // What is left is the dialects' own checks (argument types, quoted keys): render both and put
  // the error on the macro the renderer names.
  if (!templateErrors && m.macros.length) {
    for (const dialect of ['duckdb', 'snowflake'] as const) {
      try {
        renderSql(m.text, file.path, { dialect, sentiment: RENDER_THRESHOLDS });
      } catch (e) {
        const at = e instanceof TemplateError && e.span ? e.span : m.macros[0];
        add(at.start, at.end, 'template', `${e instanceof TemplateError ? e.reason : e instanceof Error ? e.message : String(e)} (${dialect})`);
        break;
      }
    }
  }

  // Tables.
  const cteNames = m.ctes.map((c) => c.name);
  const tableNames = catalog.tables.map((t) => t.name);
  for (const ref of m.tableRefs) {
    if (ref.relation.kind !== 'table') continue;
    const prevTok = m.tokens[m.tokens.indexOf(ref.token) - 1];
    if (prevTok?.text === '.' && role !== 'step') continue; // schema-qualified: not ours to judge
    if (!catalog.table(ref.token.text)) {
      const c = closest(ref.token.text, [...tableNames, ...cteNames]);
      add(ref.token.start, ref.token.end, 'unknown-table', `unknown table ${ref.token.text}: not in the pipeline catalog nor a CTE of this file${didYouMean(c)}`, DiagnosticSeverity.Error, c);
    }
  }

  // Columns.
  const cols = (name: string) => catalog.columns(name);
  for (const ref of m.columnRefs) {
    if (!ref.token) continue; // a qualifier being typed
    const name = ref.token.lower;
    if (ref.qualifier) {
      const rel = findRelation(ref.scope, ref.qualifier.lower);
      if (!rel) {
        if (unqualifiedKnown(m, ref.scope, ref.qualifier.lower, cols)) continue; // struct.field
        const visible = visibleRelations(ref.scope).map((r) => r.aliasToken?.text ?? r.name ?? '').filter(Boolean);
        const c = closest(ref.qualifier.text, visible);
        add(ref.qualifier.start, ref.qualifier.end, 'unknown-alias', `unknown table or alias ${ref.qualifier.text} in this SELECT${didYouMean(c)}`, DiagnosticSeverity.Error, c);
        continue;
      }
      const known = relationColumns(m, rel, cols);
      if (known && !known.includes(name)) {
        const c = sameCase(ref.token.text, closest(name, known));
        add(ref.token.start, ref.token.end, 'unknown-column', `unknown column ${ref.token.text} of ${rel.name ?? rel.aliasToken?.text ?? 'the relation'}${didYouMean(c)}`, DiagnosticSeverity.Error, c);
      }
      continue;
    }
    if (ref.scope.aliases.has(name) || m.ctes.some((c) => c.lower === name)) continue;
    const rels = visibleRelations(ref.scope);
    if (!rels.length || rels.some((r) => (r.alias ?? r.name?.toLowerCase()) === name)) continue;
    const all: string[] = [];
    let complete = true;
    for (const r of rels) {
      const k = relationColumns(m, r, cols);
      if (!k) { complete = false; break; }
      all.push(...k);
    }
    if (!complete || all.includes(name)) continue;
    const c = sameCase(ref.token.text, closest(name, all));
    add(ref.token.start, ref.token.end, 'unknown-column', `unknown column ${ref.token.text}: no table in this SELECT has it${didYouMean(c)}`, DiagnosticSeverity.Error, c);
  }

  if (role === 'step') stepDiagnostics(file, m, ws, catalog, add, didYouMean);
  return out;
}

function unqualifiedKnown(m: SqlModel, scope: Parameters<typeof visibleRelations>[0], name: string, cols: (n: string) => string[] | undefined): boolean {
  return visibleRelations(scope).some((r) => relationColumns(m, r, cols)?.includes(name));
}

type Add = (start: number, end: number, code: string, message: string, severity?: DiagnosticSeverity, candidates?: string[]) => void;

/** Header, output columns, the task graph and the dialect layer: what only step files promise. */
function stepDiagnostics(file: SqlFile, m: SqlModel, ws: SqlWorkspace, catalog: Catalog, add: Add, didYouMean: (c: string[]) => string): void {
  const place = stepPlace(file.path)!;
  const task = catalog.task(place.task);
  const firstLineEnd = m.lines.length > 1 ? m.lines[1] - 1 : m.text.length;
  if (!task) {
    const c = closest(place.task, catalog.tasks.map((t) => t.name));
    add(0, firstLineEnd, 'unknown-task', `folder ${place.task} is not a task of the pipeline graph${didYouMean(c)}`, DiagnosticSeverity.Warning);
  } else if (task.kind !== 'transform') {
    add(0, firstLineEnd, 'unknown-task', `task ${task.name} is a ${task.kind} task: only transform tasks run step SQL`, DiagnosticSeverity.Warning);
  }

  const h = m.header;
  if (!h) {
    add(0, firstLineEnd, 'header', `expected a header line "${TABLE_HEADER_FORM}" naming the table this step produces`);
  } else {
    const nameEnd = h.nameStart + h.table.length;
    const def = catalog.table(h.table);
    if (!def) {
      const c = closest(h.table, catalog.tables.map((t) => t.name));
      add(h.nameStart, nameEnd, 'unknown-table', `table ${h.table} is not in the pipeline catalog${didYouMean(c)}`, DiagnosticSeverity.Error, c);
    } else {
      if (task && !task.writes.includes(def.name)) {
        add(h.nameStart, nameEnd, 'header', `task ${task.name} does not write ${def.name} in the manifest (it writes ${task.writes.join(', ')})`);
      }
      const main = mainScope(m);
      const produced = main && scopeColumns(m, main, (n) => catalog.columns(n));
      if (produced) {
        const expected = def.columns.map((c) => c.name.toLowerCase());
        const missing = expected.filter((c) => !produced.includes(c));
        const extra = produced.filter((c) => !expected.includes(c));
        if (missing.length || extra.length) {
          add(h.nameStart, nameEnd, 'output-columns', `the SELECT does not produce the catalog columns of ${def.name}:${missing.length ? ` missing ${missing.join(', ')}` : ''}${extra.length ? `${missing.length ? ';' : ''} not in the catalog ${extra.join(', ')}` : ''}`, DiagnosticSeverity.Warning);
        }
      }
    }
  }

  // The task graph: every table a step reads must be written before it runs.
  if (task) {
    const upstream = catalog.upstreamOf(task.name);
    for (const ref of m.tableRefs) {
      if (ref.relation.kind !== 'table') continue;
      const def = catalog.table(ref.token.text);
      if (!def) continue;
      const at = [ref.token.start, ref.token.end] as const;
      if (h && def.name === h.table) { add(...at, 'dag-order', `this step reads its own output ${def.name}`); continue; }
      const writers = catalog.writersOf(def.name);
      if (!writers.length) { add(...at, 'dag-order', `no task of the pipeline writes ${def.name}, so it is empty or missing when ${task.name} runs`); continue; }
      if (writers.some((w) => w.name === task.name)) {
        const producer = ws.stepsOf(task.name).find((f) => ws.model(f).header?.table === def.name);
        const producerFile = producer ? stepPlace(producer.path)!.file : undefined;
        if (!producerFile) {
          add(...at, 'dag-order', `${task.name} writes ${def.name} in the manifest, but none of its step files has the header "-- table: ${def.name}"`);
        } else if (producerFile.localeCompare(place.file) > 0) {
          add(...at, 'dag-order', `${def.name} is written by ${producerFile}, a later step of ${task.name}: steps run in file-name order, so this step reads the previous run's data`);
        }
        continue;
      }
      if (!writers.some((w) => upstream.has(w.name))) {
        add(...at, 'dag-order', `${def.name} is written by ${writers.map((w) => w.name).join(', ')}, which is not upstream of ${task.name} in the task graph (a DAG ordering bug: add it to AFTER, or read a table an upstream task writes)`);
        continue;
      }
      if (!task.reads.includes(def.name)) {
        add(...at, 'undeclared-read', `${task.name} reads ${def.name} but the manifest does not list it in the task's reads (lineage and deploy use that list)`, DiagnosticSeverity.Warning);
      }
    }
  }

  // Outside {{ }} step SQL must be plain SQL both engines run.
  for (const f of m.functions) {
    if (f.inMacro && MACROS[f.name]) continue;
    const only = dialectOnly(f.name);
    if (!only) continue;
    const first = f.tokens[0];
    const last = f.tokens[f.tokens.length - 1];
    const display = f.tokens.map((t) => t.text).join('.');
    add(first.start, last.end, 'dialect-function', `${display} exists only in ${only.dialect}: step SQL runs on both DuckDB and Snowflake${only.instead ? `; use ${only.instead}` : '; move it into a dialect macro (src/core/sql/dialect.ts)'}`);
  }
}
