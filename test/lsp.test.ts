// The pipeline SQL language server over the protocol: dist/server.js runs as its own process on
// a temp copy of sql/ (plus a small local warehouse for types and row counts), and each feature
// is asserted on real step files and on broken copies of them opened in the "editor".
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest,
  ReferencesRequest, type CompletionItem, type Diagnostic, type DocumentSymbol, type Location, type MarkupContent,
  type Position, type TextEdit,
} from 'vscode-languageserver/node';
import { table } from '../src/core/manifest';
import { MACROS } from '../src/core/sql/dialect';
import { CATALOG_CHANGED_NOTIFICATION } from '../src/shared/lsp-protocol';
import { REPO, sqlFiles, startServer, type LspSession } from './helpers/lsp';

let s: LspSession;

before(async () => {
  s = await startServer({
    prepare: async (root) => {
      // A warehouse with one pipeline table: the server reads it READ_ONLY for hover details.
      mkdirSync(join(root, '.retail'));
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(join(root, '.retail', 'warehouse.duckdb'));
      const c = await db.connect();
      await c.run(`create table SILVER_ORDERS (order_id varchar, customer_id varchar, order_date date, total_amount decimal(10,2),
        status varchar, payment_method varchar, created_date timestamp, last_updated timestamp, state varchar)`);
      await c.run(`insert into SILVER_ORDERS (order_id, total_amount) values ('O1', 1.5), ('O2', 2), ('O3', 3)`);
      c.closeSync();
      db.closeSync();
    },
  });
});

after(async () => {
  await s?.close();
});

const read = (rel: string) => readFileSync(join(REPO, rel), 'utf8');
const STEP_FILES = sqlFiles(REPO).filter((f) => f.includes(join('sql', 'pipeline')));

/** Position of the n-th occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
function posOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" not found`);
  }
  const off = i + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

const text = (m: string | MarkupContent) => (typeof m === 'string' ? m : m.value);

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const off = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) {
    text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  }
  return text;
}

test('every shipped sql file gets diagnostics published, and the 20 step files have none', () => {
  assert.equal(STEP_FILES.length, 20);
  for (const rel of sqlFiles(REPO)) {
    const d = s.published.get(s.uri(rel));
    assert.ok(d, `${rel}: no diagnostics published`);
    assert.deepEqual(d.map((x) => `${x.range.start.line + 1}: ${x.message}`), [], rel);
  }
});

interface Broken {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly code: string;
  readonly message: RegExp;
  /** The quick fix that restores the file, if the diagnostic has one. */
  readonly fix?: string;
}

