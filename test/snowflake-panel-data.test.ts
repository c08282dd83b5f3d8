// The extension's Run History / Traces panels and Pipeline tree on the Snowflake target, through
// the REAL driver and the wire double: TASK_HISTORY, COMPLETE_/CURRENT_TASK_GRAPHS,
// INFORMATION_SCHEMA.TABLES and the event table served with Snowflake's columns and types, the
// reads' WHERE / QUALIFY / GROUP BY / time window modelled by the responders below, mapped into
// the webview protocol's shapes; a trace's detail is checked against the local target's
// loadTrace/listTraces on the same events in a real DuckDB EVENTS table. The statements' text is
// held in a golden file (regenerate deliberately: UPDATE_GOLDEN=1 npm test -- test/snowflake-panel-data.test.ts).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { listTraces, loadTrace } from '../src/core/dashboard/history-data';
import { streamLogger } from '../src/core/log';
import { TABLES, TASKS } from '../src/core/manifest';
import { SnowflakeStatementError, withClient, type SnowflakeClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { toTaskRunRow } from '../src/core/snowflake/history';
import { graphRunFromTasks, loadRunHistorySnowflake, MAX_TASK_HISTORY_MINUTES, readSnowflakeSnapshot } from '../src/core/snowflake/panel-data';
import { listTracesSnowflake, loadTraceSnowflake } from '../src/core/snowflake/panel-traces';
import { EVENTS_DDL } from '../src/core/telemetry/event-table';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { SnowflakeDouble, type RecordedStatement } from './helpers/snowflake-double';
import { eventRow, events as eventResult, graphRunRow, graphRuns, insertLocalEvents, tableRow, taskHistory, taskHistoryRow } from './builders/snowflake-rows';
import { json, rs, TABLES_COLUMNS, TRACE_LIST_COLUMNS, type Model } from './helpers/snowflake-panel-rows';

const tmp = mkdtempSync(join(tmpdir(), 'sf-panel-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const cfg = resolveDeployConfig();
const logger = streamLogger(() => undefined);

// ---- Time: fixtures sit relative to now, because the reads' windows are relative to the server's clock.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const at = (minutesAgo: number, plusSeconds = 0) => new Date(NOW - minutesAgo * 60_000 + plusSeconds * 1000).toISOString();
const ms = (iso: string) => Date.parse(iso);
/** What the server's CURRENT_TIMESTAMP() / SYSDATE() plus the bound minutes is, when the statement arrives. */
const windowStart = (minutesBind: unknown) => Date.now() + Number(minutesBind) * 60_000;

// ---- Fixture rows (test/builders/snowflake-rows.ts: every other column at its default) ---------

const G_OLD = '0a1b2c3d-0001-4000-8000-000000000001';
const G_NEW = '0a1b2c3d-0002-4000-8000-000000000002';
const G_RUN = '0a1b2c3d-0003-4000-8000-000000000003';
const G_ANCIENT = '0a1b2c3d-0004-4000-8000-000000000004';

/** One scheduled TASK_HISTORY row; `start`/`done` in seconds after the graph run's scheduled time (null: not started, no query). */
const task = (g: string, attempt: number, minutesAgo: number, name: string, state: string, start: number | null, done: number | null, extra: Model = {}): Model => taskHistoryRow({
  GRAPH_RUN_GROUP_ID: g, ATTEMPT_NUMBER: String(attempt), NAME: name.toUpperCase(), STATE: state, SCHEDULED_FROM: 'SCHEDULE',
  SCHEDULED_TIME: at(minutesAgo), QUERY_START_TIME: start === null ? null : at(minutesAgo, start), COMPLETED_TIME: done === null ? null : at(minutesAgo, done),
  ...(start === null ? { QUERY_ID: null } : {}), ...extra,
});
const SG_ERROR = 'JavaScript execution error: Uncaught Error: division by zero';
const DV_ERROR = 'Expectation suite silver_product_reviews failed';
const history: Model[] = [
  // Three days ago: silver_gold_task failed, its successors were skipped (older than an hour:
  // not in COMPLETE_TASK_GRAPHS any more, rebuilt from these rows).
  ...TASKS.map((t, i) => t.name === 'silver_gold_task'
    ? task(G_OLD, 1, 4320, t.name, 'FAILED', 180, 190.5, { ERROR_CODE: '100132', ERROR_MESSAGE: SG_ERROR })
    : ['order_analytics_task', 'customer_analytics_task'].includes(t.name)
      ? task(G_OLD, 1, 4320, t.name, 'SKIPPED', null, null)
      : task(G_OLD, 1, 4320, t.name, 'SUCCEEDED', i * 2, i * 2 + 1)),
  // Its retry an hour later: only the failed and skipped tasks run again.
  task(G_OLD, 2, 4260, 'silver_gold_task', 'SUCCEEDED', 5, 45, { SCHEDULED_FROM: 'MANUAL RETRY', RETURN_VALUE: 'GOLD_CUSTOMER_INSIGHTS: 100 rows; ' }),
  task(G_OLD, 2, 4260, 'order_analytics_task', 'SUCCEEDED', 46, 60, { SCHEDULED_FROM: 'MANUAL RETRY' }),
  task(G_OLD, 2, 4260, 'customer_analytics_task', 'SUCCEEDED', 46, 62, { SCHEDULED_FROM: 'MANUAL RETRY' }),
  // Thirty minutes ago (EXECUTE TASK): the validation failed; in COMPLETE_TASK_GRAPHS.
  ...TASKS.map((t, i) => task(G_NEW, 1, 30, t.name, t.name === 'data_validation_task' ? 'FAILED' : 'SUCCEEDED', i * 2, i * 2 + 1,
    t.name === 'data_validation_task' ? { SCHEDULED_FROM: 'EXECUTE TASK', ERROR_CODE: '100132', ERROR_MESSAGE: DV_ERROR } : { SCHEDULED_FROM: 'EXECUTE TASK' })),
  // Running now.
  task(G_RUN, 1, 2, 'retail_root_task', 'SUCCEEDED', 0, 1),
  task(G_RUN, 1, 2, 'productreview_task', 'EXECUTING', 2, null),
  // Eight days ago: outside what TASK_HISTORY may be asked for.
  task(G_ANCIENT, 1, 8 * 1440, 'retail_root_task', 'SUCCEEDED', 0, 1),
  // Another pipeline's schema.
  task('0a1b2c3d-0005-4000-8000-000000000005', 1, 10, 'retail_root_task', 'SUCCEEDED', 0, 1, { SCHEMA_NAME: 'OTHER' }),
];
/** One graph run row; `done` in seconds after its scheduled time; `err`: its first error (task, code, message). */
const graph = (g: string, minutesAgo: number, state: string, from: string, done: number | null, err?: [string, string, string]): Model => graphRunRow({
  GRAPH_RUN_GROUP_ID: g, STATE: state, SCHEDULED_FROM: from, SCHEDULED_TIME: at(minutesAgo), QUERY_START_TIME: state === 'SCHEDULED' ? null : at(minutesAgo),
  COMPLETED_TIME: done === null ? null : at(minutesAgo, done),
  ...(err ? { FIRST_ERROR_TASK_NAME: err[0], FIRST_ERROR_CODE: err[1], FIRST_ERROR_MESSAGE: err[2] } : {}),
});
const completeGraphs = [graph(G_NEW, 30, 'FAILED', 'EXECUTE TASK', 27, ['DATA_VALIDATION_TASK', '100132', DV_ERROR])];
const currentGraphs = [graph(G_RUN, 2, 'EXECUTING', 'SCHEDULE', null), graph('0a1b2c3d-0006-4000-8000-000000000006', -600, 'SCHEDULED', 'SCHEDULE', null)];

const tables: Model[] = [
  tableRow({ TABLE_NAME: 'BRONZE_ORDERS', ROW_COUNT: '1000', LAST_ALTERED: at(30, 8) }),
  tableRow({ TABLE_NAME: 'GOLD_CUSTOMER_INSIGHTS', ROW_COUNT: '100', LAST_ALTERED: at(4260, 45) }),
  // Snowflake has no count for it: the table is listed without one.
  tableRow({ TABLE_NAME: 'ANALYTICS_MONTHLY_REVENUE', ROW_COUNT: null, LAST_ALTERED: at(30, 20) }),
  tableRow({ TABLE_NAME: 'SCRATCH_NOTES', ROW_COUNT: '5', LAST_ALTERED: at(1) }),
  tableRow({ TABLE_SCHEMA: 'OTHER', TABLE_NAME: 'BRONZE_ORDERS', ROW_COUNT: '7', LAST_ALTERED: at(1) }),
];

// The event table: a failed silver_gold_task run with nested spans, a span event and a log;
// a good bronze_silver_task run; another database's trace; and one older than the window.
const T1 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T2 = 'b'.repeat(32);
const T_OTHER = 'c'.repeat(32);
const T_OLD = 'd'.repeat(32);
const queryOf = (g: string, attempt: number, name: string) => history.find((h) => h.GRAPH_RUN_GROUP_ID === g && h.ATTEMPT_NUMBER === String(attempt) && h.NAME === name.toUpperCase())!.QUERY_ID!;
const SG_QUERY = queryOf(G_OLD, 1, 'silver_gold_task');
const BS_QUERY = queryOf(G_NEW, 1, 'bronze_silver_task');
const SG_START = 4320 * 60 - 180; // seconds ago
/** One event-table row; `start` / `end` in seconds ago; `res` overrides the silver_gold procedure's resource attributes. */
const ev = (type: string, trace: string, span: string, start: number | null, end: number, record: object, attrs: object | null, value?: unknown, res: Record<string, string> = {}): Model => eventRow({
  TIMESTAMP: at(0, -end), START_TIMESTAMP: start === null ? null : at(0, -start), OBSERVED_TIMESTAMP: at(0, -end),
  TRACE: JSON.stringify({ trace_id: trace, span_id: span }),
  RESOURCE_ATTRIBUTES: JSON.stringify({ 'snow.query.id': SG_QUERY, 'snow.database.name': 'RETAIL_PIPELINE', 'snow.schema.name': 'RETAIL', 'snow.executable.name': 'USP_LOADSILVERTOGOLD():VARCHAR', ...res }),
  SCOPE: JSON.stringify({ name: 'snow.sql' }), RECORD_TYPE: type, RECORD: JSON.stringify(record),
  RECORD_ATTRIBUTES: attrs ? JSON.stringify(attrs) : null, VALUE: value === undefined ? null : JSON.stringify(value),
});
const s = (after: number) => SG_START - after; // seconds ago, `after` seconds into the silver_gold run
const events: Model[] = [
  ev('SPAN', T1, '0000000000000001', s(0), s(10.4), { name: 'USP_LOADSILVERTOGOLD', kind: 'SPAN_KIND_INTERNAL', status: { code: 'STATUS_CODE_ERROR', message: 'division by zero' } }, { 'snow.input.rows': 10 }),
  ev('SPAN', T1, '0000000000000002', s(1), s(5), { name: 'INSERT OVERWRITE GOLD_CUSTOMER_INSIGHTS', kind: 'SPAN_KIND_INTERNAL', parent_span_id: '0000000000000001', status: { code: 'STATUS_CODE_UNSET' } }, { 'db.query.table.names': ['GOLD_CUSTOMER_INSIGHTS'] }),
  ev('SPAN', T1, '0000000000000003', s(2), s(3), { name: 'SELECT SILVER_ORDERS', kind: 'SPAN_KIND_INTERNAL', parent_span_id: '0000000000000002', status: { code: 'STATUS_CODE_OK' } }, { 'snow.output.rows': 500 }),
  ev('SPAN', T1, '0000000000000004', s(6), s(10.2), { name: 'INSERT OVERWRITE GOLD_PRODUCT_REVIEWS_ANALYTICS', kind: 'SPAN_KIND_INTERNAL', parent_span_id: '0000000000000001', status: { code: 'STATUS_CODE_ERROR', message: 'division by zero' } }, null),
  ev('SPAN_EVENT', T1, '0000000000000004', null, s(10.1), { name: 'exception' }, { 'exception.type': 'Error', 'exception.message': 'division by zero' }),
  ev('LOG', T1, '0000000000000001', null, s(10.3), { severity_text: 'ERROR' }, { 'code.function': 'usp_loadSilverToGold' }, 'silver_gold_task failed: division by zero'),
  ev('METRIC', T1, '0000000000000001', s(0), s(10.4), { metric: { name: 'process.memory.usage', unit: 'By' }, metric_type: 'gauge', value_type: 'INT' }, { 'snow.task.name': 'silver_gold_task' }, 52_428_800),
  ev('SPAN', T2, '00000000000000aa', 30 * 60 - 18, 30 * 60 - 19, { name: 'USP_LOADBRONZETOSILVER', kind: 'SPAN_KIND_INTERNAL', status: { code: 'STATUS_CODE_OK' } }, { 'snow.output.rows': 1000 }, undefined, { 'snow.query.id': BS_QUERY }),
  ev('SPAN', T_OTHER, '00000000000000bb', 600, 599, { name: 'SOMEONE_ELSES_PROC', status: { code: 'STATUS_CODE_OK' } }, null, undefined, { 'snow.database.name': 'OTHER_DB' }),
  ev('SPAN', T_OLD, '00000000000000cc', 9 * 86400, 9 * 86400 - 1, { name: 'USP_LOADBRONZETOSILVER', status: { code: 'STATUS_CODE_OK' } }, null),
];

// ---- What Snowflake does with the reads -------------------------------------------------------

const j = json;

function serve(d: SnowflakeDouble): void {
  d.respond((st) => {
    if (!/INFORMATION_SCHEMA\.TASK_HISTORY\(/.test(st.sqlText)) return undefined;
    const [minutes, db, schema, ...queryIds] = st.binds;
    let rows = history.filter((r) => r.DATABASE_NAME === db && r.SCHEMA_NAME === schema && ms(r.SCHEDULED_TIME!) >= windowStart(minutes) && ms(r.SCHEDULED_TIME!) <= Date.now()
      && (!queryIds.length || queryIds.includes(r.QUERY_ID)));
    if (/QUALIFY ROW_NUMBER\(\) OVER \(PARTITION BY NAME ORDER BY COALESCE\(QUERY_START_TIME, SCHEDULED_TIME\) DESC, ATTEMPT_NUMBER DESC\) = 1/.test(st.sqlText)) {
      const key = (r: Model) => [ms(r.QUERY_START_TIME ?? r.SCHEDULED_TIME!), Number(r.ATTEMPT_NUMBER)];
      const latest = new Map<string, Model>();
      for (const r of rows) {
        const cur = latest.get(r.NAME!);
        if (!cur || key(r)[0] > key(cur)[0] || (key(r)[0] === key(cur)[0] && key(r)[1] > key(cur)[1])) latest.set(r.NAME!, r);
      }
      rows = [...latest.values()];
    }
    return taskHistory(rows, st.sqlText);
  });
  const graphs = (fn: string, rows: Model[]) => d.respond((st) => {
    if (!st.sqlText.includes(`INFORMATION_SCHEMA.${fn}(`)) return undefined;
    const [root, db, schema] = st.binds;
    return graphRuns(rows.filter((r) => r.ROOT_TASK_NAME === root && r.DATABASE_NAME === db && r.SCHEMA_NAME === schema
      && (!st.sqlText.includes(`STATE = 'EXECUTING'`) || r.STATE === 'EXECUTING')));
  });
  graphs('COMPLETE_TASK_GRAPHS', completeGraphs);
  graphs('CURRENT_TASK_GRAPHS', currentGraphs);
  d.respond((st) => {
    if (!/INFORMATION_SCHEMA\.TABLES\n/.test(st.sqlText)) return undefined;
    const [schema, ...names] = st.binds;
    const cols = TABLES_COLUMNS.filter(([c]) => ['TABLE_NAME', 'TABLE_TYPE', 'ROW_COUNT', 'LAST_ALTERED'].includes(c));
    return rs(cols, tables.filter((t) => t.TABLE_SCHEMA === schema && names.includes(t.TABLE_NAME)));
  });
  d.respond((st) => {
    if (!st.sqlText.includes('FROM "RETAIL_PIPELINE"."RETAIL"."RETAIL_EVENTS"')) return undefined;
    if (/GROUP BY TRACE_ID/.test(st.sqlText)) {
      const [minutes, db, schema] = st.binds;
      const spans = events.filter((e) => e.RECORD_TYPE === 'SPAN' && ms(e.TIMESTAMP!) >= windowStart(minutes)
        && j(e.RESOURCE_ATTRIBUTES)['snow.database.name'] === db && j(e.RESOURCE_ATTRIBUTES)['snow.schema.name'] === schema);
      const byTrace = new Map<string, Model[]>();
      for (const e of spans) byTrace.set(j(e.TRACE).trace_id, [...byTrace.get(j(e.TRACE).trace_id) ?? [], e]);
      const start = (e: Model) => ms(e.START_TIMESTAMP ?? e.TIMESTAMP!);
      const out = [...byTrace].map(([trace, ss]): Model => {
        const named = [...ss].sort((a, b) => Number(!!j(a.RECORD).parent_span_id) - Number(!!j(b.RECORD).parent_span_id) || start(a) - start(b));
        const code = (e: Model) => j(e.RECORD).status?.code;
        return {
          TRACE_ID: trace, NAME: j(named[0].RECORD).name, START_TIME: new Date(Math.min(...ss.map(start))).toISOString(),
          END_TIME: new Date(Math.max(...ss.map((e) => ms(e.TIMESTAMP!)))).toISOString(), SPAN_COUNT: String(ss.length),
          ERROR_SPANS: String(ss.filter((e) => code(e) === 'STATUS_CODE_ERROR').length), OK_SPANS: String(ss.filter((e) => code(e) === 'STATUS_CODE_OK').length),
          QUERY_ID: j(ss[0].RESOURCE_ATTRIBUTES)['snow.query.id'],
        };
      }).sort((a, b) => ms(b.START_TIME!) - ms(a.START_TIME!)).slice(0, Number(/\nLIMIT (\d+)$/.exec(st.sqlText)![1]));
      return rs(TRACE_LIST_COLUMNS, out);
    }
    const [trace, minutes] = st.binds;
    const rows = events.filter((e) => j(e.TRACE).trace_id === trace && ['SPAN', 'SPAN_EVENT', 'LOG', 'METRIC'].includes(e.RECORD_TYPE!) && ms(e.TIMESTAMP!) >= windowStart(minutes))
      .sort((a, b) => ms(a.START_TIMESTAMP ?? a.TIMESTAMP!) - ms(b.START_TIMESTAMP ?? b.TIMESTAMP!) || ms(a.TIMESTAMP!) - ms(b.TIMESTAMP!));
    return eventResult(rows);
  });
}

/** `fn` with a client of a double that serves the fixtures; the double, stopped, for its statements. */
const withDouble = (fn: (c: SnowflakeClient, d: SnowflakeDouble) => Promise<void>): Promise<SnowflakeDouble> => SnowflakeDouble.around(async (d) => {
  serve(d);
  await withClient(d.connectionOptions(), logger, (c) => fn(c, d));
});

const reads = (d: SnowflakeDouble, re: RegExp): RecordedStatement[] => d.statements.filter((s) => re.test(s.sqlText));

// ---- Tests ------------------------------------------------------------------------------------

test('run history: graph runs from COMPLETE_/CURRENT_TASK_GRAPHS, older ones rebuilt from TASK_HISTORY, task runs with manifest names', async () => {
  const d = await withDouble(async (c) => {
    const h = await loadRunHistorySnowflake(c, cfg);
    assert.deepEqual(h.tasks.map((t) => t.name), TASKS.map((t) => t.name));
    // No trace id in TASK_HISTORY: the page keeps "Open traces" enabled and the host looks it up.
    assert.ok(h.runs.every((r) => r.traceId === null));
    assert.equal(h.tracesOnRequest, true);
    assert.deepEqual(h.runs.map((r) => [r.graphRunGroupId, r.attempt, r.state]), [
      [G_RUN, 1, 'EXECUTING'], [G_NEW, 1, 'FAILED'], [G_OLD, 2, 'SUCCEEDED'], [G_OLD, 1, 'FAILED']]);
    const [running, fresh, retry, failed] = h.runs;
    // Three days old: no COMPLETE_TASK_GRAPHS row any more; rebuilt, the first error included.
    assert.deepEqual(failed, {
      graphRunGroupId: G_OLD, attempt: 1, state: 'FAILED', scheduledFrom: 'SCHEDULE', startMs: ms(at(4320)), endMs: ms(at(4320, 190.5)),
      durationMs: 190_500, taskCount: 14, firstErrorTask: 'silver_gold_task', firstErrorMessage: SG_ERROR, traceId: null,
    });
    // The retry ran no root task: it starts with its first task run.
    assert.deepEqual([retry.scheduledFrom, retry.startMs, retry.endMs, retry.taskCount, retry.firstErrorTask], ['MANUAL RETRY', ms(at(4260, 5)), ms(at(4260, 62)), 3, null]);
    // Reported by Snowflake: its own state and first error, task count from TASK_HISTORY.
    assert.deepEqual([fresh.scheduledFrom, fresh.taskCount, fresh.firstErrorTask, fresh.firstErrorMessage, fresh.durationMs], ['EXECUTE TASK', 14, 'data_validation_task', DV_ERROR, 27_000]);
    assert.deepEqual([running.endMs, running.durationMs, running.taskCount], [null, null, 2]);

    const sg = h.taskRuns.find((t) => t.graphRunGroupId === G_OLD && t.attempt === 1 && t.name === 'silver_gold_task')!;
    assert.deepEqual(sg, {
      graphRunGroupId: G_OLD, attempt: 1, name: 'silver_gold_task', state: 'FAILED', startMs: ms(at(4320, 180)), endMs: ms(at(4320, 190.5)),
      durationMs: 10_500, errorCode: '100132', errorMessage: SG_ERROR, returnValue: null, rowsIn: null, rowsOut: null, rowsRejected: null, tries: null,
      scheduledFrom: 'SCHEDULE',
    });
    const skipped = h.taskRuns.filter((t) => t.graphRunGroupId === G_OLD && t.state === 'SKIPPED');
    assert.deepEqual(skipped.map((t) => [t.name, t.startMs, t.durationMs]), [['customer_analytics_task', null, null], ['order_analytics_task', null, null]]);
    assert.equal(h.taskRuns.find((t) => t.attempt === 2 && t.name === 'silver_gold_task')!.returnValue, 'GOLD_CUSTOMER_INSIGHTS: 100 rows; ');
    // Every attempt of the listed runs, in the local order (group, attempt, name); nothing else.
    assert.equal(h.taskRuns.length, 14 + 3 + 14 + 2);
    const order = h.taskRuns.map((t) => `${t.graphRunGroupId}#${t.attempt}#${t.name}`);
    assert.deepEqual(order, [...order].sort());
    assert.ok(h.taskRuns.every((t) => t.name === t.name.toLowerCase() && t.graphRunGroupId !== G_ANCIENT));

    // `limit` counts graph run attempts, newest first; task rows follow the listed runs only.
    const two = await loadRunHistorySnowflake(c, cfg, 2);
    assert.deepEqual(two.runs.map((r) => r.graphRunGroupId), [G_RUN, G_NEW]);
    assert.deepEqual([...new Set(two.taskRuns.map((t) => t.graphRunGroupId))].sort(), [G_NEW, G_RUN].sort());
    // A one-day window leaves the three-day-old runs out (TASK_HISTORY is read for that window).
    const day = await loadRunHistorySnowflake(c, cfg, 500, { windowHours: 24 });
    assert.deepEqual(day.runs.map((r) => r.graphRunGroupId), [G_RUN, G_NEW]);
  });
  // Values are binds; the window is bounded (7 days less a minute, or what was asked).
  const th = reads(d, /TASK_HISTORY\(/);
  assert.deepEqual(th.map((s) => s.binds), [[`-${MAX_TASK_HISTORY_MINUTES}`, 'RETAIL_PIPELINE', 'RETAIL'], [`-${MAX_TASK_HISTORY_MINUTES}`, 'RETAIL_PIPELINE', 'RETAIL'], ['-1440', 'RETAIL_PIPELINE', 'RETAIL']]);
  assert.ok(th.every((s) => s.bindings!['1'].type === 'FIXED' && s.bindings!['2'].type === 'TEXT'));
  assert.ok(th.every((s) => s.sqlText.includes('SCHEDULED_TIME_RANGE_START => DATEADD(MINUTE, ?, CURRENT_TIMESTAMP())') && s.sqlText.includes('SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP()')));
  const graphsRead = reads(d, /_TASK_GRAPHS\(/);
  assert.ok(graphsRead.every((s) => s.binds[0] === 'RETAIL_ROOT_TASK' && s.binds[1] === 'RETAIL_PIPELINE' && s.binds[2] === 'RETAIL'));
  assert.ok(graphsRead.some((s) => s.sqlText.includes('RESULT_LIMIT => 2,')));
});

test('snapshot: ROW_COUNT and LAST_ALTERED of the manifest tables, the last run of each task', async () => {
  const d = await withDouble(async (c) => {
    const snap = await readSnowflakeSnapshot(c, cfg);
    assert.deepEqual([...snap.rowCounts].sort(), [['BRONZE_ORDERS', 1000], ['GOLD_CUSTOMER_INSIGHTS', 100]]);
    assert.deepEqual([...snap.lastUpdated].sort(), [
      ['ANALYTICS_MONTHLY_REVENUE', at(30, 20)], ['BRONZE_ORDERS', at(30, 8)], ['GOLD_CUSTOMER_INSIGHTS', at(4260, 45)]]);
    assert.equal(snap.lastRuns.size, TASKS.length);
    assert.deepEqual(snap.lastRuns.get('data_validation_task'), { state: 'FAILED', completedAt: at(30, 21), durationMs: 1000, errorMessage: DV_ERROR });
    assert.deepEqual(snap.lastRuns.get('productreview_task'), { state: 'EXECUTING', completedAt: undefined, durationMs: undefined, errorMessage: undefined });
    assert.deepEqual(snap.lastRuns.get('retail_root_task'), { state: 'SUCCEEDED', completedAt: at(2, 1), durationMs: 1000, errorMessage: undefined });
    // The retry three days ago is older than the run 30 minutes ago.
    assert.equal(snap.lastRuns.get('silver_gold_task')!.completedAt, at(30, 23));
  });
  const [t] = reads(d, /INFORMATION_SCHEMA\.TABLES\n/);
  assert.deepEqual(t.binds, ['RETAIL', ...TABLES.map((x) => x.name)]);
  const [last] = reads(d, /QUALIFY/);
  assert.deepEqual(last.binds, [`-${MAX_TASK_HISTORY_MINUTES}`, 'RETAIL_PIPELINE', 'RETAIL']);
});

test('traces: summaries from the event table (window, database, schema, limit), linked to graph runs; detail with nested spans, span events and logs', async () => {
  const d = await withDouble(async (c) => {
    const list = await listTracesSnowflake(c, cfg);
    assert.deepEqual(list, [
      { traceId: T2, name: 'USP_LOADBRONZETOSILVER', startMs: ms(at(0, -(30 * 60 - 18))), durationMs: 1000, status: 'OK', spanCount: 1, graphRunGroupId: G_NEW, attempt: 1 },
      { traceId: T1, name: 'USP_LOADSILVERTOGOLD', startMs: ms(at(0, -s(0))), durationMs: 10_400, status: 'ERROR', spanCount: 4, graphRunGroupId: G_OLD, attempt: 1 },
    ]);
    assert.deepEqual((await listTracesSnowflake(c, cfg, { limit: 1 })).map((t) => t.traceId), [T2]);
    assert.deepEqual((await listTracesSnowflake(c, cfg, { windowHours: 1 })).map((t) => t.traceId), [T2]);

    const t1 = await loadTraceSnowflake(c, cfg, T1);
    assert.equal(t1.traceId, T1);
    assert.deepEqual(t1.spans.map((x) => [x.name, x.parentSpanId, x.status]), [
      ['USP_LOADSILVERTOGOLD', null, 'ERROR'],
      ['INSERT OVERWRITE GOLD_CUSTOMER_INSIGHTS', '0000000000000001', 'UNSET'],
      ['SELECT SILVER_ORDERS', '0000000000000002', 'OK'],
      ['INSERT OVERWRITE GOLD_PRODUCT_REVIEWS_ANALYTICS', '0000000000000001', 'ERROR'],
    ]);
    assert.equal(t1.spans[0].statusMessage, 'division by zero');
    assert.equal(t1.spans[0].endUs - t1.spans[0].startUs, 10_400_000);
    assert.deepEqual(t1.spans[2].attributes, { 'snow.output.rows': 500 });
    assert.deepEqual(t1.spans[3].events, [{ name: 'exception', atUs: ms(at(0, -s(10.1))) * 1000, attributes: { 'exception.type': 'Error', 'exception.message': 'division by zero' } }]);
    assert.ok(t1.spans.slice(0, 3).every((x) => x.events.length === 0));
    assert.deepEqual(t1.logs, [{ atUs: ms(at(0, -s(10.3))) * 1000, severity: 'ERROR', message: 'silver_gold_task failed: division by zero', spanId: '0000000000000001', attributes: { 'code.function': 'usp_loadSilverToGold' } }]);
    assert.deepEqual(t1.metrics, [{ name: 'process.memory.usage', unit: 'By', value: 52_428_800, spanId: '0000000000000001', atUs: ms(at(0, -s(10.4))) * 1000, attributes: { 'snow.task.name': 'silver_gold_task' } }]);
    // Older than the window: nothing is read for it.
    assert.deepEqual(await loadTraceSnowflake(c, cfg, T_OLD), { traceId: T_OLD, spans: [], logs: [], metrics: [] });
    assert.equal((await loadTraceSnowflake(c, cfg, T_OLD, { windowHours: 24 * 10 })).spans.length, 1);
    await assert.rejects(loadTraceSnowflake(c, cfg, "x' OR 1=1 --"), /Invalid trace id/);
  });
  const lists = reads(d, /GROUP BY TRACE_ID/);
  // Driver binds travel as text with their type: the window in minutes is a FIXED number.
  assert.deepEqual(lists.map((x) => x.binds), [['-10080', 'RETAIL_PIPELINE', 'RETAIL'], ['-10080', 'RETAIL_PIPELINE', 'RETAIL'], ['-60', 'RETAIL_PIPELINE', 'RETAIL']]);
  assert.ok(lists.every((x) => x.bindings!['1'].type === 'FIXED'));
  assert.deepEqual(lists.map((x) => /\nLIMIT (\d+)$/.exec(x.sqlText)![1]), ['200', '1', '200']);
  // The graph runs of the listed traces: TASK_HISTORY by the traces' query ids.
  const links = reads(d, /QUERY_ID IN \(/);
  assert.deepEqual(links[0].binds.slice(3).sort(), [BS_QUERY, SG_QUERY].sort());
  assert.deepEqual(links.at(-1)!.binds, ['-60', 'RETAIL_PIPELINE', 'RETAIL', BS_QUERY]);
  const details = reads(d, /WHERE TRACE:"trace_id"::VARCHAR = \?/);
  assert.deepEqual(details.map((x) => x.binds), [[T1, '-10080'], [T_OLD, '-10080'], [T_OLD, '-14400']]);
  assert.ok(details.every((x) => /\nLIMIT 10000$/.test(x.sqlText)));
  assert.ok(!d.sqlTexts.some((x) => x.includes('OR 1=1')));
});

test('a trace reads the same from Snowflake as from the local EVENTS table (TraceDetail and TraceSummary)', async () => {
  const wh = await LocalWarehouse.open(mkdtempSync(join(tmp, 'ws-')));
  try {
    await wh.run(EVENTS_DDL);
    await insertLocalEvents(wh, events.filter((x) => j(x.RESOURCE_ATTRIBUTES)['snow.database.name'] === 'RETAIL_PIPELINE'));
    const local = await loadTrace(wh, T1);
    const localList = await listTraces(wh);
    await withDouble(async (c) => {
      assert.deepEqual(await loadTraceSnowflake(c, cfg, T1), local);
      const { graphRunGroupId: _g, attempt: _a, ...sf } = (await listTracesSnowflake(c, cfg)).find((t) => t.traceId === T1)!;
      const { graphRunGroupId: _lg, attempt: _la, ...lo } = localList.find((t) => t.traceId === T1)!;
      assert.deepEqual(sf, lo);
    });
  } finally {
    wh.close();
  }
});

test('the statements the panels send match their golden file', async () => {
  const d = await withDouble(async (c) => {
    await loadRunHistorySnowflake(c, cfg);
    await readSnowflakeSnapshot(c, cfg);
    await listTracesSnowflake(c, cfg);
    await loadTraceSnowflake(c, cfg, T1);
  });
  const script = `${d.sqlTexts.join(';\n\n')};\n`;
  const golden = join(__dirname, 'golden', 'snowflake', 'panel-reads.sql');
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, script);
  }
  assert.ok(existsSync(golden), 'golden panel reads missing: UPDATE_GOLDEN=1 and review');
  assert.equal(script, readFileSync(golden, 'utf8'));
});

test('a graph run rebuilt from task runs takes Snowflake\'s graph states; a skipped root is no run', () => {
  const rows = (states: [string, string][]) => states.map(([name, state], i) =>
    toTaskRunRow(task(G_OLD, 1, 100, name, state, state === 'SKIPPED' ? null : i, state === 'SKIPPED' || state === 'EXECUTING' ? null : i + 1)));
  assert.equal(graphRunFromTasks(rows([['retail_root_task', 'SUCCEEDED'], ['productreview_task', 'CANCELLED'], ['bronze_silver_task', 'SKIPPED']]))!.STATE, 'CANCELLED');
  // A failure outranks a cancellation; the first error is the task that failed first.
  const failed = graphRunFromTasks(rows([['retail_root_task', 'SUCCEEDED'], ['mysql_order_task', 'FAILED_AND_AUTO_SUSPENDED'], ['productreview_task', 'CANCELLED'], ['mysql_product_task', 'FAILED']]))!;
  assert.deepEqual([failed.STATE, failed.FIRST_ERROR_TASK_NAME], ['FAILED', 'mysql_order_task']);
  const running = graphRunFromTasks(rows([['retail_root_task', 'SUCCEEDED'], ['mysql_order_task', 'FAILED'], ['productreview_task', 'EXECUTING']]))!;
  assert.deepEqual([running.STATE, running.COMPLETED_TIME, running.DURATION_MS], ['EXECUTING', null, null]);
  assert.equal(graphRunFromTasks(rows([['retail_root_task', 'SKIPPED']])), undefined);
  assert.equal(graphRunFromTasks([]), undefined);
});

test('a read the account refuses reaches the caller as Snowflake\'s error, naming the read', async () => {
  await withDouble(async (c, d) => {
    d.failOn(/INFORMATION_SCHEMA\.TABLES\n/, { code: '002003', message: "Database 'RETAIL_PIPELINE' does not exist or not authorized." });
    await assert.rejects(readSnowflakeSnapshot(c, cfg), (e: unknown) => e instanceof SnowflakeStatementError && e.code === '002003'
      && e.statement === 'read INFORMATION_SCHEMA.TABLES' && /does not exist or not authorized/.test(e.message));
  });
});
