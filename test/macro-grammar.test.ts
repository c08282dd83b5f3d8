// One macro grammar: core's template parser (src/core/sql/template.ts) gives positions and typed
// errors, and the language server reads it instead of parsing `{{ }}` itself. The cases below are
// generated from MACROS, the one definition, so a new macro or a changed arity/column list is
// checked on both sides without editing this file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arityRange, MACROS, renderSql } from '../src/core/sql/dialect';
import { parseTemplate, TemplateError } from '../src/core/sql/template';
import { Catalog } from '../src/server/catalog';
import { DIALECT_ONLY } from '../src/server/dialect-functions';
import { diagnose } from '../src/server/diagnostics';
import { analyze, mainScope, relationColumns } from '../src/server/sql-model';
import { SqlWorkspace } from '../src/server/workspace';

const thresholds = { positive: 0.5, negative: -0.5 };
const STEP = 'sql/pipeline/any_task/01_silver_orders.sql';

/** The server's diagnostics for a step file with this text (messages are plain strings here). */
function serverDiagnostics(text: string): { code?: string | number; message: string; range: { start: { character: number }; end: { character: number } } }[] {
  return diagnose({ uri: 'file:///step.sql', path: STEP, text, open: true }, new SqlWorkspace(), new Catalog()).map((d) => ({ ...d, message: String(d.message) }));
}

function renderError(text: string): TemplateError | undefined {
  for (const dialect of ['duckdb', 'snowflake'] as const) {
    try { renderSql(text, STEP, { dialect, sentiment: thresholds }); } catch (e) { assert.ok(e instanceof TemplateError, String(e)); return e; }
  }
  return undefined;
}

const call = (name: string, n: number) => `{{ ${name}(${Array.from({ length: n }, (_, k) => `a${k}`).join(', ')}) }}`;

test('server and renderer agree on every macro\'s arity: the same counts are wrong, with the same words', () => {
  let checked = 0;
  for (const [name, def] of Object.entries(MACROS)) {
    const [lo, hi] = arityRange(def);
    for (const n of [lo - 1, hi + 1].filter((k) => k >= 0)) {
      const text = `SELECT ${call(name, n)} AS x FROM SILVER_ORDERS`;
      const rendered = renderError(text);
      assert.ok(rendered, `${name} with ${n} argument(s) must not render`);
      const arity = serverDiagnostics(text).filter((d) => d.code === 'macro-arity');
      assert.equal(arity.length, 1, `${name}/${n}: ${JSON.stringify(arity)}`);
      assert.ok(arity[0].message.startsWith(rendered.reason), `${arity[0].message} vs ${rendered.reason}`);
      checked++;
    }
    for (const n of new Set([lo, hi])) {
      const text = `SELECT ${call(name, n)} AS x FROM SILVER_ORDERS`;
      assert.doesNotMatch(renderError(text)?.reason ?? '', /argument\(s\), got/, `${name} with ${n} is a valid count`);
      assert.deepEqual(serverDiagnostics(text).filter((d) => d.code === 'macro-arity'), [], `${name}/${n}`);
    }
  }
  assert.ok(checked >= Object.keys(MACROS).length, `checked ${checked}`);
});

test('a table macro\'s columns are the definition\'s in the server, and DuckDB\'s rendering has them', async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const tables = Object.entries(MACROS).filter(([, d]) => d.columns);
  assert.ok(tables.length >= 1, 'flatten is a table macro');
  for (const [name, def] of Object.entries(MACROS)) {
    const text = `SELECT * FROM (SELECT '[1, 2]'::JSON AS a) AS t, {{ ${name}(t.a) }} AS f`;
    const m = analyze(text);
    const rel = mainScope(m)!.relations.find((r) => r.alias === 'f')!;
    assert.deepEqual(relationColumns(m, rel, () => undefined), def.columns ? [...def.columns] : undefined, name);
    if (!def.columns) continue;
    // The columns really exist in the DuckDB rendering, with one row per element.
    const sql = renderSql(`SELECT ${def.columns.map((col) => `f.${col}`).join(', ')} FROM (SELECT '[1, 2]'::JSON AS a) AS t, {{ ${name}(t.a) }} AS f`, 'cols.sql', { dialect: 'duckdb', sentiment: thresholds });
    const reader = await c.runAndReadAll(sql);
    assert.deepEqual(reader.columnNames(), [...def.columns], name);
    assert.equal(reader.getRows().length, 2, name);
    // Snowflake's rendering is FLATTEN, whose documented output has these columns in upper case.
    assert.match(renderSql(`SELECT 1 FROM t, {{ ${name}(t.a) }} AS f`, 'cols.sql', { dialect: 'snowflake', sentiment: thresholds }), /FLATTEN\(input => t\.a\)/);
  }
});