const BROKEN: Broken[] = [
  { file: 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql', from: 'SUM(o.total_amount)', to: 'SUM(o.total_amuont)', code: 'unknown-column', message: /unknown column total_amuont of SILVER_ORDERS; did you mean 'total_amount'/, fix: 'total_amount' },
  { file: 'sql/pipeline/customer_analytics_task/07_analytics_inventory_per_warehouse.sql', from: 'SUM(quantity)', to: 'SUM(quantiy)', code: 'unknown-column', message: /unknown column quantiy: no table in this SELECT has it; did you mean 'quantity'/, fix: 'quantity' },
  { file: 'sql/pipeline/bronze_silver_task/04_silver_orders.sql', from: 'FROM BRONZE_ORDERS', to: 'FROM BRONZE_ORDER', code: 'unknown-table', message: /unknown table BRONZE_ORDER: .*did you mean 'BRONZE_ORDERS'/, fix: 'BRONZE_ORDERS' },
  { file: 'sql/pipeline/bronze_silver_task/01_silver_customers.sql', from: '       a.state\n', to: '       s.state\n', code: 'unknown-alias', message: /unknown table or alias s in this SELECT/ },
  { file: 'sql/pipeline/customer_analytics_task/02_analytics_monthly_revenue.sql', from: '{{ month_text(order_date) }} AS', to: '{{ month_txt(order_date) }} AS', code: 'unknown-macro', message: /unknown macro month_txt; did you mean 'month_text'/, fix: 'month_text' },
  { file: 'sql/pipeline/customer_analytics_task/02_analytics_monthly_revenue.sql', from: '{{ month_text(order_date) }} AS', to: "{{ month_text(order_date, 'YYYY') }} AS", code: 'macro-arity', message: /month_text expects 1 argument\(s\), got 2/ },
  { file: 'sql/pipeline/silver_gold_task/02_gold_product_reviews_analytics.sql', from: "'rating', 'DOUBLE'", to: "'rating', 'DUBLE'", code: 'template', message: /field: unsupported type DUBLE/ },
  { file: 'sql/pipeline/customer_analytics_task/03_analytics_order_status_counts.sql', from: '{{ month_text(order_date) }} AS', to: '{{ month_text(order_date) AS', code: 'template', message: /macro opened with \{\{ but not closed with \}\} before the next \{\{/ },
  { file: 'sql/pipeline/customer_analytics_task/02_analytics_monthly_revenue.sql', from: '{{ month_text(order_date) }} AS', to: "strftime(order_date, '%Y-%m') AS", code: 'dialect-function', message: /strftime exists only in DuckDB.*month_text/ },
  { file: 'sql/pipeline/bronze_silver_task/01_silver_customers.sql', from: "{{ array_agg(object('TYPE', preference_type, 'VALUE', preference_value), preference_type, preference_value) }}", to: "ARRAY_AGG(OBJECT_CONSTRUCT('TYPE', preference_type, 'VALUE', preference_value))", code: 'dialect-function', message: /OBJECT_CONSTRUCT exists only in Snowflake.*object/ },
  { file: 'sql/pipeline/silver_gold_task/02_gold_product_reviews_analytics.sql', from: '{{ flatten(r.aspects) }}', to: 'TABLE(FLATTEN(input => r.aspects))', code: 'dialect-function', message: /FLATTEN exists only in Snowflake.*flatten/ },
  { file: 'sql/pipeline/bronze_silver_task/02_silver_products.sql', from: "{{ array_agg(object('NAME', spec_name, 'VALUE', spec_value), spec_name, spec_value) }}", to: "{{ array_agg(struct_pack(NAME := spec_name, VALUE := spec_value), spec_name, spec_value) }}", code: 'dialect-function', message: /struct_pack exists only in DuckDB.*object/ },
  // A step reading a table written by a later step of its own task, and one written downstream.
  { file: 'sql/pipeline/bronze_silver_task/01_silver_customers.sql', from: 'LEFT JOIN prefs AS p', to: 'LEFT JOIN SILVER_ORDERS AS o ON o.customer_id = c.customer_id LEFT JOIN prefs AS p', code: 'dag-order', message: /SILVER_ORDERS is written by 04_silver_orders.sql, a later step of bronze_silver_task/ },
  { file: 'sql/pipeline/order_analytics_task/05_analytics_state_category_analysis.sql', from: 'FROM SILVER_ORDERS AS o', to: 'FROM ANALYTICS_CUSTOMER_STATS AS x, SILVER_ORDERS AS o', code: 'dag-order', message: /ANALYTICS_CUSTOMER_STATS is written by customer_analytics_task, which is not upstream of order_analytics_task/ },
];

for (const b of BROKEN) {
  test(`broken copy: ${b.code} (${b.to.trim().slice(0, 50)}) in ${b.file.split('/').pop()}`, async () => {
    const good = read(b.file);
    assert.ok(good.includes(b.from), `${b.from} not in ${b.file}`);
    const bad = good.replace(b.from, b.to);
    const diags = await s.open(b.file, bad);
    const hit = diags.filter((d) => d.code === b.code);
    assert.equal(hit.length, 1, `expected one ${b.code}, got ${JSON.stringify(diags.map((d) => [d.code, d.message]))}`);
    assert.match(text(hit[0].message), b.message);
    if (b.fix) {
      const actions = await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: s.uri(b.file) }, range: hit[0].range, context: { diagnostics: hit } });
      const action = actions?.find((a) => 'edit' in a && a.title === `Change to '${b.fix}'`);
      assert.ok(action && 'edit' in action && action.edit?.changes, `no quick fix "Change to '${b.fix}'" in ${JSON.stringify(actions)}`);
      const fixed = applyEdits(bad, action.edit.changes[s.uri(b.file)]);
      assert.equal(fixed, good, 'the quick fix restores the file');
      assert.deepEqual(await s.change(b.file, fixed), []);
    }
    // Back to the shipped text: nothing left to report.
    assert.deepEqual(await s.change(b.file, good), []);
  });
}

