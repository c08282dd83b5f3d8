// Operating the graph on Snowflake and reading it back, through the REAL driver and the wire
// double: the statements execute / retry / suspend / resume / call / drop send; history from
// COMPLETE_/CURRENT_TASK_GRAPHS and TASK_HISTORY and traces from the event table, served as
// Snowflake's own columns and types, mapped into the local target's row shapes (checked against
// the local DuckDB history and event tables' columns); and the `snowflake` CLI end to end.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { HISTORY_DDL } from '../src/core/history/schema';
import { streamLogger } from '../src/core/log';
import { TASKS } from '../src/core/manifest';
import { withClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { eventsOfGraphRun, listGraphRuns, spanTrees, taskHistory, type SpanNode } from '../src/core/snowflake/history';
import { callStep, dropGraph, operateSql, resumeGraph, startGraphRun, stepCall, suspendGraph } from '../src/core/snowflake/operate';
import { EVENTS_DDL } from '../src/core/telemetry/event-table';
import type { SpanNode as LocalSpanNode } from '../src/core/telemetry/query';
import { raw, runCliAsync, snowflakeHome, SnowflakeDouble, type ColumnType, type RecordedStatement, type ResultSet } from './helpers/snowflake-double';

const tmp = mkdtempSync(join(tmpdir(), 'sf-operate-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const cfg = resolveDeployConfig();
const logger = streamLogger(() => undefined);

// ---- Fixture rows with Snowflake's columns and types ----------------------------------------

type Fixture = { columns: { name: string; type: ColumnType }[]; rows: Record<string, string | null>[] };
const table = (columns: [string, ColumnType][], rows: Record<string, string | null>[]): Fixture => ({ columns: columns.map(([name, type]) => ({ name, type })), rows });
const rs = (f: Fixture, rows = f.rows): ResultSet => ({ columns: f.columns, rows: rows.map((r) => f.columns.map((c) => r[c.name] ?? null)) });

const GRAPH_COLUMNS: [string, ColumnType][] = [
  ['ROOT_TASK_NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['STATE', 'text'], ['SCHEDULED_FROM', 'text'],
  ['FIRST_ERROR_TASK_NAME', 'text'], ['FIRST_ERROR_CODE', 'fixed'], ['FIRST_ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'],
  ['QUERY_START_TIME', 'timestamp_ltz'], ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'],
  ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
const HISTORY_COLUMNS: [string, ColumnType][] = [
  ['QUERY_ID', 'text'], ['NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['QUERY_TEXT', 'text'], ['CONDITION_TEXT', 'text'],
  ['STATE', 'text'], ['ERROR_CODE', 'text'], ['ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'], ['QUERY_START_TIME', 'timestamp_ltz'],
  ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'], ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'],
  ['RETURN_VALUE', 'text'], ['SCHEDULED_FROM', 'text'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
const EVENT_COLUMNS: [string, ColumnType][] = [
  ['TIMESTAMP', 'timestamp_ltz'], ['START_TIMESTAMP', 'timestamp_ltz'], ['OBSERVED_TIMESTAMP', 'timestamp_ltz'], ['TRACE', 'object'], ['RESOURCE', 'object'],
  ['RESOURCE_ATTRIBUTES', 'object'], ['SCOPE', 'object'], ['SCOPE_ATTRIBUTES', 'object'], ['RECORD_TYPE', 'text'], ['RECORD', 'object'],
  ['RECORD_ATTRIBUTES', 'object'], ['VALUE', 'variant'], ['EXEMPLARS', 'variant'],
];

const G1 = '0a1b2c3d-1111-4000-8000-000000000001';
const G2 = '0a1b2c3d-2222-4000-8000-000000000002';
const ROOT_ID = '01b2c3d4-root';
const where = { DATABASE_NAME: 'RETAIL_PIPELINE', SCHEMA_NAME: 'RETAIL' };
const graph = (g: string, attempt: number, state: string, from: string, start: string, done: string | null, err?: [string, string, string]) => ({
  ROOT_TASK_NAME: 'RETAIL_ROOT_TASK', ...where, STATE: state, SCHEDULED_FROM: from, FIRST_ERROR_TASK_NAME: err?.[0] ?? null, FIRST_ERROR_CODE: err?.[1] ?? null,
  FIRST_ERROR_MESSAGE: err?.[2] ?? null, SCHEDULED_TIME: raw.ts(start), QUERY_START_TIME: raw.ts(start), NEXT_SCHEDULED_TIME: null,
  COMPLETED_TIME: done ? raw.ts(done) : null, ROOT_TASK_ID: ROOT_ID, GRAPH_VERSION: '3', RUN_ID: String(Date.parse(start)), ATTEMPT_NUMBER: String(attempt),
  CONFIG: null, GRAPH_RUN_GROUP_ID: g,
});
const graphs = table(GRAPH_COLUMNS, [
  graph(G1, 1, 'FAILED', 'SCHEDULE', '2026-11-20T08:00:00.000Z', '2026-11-20T08:03:10.500Z', ['SILVER_GOLD_TASK', '100132', 'JavaScript execution error: Uncaught Error: division by zero']),
  graph(G1, 2, 'SUCCEEDED', 'MANUAL RETRY', '2026-11-20T09:00:00.000Z', '2026-11-20T09:01:00.250Z'),
  // Another pipeline in another schema: filtered out by the WHERE.
  { ...graph('other', 1, 'SUCCEEDED', 'SCHEDULE', '2026-11-21T00:00:00.000Z', '2026-11-21T00:01:00.000Z'), SCHEMA_NAME: 'OTHER' },
]);
const currentGraphs = table(GRAPH_COLUMNS, [
  { ...graph(G2, 1, 'EXECUTING', 'EXECUTE TASK', '2026-11-21T10:00:00.000Z', null) },
  { ...graph('next', 1, 'SCHEDULED', 'SCHEDULE', '2026-11-22T08:00:00.000Z', null), QUERY_START_TIME: null },
]);

let qid = 0;
const histRow = (g: string, attempt: number, name: string, state: string, start: string | null, done: string | null, extra: Record<string, string | null> = {}) => ({
  QUERY_ID: start ? `01b-q-${++qid}` : null, NAME: name.toUpperCase(), ...where, QUERY_TEXT: 'CALL …', CONDITION_TEXT: null, STATE: state,
  ERROR_CODE: null, ERROR_MESSAGE: null, SCHEDULED_TIME: raw.ts(attempt === 1 ? '2026-11-20T08:00:00.000Z' : '2026-11-20T09:00:00.000Z'),
  QUERY_START_TIME: start ? raw.ts(start) : null, NEXT_SCHEDULED_TIME: null, COMPLETED_TIME: done ? raw.ts(done) : null, ROOT_TASK_ID: ROOT_ID,
  GRAPH_VERSION: '3', RUN_ID: '1', RETURN_VALUE: null, SCHEDULED_FROM: attempt === 1 ? 'SCHEDULE' : 'MANUAL RETRY', ATTEMPT_NUMBER: String(attempt),
  CONFIG: null, GRAPH_RUN_GROUP_ID: g, ...extra,
});
const history = table(HISTORY_COLUMNS, [
  ...TASKS.filter((t) => !['silver_gold_task', 'order_analytics_task', 'customer_analytics_task'].includes(t.name))
    .map((t, i) => histRow(G1, 1, t.name, 'SUCCEEDED', `2026-11-20T08:00:${String(i * 2).padStart(2, '0')}.000Z`, `2026-11-20T08:00:${String(i * 2 + 1).padStart(2, '0')}.000Z`, t.procedure ? { RETURN_VALUE: `${t.name} ok` } : {})),
  histRow(G1, 1, 'silver_gold_task', 'FAILED', '2026-11-20T08:03:00.000Z', '2026-11-20T08:03:10.500Z', { ERROR_CODE: '100132', ERROR_MESSAGE: 'JavaScript execution error: Uncaught Error: division by zero' }),
  histRow(G1, 1, 'order_analytics_task', 'SKIPPED', null, null),
  histRow(G1, 1, 'customer_analytics_task', 'SKIPPED', null, null),
  histRow(G1, 2, 'silver_gold_task', 'SUCCEEDED', '2026-11-20T09:00:00.000Z', '2026-11-20T09:00:40.000Z', { RETURN_VALUE: 'GOLD_CUSTOMER_INSIGHTS: 100 rows; ' }),
  histRow(G1, 2, 'order_analytics_task', 'SUCCEEDED', '2026-11-20T09:00:41.000Z', '2026-11-20T09:00:59.000Z'),
  histRow(G1, 2, 'customer_analytics_task', 'SUCCEEDED', '2026-11-20T09:00:41.000Z', '2026-11-20T09:01:00.000Z'),
  histRow(G2, 1, 'retail_root_task', 'SUCCEEDED', '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:01.000Z'),
  histRow(G2, 1, 'productreview_task', 'EXECUTING', '2026-11-21T10:00:02.000Z', null),
]);
const sgQuery = history.rows.find((r) => r.NAME === 'SILVER_GOLD_TASK' && r.ATTEMPT_NUMBER === '1')!.QUERY_ID!;
const ev = (type: string, start: string | null, end: string, trace: object, record: object, attrs: object | null, value: unknown, queryId = sgQuery) => ({
  TIMESTAMP: raw.ts(end), START_TIMESTAMP: start ? raw.ts(start) : null, OBSERVED_TIMESTAMP: raw.ts(end), TRACE: raw.json(trace), RESOURCE: null,
  RESOURCE_ATTRIBUTES: raw.json({ 'snow.query.id': queryId, 'snow.executable.name': 'USP_LOADSILVERTOGOLD():VARCHAR', 'snow.database.name': 'RETAIL_PIPELINE' }),
  SCOPE: raw.json({ name: 'snow.sql' }), SCOPE_ATTRIBUTES: null, RECORD_TYPE: type, RECORD: raw.json(record), RECORD_ATTRIBUTES: attrs ? raw.json(attrs) : null,
  VALUE: value === undefined ? null : raw.json(value), EXEMPLARS: null,
});
const T = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const events = table(EVENT_COLUMNS, [
  ev('SPAN', '2026-11-20T08:03:00.000Z', '2026-11-20T08:03:10.400Z', { trace_id: T, span_id: '0000000000000001' }, { name: 'USP_LOADSILVERTOGOLD', kind: 'SPAN_KIND_INTERNAL', status: { code: 'STATUS_CODE_ERROR', message: 'division by zero' } }, { 'snow.input.rows': 10 }, undefined),
  ev('SPAN', '2026-11-20T08:03:01.000Z', '2026-11-20T08:03:05.000Z', { trace_id: T, span_id: '0000000000000002' }, { name: 'INSERT OVERWRITE GOLD_CUSTOMER_INSIGHTS', kind: 'SPAN_KIND_INTERNAL', parent_span_id: '0000000000000001', status: { code: 'STATUS_CODE_UNSET' } }, { 'db.query.table.names': ['GOLD_CUSTOMER_INSIGHTS'] }, undefined),
  ev('LOG', null, '2026-11-20T08:03:10.300Z', { trace_id: T, span_id: '0000000000000001' }, { severity_text: 'ERROR' }, null, 'silver_gold_task failed: division by zero'),
  // A row of another query: not part of the graph run.
  ev('LOG', null, '2026-11-20T08:03:10.300Z', { trace_id: 'ffff', span_id: '1' }, { severity_text: 'INFO' }, null, 'other', 'not-a-task-query'),
]);

/** What Snowflake does with the reads: the WHERE on database, schema and graph run group. */
function serveHistory(d: SnowflakeDouble, graphRows = () => graphs.rows, currentRows = () => currentGraphs.rows): void {
  const match = (r: Record<string, string | null>, st: RecordedStatement) => r.DATABASE_NAME === st.binds[0] && r.SCHEMA_NAME === st.binds[1] && (st.binds.length < 3 || r.GRAPH_RUN_GROUP_ID === st.binds[2]);
  d.respond((st) => (/INFORMATION_SCHEMA\.COMPLETE_TASK_GRAPHS\(/.test(st.sqlText) ? rs(graphs, graphRows().filter((r) => match(r, st))) : undefined));
  d.respond((st) => (/INFORMATION_SCHEMA\.CURRENT_TASK_GRAPHS\(/.test(st.sqlText) ? rs(currentGraphs, currentRows().filter((r) => match(r, st))) : undefined));
  d.respond((st) => (/INFORMATION_SCHEMA\.TASK_HISTORY\(/.test(st.sqlText) ? rs(history, history.rows.filter((r) => match(r, st))) : undefined));
  d.respond((st) => (/FROM "RETAIL_PIPELINE"\."RETAIL"\."RETAIL_EVENTS"/.test(st.sqlText)
    ? rs(events, events.rows.filter((r) => st.binds.includes(JSON.parse(r.RESOURCE_ATTRIBUTES!)['snow.query.id']))) : undefined));
}

const withDouble = async (fn: (d: SnowflakeDouble) => Promise<void>): Promise<void> => {
  await SnowflakeDouble.around(fn);
};

/** Column names of a local DuckDB relation built from the local target's own DDL. */
async function localColumns(ddl: readonly string[], relation: string): Promise<string[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const s of ddl) await conn.run(s);
    return (await conn.runAndReadAll(`select * from ${relation} limit 0`)).columnNames();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

// ---- Tests ------------------------------------------------------------------------------------

test('operate statements: EXECUTE TASK, RETRY LAST, SUSPEND, SYSTEM$TASK_DEPENDENTS_ENABLE, CALL, DROP leaves first', () => withDouble(async (d) => {
  d.answer(/^CALL usp_loadBronzeToSilver\(\)$/, { columns: [{ name: 'USP_LOADBRONZETOSILVER', type: 'text' }], rows: [['SILVER_ORDERS: 10 rows; ']] });
  await withClient(d.connectionOptions(), logger, async (c) => {
    await startGraphRun(c, cfg, 'execute');
    await startGraphRun(c, cfg, 'retry');
    await suspendGraph(c, cfg);
    await resumeGraph(c, cfg);
    assert.equal(await callStep(c, cfg, 'bronze_silver_task'), 'SILVER_ORDERS: 10 rows; ');
    await callStep(c, cfg, 'mysql_order_task');
    await dropGraph(c, cfg);
  });
  const root = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';
  const drops = d.sqlTexts.filter((s) => s.startsWith('DROP TASK'));
  // A step runs in the deploy's context (the same builder): role, warehouse, database, schema.
  const context = ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "RETAIL_WH"', 'USE DATABASE "RETAIL_PIPELINE"', 'USE SCHEMA "RETAIL_PIPELINE"."RETAIL"'];
  assert.deepEqual(d.sqlTexts.slice(0, 14), [
    `EXECUTE TASK ${root}`, `EXECUTE TASK ${root} RETRY LAST`, `ALTER TASK ${root} SUSPEND`,
    `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('RETAIL_PIPELINE.RETAIL.RETAIL_ROOT_TASK')`,
    ...context, 'CALL usp_loadBronzeToSilver()',
    ...context, "CALL usp_loadMySQLData('retail_db', 'orders', 'BRONZE_ORDERS')",
  ]);
  assert.equal(d.sqlTexts[14], `ALTER TASK IF EXISTS ${root} SUSPEND`);
  assert.equal(drops.length, 14);
  assert.equal(drops.at(-1), `DROP TASK IF EXISTS ${root}`);
  // Every task is dropped after all of its successors.
  const pos = (n: string) => drops.indexOf(`DROP TASK IF EXISTS "RETAIL_PIPELINE"."RETAIL"."${n.toUpperCase()}"`);
  for (const t of TASKS) for (const a of t.after) assert.ok(pos(a) > pos(t.name), `${a} dropped after ${t.name}`);
  assert.throws(() => stepCall(cfg, 'retail_root_task'), /runs no procedure/);
  assert.throws(() => stepCall(cfg, 'nope'), /Unknown task "nope"/);
}));

test('history: graph runs and task runs in the local target\'s shapes (columns of the local DuckDB history tables)', () => withDouble(async (d) => {
  serveHistory(d);
  const localSummary = await localColumns(HISTORY_DDL, 'TASK_GRAPH_RUN_SUMMARY');
  const localHistory = await localColumns(HISTORY_DDL, 'TASK_HISTORY');
  await withClient(d.connectionOptions(), logger, async (c) => {
    const runs = await listGraphRuns(c, cfg);
    assert.deepEqual(runs.map((r) => [r.GRAPH_RUN_GROUP_ID, r.ATTEMPT_NUMBER, r.STATE]), [[G2, 1, 'EXECUTING'], [G1, 2, 'SUCCEEDED'], [G1, 1, 'FAILED']]);
    for (const r of runs) assert.deepEqual(Object.keys(r).sort(), [...localSummary].sort());
    const failed = runs[2];
    assert.deepEqual(failed, {
      ROOT_TASK_NAME: 'retail_root_task', STATE: 'FAILED', SCHEDULED_TIME: '2026-11-20T08:00:00.000Z', QUERY_START_TIME: '2026-11-20T08:00:00.000Z',
      COMPLETED_TIME: '2026-11-20T08:03:10.500Z', GRAPH_RUN_GROUP_ID: G1, ATTEMPT_NUMBER: 1, SCHEDULED_FROM: 'SCHEDULE', ROOT_TASK_ID: ROOT_ID,
      FIRST_ERROR_TASK_NAME: 'silver_gold_task', FIRST_ERROR_CODE: '100132', FIRST_ERROR_MESSAGE: 'JavaScript execution error: Uncaught Error: division by zero',
      DURATION_MS: 190_500, TASK_COUNT: 14, TRACE_ID: null,
    });
    assert.equal(runs[1].TASK_COUNT, 3);
    assert.equal(runs[1].DURATION_MS, 60_250);
    assert.equal(runs[0].COMPLETED_TIME, null);
    assert.equal(runs[0].DURATION_MS, null);
    assert.deepEqual((await listGraphRuns(c, cfg, 1)).map((r) => r.GRAPH_RUN_GROUP_ID), [G2]);

    const tasks = await taskHistory(c, cfg, G1);
    assert.equal(tasks.length, 17);
    for (const r of tasks) {
      const { QUERY_ID, ...shared } = r;
      assert.ok(QUERY_ID === null || QUERY_ID.startsWith('01b-q-'));
      assert.deepEqual(Object.keys(shared).sort(), [...localHistory].sort());
    }
    assert.deepEqual(tasks.slice(0, 3).map((r) => r.NAME), ['retail_root_task', 'productreview_task', 'customer_preferences_task']);
    assert.deepEqual(tasks.slice(11, 14).map((r) => [r.NAME, r.STATE]), [['silver_gold_task', 'FAILED'], ['customer_analytics_task', 'SKIPPED'], ['order_analytics_task', 'SKIPPED']]);
    const sg = tasks[11];
    assert.equal(sg.ERROR_CODE, '100132');
    assert.equal(sg.DURATION_MS, 10_500);
    assert.equal(sg.SCHEDULED_FROM, 'SCHEDULE');
    assert.deepEqual(tasks.slice(14).map((r) => [r.NAME, r.ATTEMPT_NUMBER, r.SCHEDULED_FROM]), [
      ['silver_gold_task', 2, 'MANUAL RETRY'], ['customer_analytics_task', 2, 'MANUAL RETRY'], ['order_analytics_task', 2, 'MANUAL RETRY']]);
  });
  // The reads filtered on the pipeline's database and schema, as binds.
  const reads = d.statements.filter((s) => /TASK_HISTORY\(/.test(s.sqlText));
  assert.ok(reads.every((s) => s.binds[0] === 'RETAIL_PIPELINE' && s.binds[1] === 'RETAIL'));
  assert.ok(reads.some((s) => s.binds[2] === G1));
}));

test('traces: event-table rows of a graph run\'s task queries, in the local EVENTS shape, and their span tree', () => withDouble(async (d) => {
  serveHistory(d);
  const localEvents = await localColumns([EVENTS_DDL], 'EVENTS');
  await withClient(d.connectionOptions(), logger, async (c) => {
    const rows = await eventsOfGraphRun(c, cfg, await taskHistory(c, cfg, G1));
    assert.equal(rows.length, 3);
    for (const r of rows) assert.deepEqual(Object.keys(r), localEvents);
    assert.deepEqual(rows.map((r) => r.RECORD_TYPE), ['SPAN', 'SPAN', 'LOG']);
    assert.equal(rows[0].START_TIMESTAMP, '2026-11-20T08:03:00.000Z');
    assert.deepEqual(JSON.parse(rows[0].TRACE!), { trace_id: T, span_id: '0000000000000001' });
    assert.equal(JSON.parse(rows[2].VALUE!), 'silver_gold_task failed: division by zero');
    const trees: LocalSpanNode[] = spanTrees(rows) satisfies SpanNode[];
    assert.equal(trees.length, 1);
    assert.equal(trees[0].name, 'USP_LOADSILVERTOGOLD');
    assert.equal(trees[0].status, 'ERROR');
    assert.equal(trees[0].statusMessage, 'division by zero');
    assert.equal(trees[0].endUs - trees[0].startUs, 10_400_000);
    assert.deepEqual(trees[0].attributes, { 'snow.input.rows': 10 });
    assert.deepEqual(trees[0].children.map((x) => x.name), ['INSERT OVERWRITE GOLD_CUSTOMER_INSIGHTS']);
  });
  const read = d.statements.find((s) => s.sqlText.includes('RETAIL_EVENTS'))!;
  // 17 task runs, 2 of them SKIPPED (no query): 15 query ids.
  assert.match(read.sqlText, /WHERE RESOURCE_ATTRIBUTES:"snow\.query\.id"::VARCHAR IN \(\?(, \?){14}\)\n/);
  assert.equal(read.binds.at(-1), '2026-11-20T08:00:00.000Z');
  // TIMESTAMP is UTC wall time (NTZ): the bound instant is converted to UTC, not to the session zone.
  assert.match(read.sqlText, /TIMESTAMP >= DATEADD\(HOUR, -1, CONVERT_TIMEZONE\('UTC', \?::TIMESTAMP_TZ\)::TIMESTAMP_NTZ\)/);
}));

test('execute --wait polls the graph runs until the new run finishes', () => withDouble(async (d) => {
  let executed = false;
  let polls = 0;
  const G3 = '0a1b2c3d-3333-4000-8000-000000000003';
  // Submitted, the run shows in CURRENT_TASK_GRAPHS for two polls, then in COMPLETE_TASK_GRAPHS.
  const completed = graph(G3, 1, 'SUCCEEDED', 'EXECUTE TASK', '2026-11-22T10:00:00.000Z', '2026-11-22T10:02:00.000Z');
  serveHistory(d, () => (polls >= 3 ? [...graphs.rows, completed] : graphs.rows), () => {
    if (!executed) return [];
    polls++;
    return polls < 3 ? [graph(G3, 1, 'EXECUTING', 'EXECUTE TASK', '2026-11-22T10:00:00.000Z', null)] : [];
  });
  d.respond((st) => {
    if (/^EXECUTE TASK/.test(st.sqlText)) executed = true;
    return undefined;
  });
  const r = await runCliAsync(['snowflake', 'execute', '--connection', 'double', '--wait', '--poll-seconds', '1', '--json'], { SNOWFLAKE_HOME: snowflakeHome(d, tmp) });
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout);
  assert.equal(run.GRAPH_RUN_GROUP_ID, G3);
  assert.equal(run.STATE, 'SUCCEEDED');
  assert.equal(run.DURATION_MS, 120_000);
  assert.match(r.stderr, /graph run EXECUTING/);
  assert.equal(d.sqlTexts.filter((s) => s.startsWith('EXECUTE TASK')).length, 1);
  // 3 polls, the one that found it completed also reading CURRENT_TASK_GRAPHS, then the report's
  // read of the run's graph-history row (printed as JSON).
  assert.equal(polls, 5, "the poll that found it completed also read CURRENT_TASK_GRAPHS");
}));

test('CLI: snowflake history / history --run PREFIX / traces / call / suspend / resume with --connection', () => withDouble(async (d) => {
  serveHistory(d);
  d.answer(/^CALL usp_loadOrderAnalytics\(\)$/, { columns: [{ name: 'USP_LOADORDERANALYTICS', type: 'text' }], rows: [['ANALYTICS_MONTHLY_REVENUE: 12 rows; ']] });
  const env = { SNOWFLAKE_HOME: snowflakeHome(d, tmp) };
  const h = await runCliAsync(['snowflake', 'history', '--connection', 'double', '--json'], env);
  assert.equal(h.code, 0, h.stderr);
  const runs = JSON.parse(h.stdout);
  // The connection names no warehouse: the pipeline's is used (INFORMATION_SCHEMA reads need one).
  assert.equal(d.logins.at(-1)!.query.warehouse, 'RETAIL_WH');
  assert.deepEqual(runs.map((r: { GRAPH_RUN_GROUP_ID: string; STATE: string }) => r.STATE), ['EXECUTING', 'SUCCEEDED', 'FAILED']);
  const table = await runCliAsync(['snowflake', 'history', '--connection', 'double'], env);
  assert.match(table.stdout, /GRAPH_RUN_GROUP_ID\s+ATTEMPT_NUMBER\s+STATE/);
  assert.match(table.stdout, new RegExp(`${G1}\\s+1\\s+FAILED\\s+SCHEDULE .*silver_gold_task`));
  const one = await runCliAsync(['snowflake', 'history', '--connection', 'double', '--run', G1.slice(0, 13), '--json'], env);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout).length, 17);
  const amb = await runCliAsync(['snowflake', 'history', '--connection', 'double', '--run', '0a1b2c3d'], env);
  assert.equal(amb.code, 1);
  assert.match(amb.stderr, /ambiguous/);
  const tr = await runCliAsync(['snowflake', 'traces', '--connection', 'double', '--run', G1], env);
  assert.equal(tr.code, 0, tr.stderr);
  assert.match(tr.stdout, new RegExp(`graph run ${G1}: 3 event rows from RETAIL_PIPELINE.RETAIL.RETAIL_EVENTS\\ntrace ${T}\\n  USP_LOADSILVERTOGOLD  10\\.4 s  ERROR  division by zero\\n    INSERT OVERWRITE GOLD_CUSTOMER_INSIGHTS  4\\.0 s  UNSET`));
  const call = await runCliAsync(['snowflake', 'call', 'order_analytics_task', '--connection', 'double'], env);
  assert.equal(call.code, 0, call.stderr);
  assert.equal(call.stdout, 'ANALYTICS_MONTHLY_REVENUE: 12 rows; \n');
  // The local target's verbs: run --only TASK calls the step, run executes the graph.
  const only = await runCliAsync(['snowflake', 'run', '--only', 'order_analytics_task', '--connection', 'double'], env);
  assert.equal(only.stdout, call.stdout);
  assert.equal((await runCliAsync(['snowflake', 'run', '--connection', 'double'], env)).code, 0);
  assert.equal(d.sqlTexts.at(-1), operateSql.execute(cfg));
  assert.equal((await runCliAsync(['snowflake', 'suspend', '--connection', 'double'], env)).code, 0);
  assert.equal((await runCliAsync(['snowflake', 'resume', '--connection', 'double', '--database', 'PIPE_TEST', '--schema', 'S1'], env)).code, 0);
  assert.deepEqual(d.sqlTexts.slice(-2), [operateSql.suspend(cfg), `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('PIPE_TEST.S1.RETAIL_ROOT_TASK')`]);
  // The local commands with --connection act on Snowflake: the same output as `snowflake <verb>`.
  const local = await runCliAsync(['history', '--connection', 'double', '--json'], env);
  assert.equal(local.code, 0, local.stderr);
  assert.deepEqual(JSON.parse(local.stdout), runs);
  const localRun = await runCliAsync(['run', '--only', 'order_analytics_task', '--connection', 'double'], env);
  assert.equal(localRun.stdout, call.stdout);
  const bad = await runCliAsync(['snowflake', 'launch', '--connection', 'double'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected one of execute, run, retry, suspend, resume, call, history, traces, drop/);
}));

test('end to end through the CLI: deploy, execute --wait, history --run and traces --run of the new graph run', () => withDouble(async (d) => {
  const G9 = '0a1b2c3d-9999-4000-8000-000000000009';
  let executed = false;
  let polls = 0;
  const runRows = TASKS.filter((t) => t.procedure || t.after.length === 0)
    .map((t, i) => histRow(G9, 1, t.name, 'SUCCEEDED', `2026-11-23T10:00:${String(i * 2).padStart(2, '0')}.000Z`, `2026-11-23T10:00:${String(i * 2 + 1).padStart(2, '0')}.000Z`, { SCHEDULED_FROM: 'EXECUTE TASK' }));
  const bsQuery = runRows.find((r) => r.NAME === 'BRONZE_SILVER_TASK')!.QUERY_ID!;
  const runEvents = [ev('SPAN', '2026-11-23T10:00:18.000Z', '2026-11-23T10:00:19.000Z', { trace_id: 'b'.repeat(32), span_id: '00000000000000aa' },
    { name: 'USP_LOADBRONZETOSILVER', kind: 'SPAN_KIND_INTERNAL', status: { code: 'STATUS_CODE_OK' } }, { 'snow.output.rows': 1000 }, undefined, bsQuery)];
  const match = (r: Record<string, string | null>, st: RecordedStatement) => r.DATABASE_NAME === st.binds[0] && r.SCHEMA_NAME === st.binds[1] && (st.binds.length < 3 || r.GRAPH_RUN_GROUP_ID === st.binds[2]);
  const done = graph(G9, 1, 'SUCCEEDED', 'EXECUTE TASK', '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:28.000Z');
  d.respond((st) => {
    if (/^EXECUTE TASK/.test(st.sqlText)) executed = true;
    if (/COMPLETE_TASK_GRAPHS\(/.test(st.sqlText)) return rs(graphs, executed && polls >= 2 ? [done] : []);
    if (/CURRENT_TASK_GRAPHS\(/.test(st.sqlText)) return rs(currentGraphs, executed && ++polls < 2 ? [graph(G9, 1, 'EXECUTING', 'EXECUTE TASK', '2026-11-23T10:00:00.000Z', null)] : []);
    if (/TASK_HISTORY\(/.test(st.sqlText)) return rs(history, executed ? runRows.filter((r) => match(r, st)) : []);
    if (/RETAIL_EVENTS/.test(st.sqlText)) return rs(events, runEvents.filter((r) => st.binds.includes(JSON.parse(r.RESOURCE_ATTRIBUTES!)['snow.query.id'])));
    return undefined;
  });
  const dataDir = mkdtempSync(join(tmp, 'data-'));
  for (const t of TASKS) if (t.source && t.source.kind !== 'mysql') writeFileSync(join(dataDir, (t.source as { file: string }).file), '[]');
  const env = { SNOWFLAKE_HOME: snowflakeHome(d, tmp), RETAIL_MYSQL_URL: 'mysql://loader:Pw-e2e-123@127.0.0.1:3306/retail_db' };
  const dep = await runCliAsync(['deploy', '--connection', 'double', '--data', dataDir], env);
  assert.equal(dep.code, 0, dep.stderr);
  assert.equal(d.sqlTexts.at(-1), "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')");
  const ex = await runCliAsync(['snowflake', 'execute', '--connection', 'double', '--wait', '--poll-seconds', '1', '--json'], env);
  assert.equal(ex.code, 0, ex.stderr);
  assert.deepEqual([JSON.parse(ex.stdout).GRAPH_RUN_GROUP_ID, JSON.parse(ex.stdout).STATE, JSON.parse(ex.stdout).TASK_COUNT], [G9, 'SUCCEEDED', 14]);
  const h = await runCliAsync(['snowflake', 'history', '--connection', 'double', '--run', G9.slice(0, 8), '--json'], env);
  assert.equal(h.code, 0, h.stderr);
  const tasks = JSON.parse(h.stdout) as { NAME: string; STATE: string }[];
  assert.deepEqual(tasks.map((x) => x.NAME).sort(), TASKS.filter((t) => t.procedure || t.after.length === 0).map((t) => t.name).sort());
  assert.ok(tasks.every((x) => x.STATE === 'SUCCEEDED'));
  const tr = await runCliAsync(['snowflake', 'traces', '--connection', 'double', '--run', G9, '--json'], env);
  assert.equal(tr.code, 0, tr.stderr);
  const rows = JSON.parse(tr.stdout) as { RECORD: string; RECORD_ATTRIBUTES: string }[];
  assert.equal(rows.length, 1);
  assert.equal(JSON.parse(rows[0].RECORD).name, 'USP_LOADBRONZETOSILVER');
  assert.deepEqual(JSON.parse(rows[0].RECORD_ATTRIBUTES), { 'snow.output.rows': 1000 });
  assert.equal(d.requestsCarrying('Pw-e2e-123').length, 1, 'the MySQL password only inside CREATE SECRET');
}));