test('the parser gives the macro, name and argument positions, and errors with their ranges', () => {
  const sql = "SELECT\n  {{ field(o.payload, 'k', 'VARCHAR') }} AS k,\n  {{ array_agg(object('A', x), x) }}";
  const { calls, errors } = parseTemplate(sql, 'p.sql');
  assert.deepEqual(errors, []);
  assert.equal(calls.length, 2);
  const [field, agg] = calls;
  assert.deepEqual([field.line, field.column, sql.slice(field.start, field.end)], [2, 3, "{{ field(o.payload, 'k', 'VARCHAR') }}"]);
  assert.equal(sql.slice(field.nameSpan.start, field.nameSpan.end), 'field');
  assert.deepEqual(field.argSpans.map((a) => sql.slice(a.start, a.end)), ['o.payload', "'k'", "'VARCHAR'"]);
  const inner = agg.argCalls[0]!;
  assert.deepEqual([inner.name, inner.line, sql.slice(inner.start, inner.end), inner.args], ['object', 3, "object('A', x)", ["'A'", 'x']]);
  assert.equal(agg.argCalls[1], undefined);

  const cases: [string, RegExp, string][] = [
    ['SELECT {{ month_text(a)', /never closed/, '{{'],
    ['SELECT {{ month_text(a) AS m, {{ month_text(b) }}', /before the next \{\{/, '{{'],
    ['SELECT a }} AS m', /without an opening/, '}}'],
    ['SELECT {{ month_text }} AS m', /expected a macro call like/, '{{ month_text }}'],
    ["SELECT {{ field(a, 'k) }} AS m", /field: unterminated ' quote/, "{{ field(a, 'k) }}"],
  ];
  for (const [text, message, range] of cases) {
    const [e] = parseTemplate(text, 'q.sql').errors;
    assert.ok(e, text);
    assert.match(e.message, /^q\.sql:1: /);
    assert.match(e.reason, message);
    assert.equal(text.slice(e.span!.start, e.span!.end), range, text);
    // The server shows the same error on the same range.
    const d = serverDiagnostics(text).find((x) => x.code === 'template');
    assert.ok(d, text);
    assert.equal(d.message, e.reason);
    assert.equal(d.range.start.character, e.span!.start);
  }
});

test('a dialect check\'s error lands on the macro it is about, not on the first macro of its line', () => {
  const text = "SELECT {{ month_text(d) }} AS m, {{ field(v, 'k', 'BLOB') }} AS f FROM SILVER_ORDERS";
  const d = serverDiagnostics(text).filter((x) => x.code === 'template');
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.match(d[0].message, /unsupported type BLOB/);
  assert.equal(text.slice(d[0].range.start.character, d[0].range.end.character), "{{ field(v, 'k', 'BLOB') }}");
});

test('every "use {{ macro(…) }} instead" hint of the dialect-only functions names a macro that exists', () => {
  const hints = [...DIALECT_ONLY.values()].map((d) => d.instead).filter((i): i is string => !!i?.startsWith('{{'));
  assert.ok(hints.length >= 10, `${hints.length} hints`);
  for (const hint of hints) {
    const [call] = parseTemplate(hint.replace('…', 'x'), 'hint').calls;
    assert.ok(call && MACROS[call.name], `${hint} names no macro of MACROS`);
  }
});