test('completion after `o.` lists the columns of SILVER_ORDERS; after a CTE alias its columns; after {{ the macros; after FROM the tables', async () => {
  const file = 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql';
  const text = read(file).replace('COUNT(o.order_id)', 'COUNT(o.)');
  await s.open(file, text);
  const items = await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(text, 'COUNT(o.)', 'COUNT(o.'.length) });
  const labels = (items as CompletionItem[]).map((i) => i.label);
  assert.deepEqual(labels, table('SILVER_ORDERS').columns.map((c) => c.name));
  const amount = (items as CompletionItem[]).find((i) => i.label === 'total_amount')!;
  assert.match(amount.detail ?? '', /DECIMAL\(10,2\).*SILVER_ORDERS/);

  // 04_silver_orders: `o` is the CTE `latest` (SELECT * FROM BRONZE_ORDERS).
  const orders = 'sql/pipeline/bronze_silver_task/04_silver_orders.sql';
  const t2 = read(orders);
  const i2 = await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: s.uri(orders) }, position: posOf(t2, 'o.status', 2) });
  assert.deepEqual((i2 as CompletionItem[]).map((i) => i.label), table('BRONZE_ORDERS').columns.map((c) => c.name.toLowerCase()));

  const t3 = text.replace('FROM SILVER_CUSTOMERS AS c', 'FROM SILV');
  await s.change(file, t3);
  const i3 = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(t3, 'FROM SILV', 9) })) as CompletionItem[];
  assert.ok(i3.some((i) => i.label === 'SILVER_CUSTOMERS') && i3.every((i) => i.kind === 7 /* Class */ || i.kind === 9 /* Module */));
  const t4 = text.replace('COUNT(o.)', 'COUNT({{ ');
  await s.change(file, t4);
  const i4 = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(t4, 'COUNT({{ ', 9) })) as CompletionItem[];
  assert.deepEqual(i4.map((i) => i.label).sort(), Object.keys(MACROS).sort());

  // Elsewhere in the select list: columns in scope, tables, macros and portable functions; no
  // one-engine function in a step file.
  const t5 = text.replace('COUNT(o.)', 'COUNT(ord');
  await s.change(file, t5);
  const i5 = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(t5, 'COUNT(ord', 9) })) as CompletionItem[];
  const l5 = i5.map((i) => i.label);
  for (const want of ['order_id', 'first_name', 'SILVER_ORDERS', '{{ month_text }}', 'COALESCE']) assert.ok(l5.includes(want), `${want} in ${JSON.stringify(l5)}`);
  assert.ok(!l5.includes('OBJECT_CONSTRUCT') && !l5.includes('strftime'));
  await s.change(file, read(file));
});

test('hover: column type, producing step and the warehouse row count; macro renderings', async () => {
  const file = 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql';
  const text = read(file);
  // The server reads the warehouse in the background after initializing: wait for that reading
  // (CI, under load, once hovered before it finished).
  if (!s.logs.some((l) => /^catalog: column types/.test(l))) await s.nextLog(/^catalog: column types/);
  await s.open(file, text);
  const hoverAt = async (p: Position) => ((await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri(file) }, position: p }))?.contents as MarkupContent | undefined)?.value ?? '';
  const col = await hoverAt(posOf(text, 'o.total_amount', 4));
  assert.match(col, /total_amount\*\* `DECIMAL\(10,2\)` · warehouse type `DECIMAL\(10,2\)`/);
  assert.match(col, /Column of \*\*SILVER_ORDERS\*\* \(SILVER\)/);
  assert.match(col, /Written by: task `bronze_silver_task` — step `bronze_silver_task\/04_silver_orders.sql`/);
  assert.match(col, /Rows: 3 \(local warehouse\)/);
  const tbl = await hoverAt(posOf(text, 'SILVER_CUSTOMERS', 3));
  assert.match(tbl, /\*\*SILVER_CUSTOMERS\*\* · SILVER/);
  assert.match(tbl, /01_silver_customers.sql/);
  assert.match(tbl, /Not in the local warehouse yet/);
  assert.match(tbl, /\| preferences \| VARIANT \|/);

  // Through CTEs: `o` is the CTE latest (SELECT * FROM BRONZE_ORDERS); `a.state` is computed.
  const orders = 'sql/pipeline/bronze_silver_task/04_silver_orders.sql';
  const ot = read(orders);
  const oh = ((await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri(orders) }, position: posOf(ot, 'o.total_amount', 3) }))?.contents as MarkupContent).value;
  assert.match(oh, /total_amount\*\* `DECIMAL\(10,2\)`[\s\S]*Column of \*\*BRONZE_ORDERS\*\* \(BRONZE\), through CTE \*\*latest\*\*/);
  assert.match(oh, /Written by: task `mysql_order_task` \(load from mysql\)/);
  const cust = 'sql/pipeline/bronze_silver_task/01_silver_customers.sql';
  const ct = read(cust);
  const ch = ((await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri(cust) }, position: posOf(ct, 'a.state', 3) }))?.contents as MarkupContent).value;
  assert.match(ch, /state\*\* · computed in CTE \*\*addresses\*\*:[\s\S]*\{\{ us_state_code\(state_answer\) \}\}/);

  const rev = 'sql/pipeline/customer_analytics_task/02_analytics_monthly_revenue.sql';
  const rt = read(rev);
  await s.open(rev, rt);
  const mac = ((await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri(rev) }, position: posOf(rt, 'month_text', 2) }))?.contents as MarkupContent).value;
  assert.match(mac, /strftime\(order_date, '%Y-%m'\)/);
  assert.match(mac, /TO_CHAR\(order_date, 'YYYY-MM'\)/);
});

test('go to definition: from a table name to the step file that writes it; from a CTE name to its definition', async () => {
  const file = 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql';
  const text = read(file);
  const loc = (await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(text, 'SILVER_ORDERS', 2) })) as Location;
  assert.equal(loc.uri, s.uri('sql/pipeline/bronze_silver_task/04_silver_orders.sql'));
  assert.deepEqual(loc.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 23 } });

  const cust = 'sql/pipeline/bronze_silver_task/01_silver_customers.sql';
  const ct = read(cust);
  const cteLoc = (await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: s.uri(cust) }, position: posOf(ct, 'FROM answers', 6) })) as Location;
  assert.equal(cteLoc.uri, s.uri(cust));
  assert.deepEqual(cteLoc.range.start, posOf(ct, 'answers AS ('));
  // A column of SILVER_ORDERS: the select-list item of 04_silver_orders.sql that produces it.
  const colLoc = (await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(text, 'o.total_amount', 4) })) as Location;
  const ot = read('sql/pipeline/bronze_silver_task/04_silver_orders.sql');
  assert.equal(colLoc.uri, s.uri('sql/pipeline/bronze_silver_task/04_silver_orders.sql'));
  assert.deepEqual(colLoc.range, { start: posOf(ot, 'o.total_amount'), end: posOf(ot, 'o.total_amount', 'o.total_amount'.length) });

  // A bronze table is loaded, not written by a step file: no definition.
  assert.equal(await s.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: s.uri(cust) }, position: posOf(ct, 'FROM BRONZE_CUSTOMERS', 6) }), null);
});

test('find references: every step that reads a table, and its header', async () => {
  const file = 'sql/pipeline/bronze_silver_task/04_silver_orders.sql';
  const refs = (await s.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: s.uri(file) }, position: { line: 0, character: 12 }, context: { includeDeclaration: true } })) as Location[];
  // Counted independently: FROM/JOIN SILVER_ORDERS in the shipped files, plus the header.
  let expected = 1;
  const files = new Set<string>([s.uri(file)]);
  for (const rel of sqlFiles(REPO)) {
    const n = (read(rel).match(/\b(FROM|JOIN)\s+SILVER_ORDERS\b/g) ?? []).length;
    expected += n;
    if (n) files.add(s.uri(rel));
  }
  assert.equal(refs.length, expected);
  assert.deepEqual(new Set(refs.map((r) => r.uri)), files);
  assert.ok(expected >= 8);
});

test('document symbols: the output table with its columns, and the CTEs', async () => {
  const file = 'sql/pipeline/bronze_silver_task/01_silver_customers.sql';
  const syms = (await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: s.uri(file) } })) as DocumentSymbol[];
  assert.deepEqual(syms.map((x) => [x.name, x.detail]), [
    ['SILVER_CUSTOMERS', 'output table'], ['latest', 'CTE'], ['prefs', 'CTE'], ['answers', 'CTE'], ['addresses', 'CTE'],
  ]);
  assert.deepEqual(syms[0].children?.map((c) => c.name), table('SILVER_CUSTOMERS').columns.map((c) => c.name));
});

test('code lens: "Run step ▶ | Run from here" on step files calls the extension commands with the task', async () => {
  const file = 'sql/pipeline/silver_gold_task/03_gold_product_performance.sql';
  const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri(file) } });
  assert.deepEqual(lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
    [0, 'Run step ▶', 'retailPipeline.runTask', ['silver_gold_task']],
    [0, 'Run from here', 'retailPipeline.runFromTask', ['silver_gold_task']],
  ]);
  const ddl = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri('sql/mysql/retail_db.sql') } });
  assert.deepEqual(ddl, []);
});

test('a broken copy outside the shipped files: missing header and an unknown task folder', async () => {
  const rel = 'sql/pipeline/nightly_task/01_x.sql';
  const diags: Diagnostic[] = await s.open(rel, 'SELECT customer_id FROM SILVER_CUSTOMERS\n');
  assert.deepEqual(diags.map((d) => d.code).sort(), ['header', 'unknown-task']);
});

test('a workspace without sql/ (only sample data): the server indexes the step SQL shipped with it', async () => {
  const other = await startServer({ copySql: false });
  try {
    const rel = 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql';
    const uri = pathToFileURL(join(REPO, rel)).href;
    assert.deepEqual(await other.diagnostics(uri), []);
    const text = read(rel);
    const loc = (await other.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: posOf(text, 'SILVER_ORDERS', 2) })) as Location;
    assert.equal(loc.uri, pathToFileURL(join(REPO, 'sql/pipeline/bronze_silver_task/04_silver_orders.sql')).href);
  } finally {
    await other.close();
  }
});

test('live catalog: a locked warehouse is skipped (manifest only), a free one is re-read on "catalog changed"', async () => {
  const file = 'sql/pipeline/customer_analytics_task/01_analytics_customer_stats.sql';
  const text = read(file);
  const rows = async () => {
    const h = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri(file) }, position: posOf(text, 'o.total_amount', 4) });
    return /Rows: ([\d,]+)/.exec((h?.contents as MarkupContent).value)?.[1];
  };
  assert.equal(await rows(), '3');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // This process holds the file for writing, as a pipeline run in the extension would.
  const db = await DuckDBInstance.create(join(s.root, '.retail', 'warehouse.duckdb'));
  const c = await db.connect();
  try {
    await c.run(`insert into SILVER_ORDERS (order_id) values ('O4')`);
    const skipped = s.nextLog(/catalog: manifest only/);
    await s.conn.sendNotification(CATALOG_CHANGED_NOTIFICATION);
    assert.match(await skipped, /in use by another process/);
    assert.equal(await rows(), '3', 'the last reading stays until the warehouse is free');
  } finally {
    c.closeSync();
    db.closeSync();
  }
  const read2 = s.nextLog(/catalog: column types and row counts/);
  await s.conn.sendNotification(CATALOG_CHANGED_NOTIFICATION);
  await read2;
  assert.equal(await rows(), '4');
});

test('editing a step header re-checks the other steps of its task (published without opening them)', async () => {
  const producer = 'sql/pipeline/bronze_silver_task/01_silver_customers.sql';
  const reader = s.uri('sql/pipeline/bronze_silver_task/04_silver_orders.sql');
  const good = read(producer);
  let since = s.publishCount(reader);
  await s.open(producer, good.replace('-- table: SILVER_CUSTOMERS', '-- table: SILVER_CUSTOMERZ'));
  const d = await s.diagnostics(reader, since);
  assert.deepEqual(d.map((x) => x.code), ['dag-order']);
  assert.match(text(d[0].message), /bronze_silver_task writes SILVER_CUSTOMERS in the manifest, but none of its step files/);
  since = s.publishCount(reader);
  await s.change(producer, good);
  assert.deepEqual(await s.diagnostics(reader, since), []);
});
