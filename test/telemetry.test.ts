// Steps open child spans with withSpan() and get per-SQL spans and LOG records for free; all of
// it lands in EVENTS in Snowflake's event-table shape, and `traces --otlp` writes valid OTLP/JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { task } from '../src/core/manifest';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { exportOtlp, type OtlpTraces } from '../src/core/telemetry/otlp';
import { TASK_EVENT, TASK_METRIC } from '../src/core/telemetry/task-telemetry';
import { addEvent, setRowCounts, withSpan } from '../src/core/telemetry/tracing';
import { cli } from './helpers/cli';
import { checkAttributes } from './helpers/otlp-check';
import { controlledSteps, memoryLogger, tempWorkspace } from './helpers/runner-steps';

type Ev = { TIMESTAMP: string; START_TIMESTAMP: string | null; OBSERVED_TIMESTAMP: string; TRACE: string; RESOURCE_ATTRIBUTES: string; SCOPE: string; RECORD_TYPE: string; RECORD: string; RECORD_ATTRIBUTES: string; VALUE: string | null };
const parse = <T>(s: string | null): T => JSON.parse(s ?? 'null') as T;

async function instrumentedRun(ws: Awaited<ReturnType<typeof tempWorkspace>>) {
  const c = controlledSteps({
    mysql_product_task: {
      async work(_t, ctx) {
        await withSpan('read', { 'retail.source': 'product_data.csv' }, async (span) => {
          const rows = await ctx.wh.query('select 42 as answer');
          ctx.log.log('INFO', `read ${rows.length} row`);
          addEvent('batch', { 'retail.batch.rows': 1 });
          setRowCounts(span, 1, 1);
        });
        await withSpan('transform', {}, async () => { throw new Error('bad value in row 7'); }).catch(() => undefined);
        // Statements on a connection of the step's own are traced too, once each.
        const conn = await ctx.wh.connect();
        try {
          await conn.run('create table phase_check as select 7 as x');
          await ctx.wh.query('select x from phase_check', [], conn);
        } finally {
          conn.closeSync();
        }
        ctx.log.log('WARN', 'row 7 rejected');
      },
    },
  });
  const tasks = [task('retail_root_task'), task('mysql_product_task'), task('mysql_order_task')];
  const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks });
  assert.equal(r.state, 'SUCCEEDED');
  return r;
}

test('withSpan children, SQL spans, span events and LOG records are linked to the right spans', async () => {
  const ws = await tempWorkspace('rp-telemetry-');
  try {
    const r = await instrumentedRun(ws);
    const rows = await ws.wh.query<Ev>(`select * from EVENTS where (TRACE->>'trace_id') = ?`, [r.traceId!]);
    const spans = rows.filter((x) => x.RECORD_TYPE === 'SPAN').map((x) => ({
      ...parse<{ trace_id: string; span_id: string }>(x.TRACE),
      rec: parse<{ name: string; kind: string; parent_span_id?: string; status: { code: string; message?: string } }>(x.RECORD),
      attrs: parse<Record<string, unknown>>(x.RECORD_ATTRIBUTES), row: x,
    }));
    const byName = (n: string) => { const s = spans.filter((x) => x.rec.name === n); assert.equal(s.length, 1, n); return s[0]; };
    const taskSpan = byName('mysql_product_task');
    const read = byName('read');
    const sql = spans.find((x) => x.attrs['db.query.text'] === 'select 42 as answer')!;
    const failed = byName('transform');
    assert.equal(read.rec.parent_span_id, taskSpan.span_id);
    assert.equal(sql.rec.parent_span_id, read.span_id);
    assert.equal(failed.rec.parent_span_id, taskSpan.span_id);
    assert.equal(sql.attrs['db.query.text'], 'select 42 as answer');
    assert.equal(sql.attrs['db.response.returned_rows'], 1);
    const create = byName('sql CREATE');
    assert.equal(create.rec.parent_span_id, taskSpan.span_id);
    assert.equal(create.attrs['db.query.text'], 'create table phase_check as select 7 as x');
    const onConn = spans.filter((x) => x.attrs['db.query.text'] === 'select x from phase_check');
    assert.equal(onConn.length, 1, 'wh.query on an instrumented connection is one span, not two');
    assert.equal(onConn[0].rec.parent_span_id, taskSpan.span_id);
    assert.equal(sql.attrs['db.system.name'], 'duckdb');
    assert.equal(read.attrs['snow.input.rows'], 1);
    assert.equal(taskSpan.attrs['snow.input.rows'], 10);
    assert.equal(taskSpan.attrs['snow.output.rows'], 9);
    assert.equal(read.rec.kind, 'SPAN_KIND_INTERNAL');
    assert.equal(failed.rec.status.code, 'STATUS_CODE_ERROR');
    assert.equal(failed.rec.status.message, 'bad value in row 7');
    assert.equal(failed.attrs['exception.message'], 'bad value in row 7');
    assert.equal(failed.attrs['exception.type'], 'Error');
    assert.equal(taskSpan.rec.status.code, 'STATUS_CODE_OK');
    // Snowflake's columns: TIMESTAMP is the end, START_TIMESTAMP the start, RESOURCE/SCOPE objects.
    assert.ok(read.row.START_TIMESTAMP && read.row.START_TIMESTAMP <= read.row.TIMESTAMP);
    assert.equal(parse<{ name: string }>(read.row.SCOPE).name, 'retail-pipeline');
    const res = parse<Record<string, unknown>>(read.row.RESOURCE_ATTRIBUTES);
    assert.equal(res['snow.database.name'], 'LOCAL');
    assert.equal(res['snow.task.graph_run_group_id'], r.run.graphRunGroupId);

    const events = rows.filter((x) => x.RECORD_TYPE === 'SPAN_EVENT').map((x) => ({ ...parse<{ span_id: string }>(x.TRACE), name: parse<{ name: string }>(x.RECORD).name, attrs: parse<Record<string, unknown>>(x.RECORD_ATTRIBUTES) }));
    const batch = events.find((e) => e.name === 'batch')!;
    assert.equal(batch.span_id, read.span_id);
    assert.equal(batch.attrs['retail.batch.rows'], 1);
    const exc = events.find((e) => e.name === 'exception' && e.span_id === failed.span_id)!;
    assert.equal(exc.attrs['exception.message'], 'bad value in row 7');

    const logs = rows.filter((x) => x.RECORD_TYPE === 'LOG').map((x) => ({ ...parse<{ span_id: string }>(x.TRACE), value: parse<string>(x.VALUE), rec: parse<{ severity_text: string; severity_number: number }>(x.RECORD) }));
    const readLog = logs.find((l) => l.value === 'read 1 row')!;
    assert.equal(readLog.span_id, read.span_id, 'a log written inside a child span carries that span');
    assert.deepEqual(readLog.rec, { severity_text: 'INFO', severity_number: 9 });
    const warn = logs.find((l) => l.value === 'row 7 rejected')!;
    assert.equal(warn.span_id, taskSpan.span_id);
    assert.equal(warn.rec.severity_text, 'WARN');
  } finally {
    ws.cleanup();
  }
});

/** The OTLP/JSON trace structure (opentelemetry-proto, JSON mapping). */
function validateOtlp(doc: OtlpTraces): number {
  assert.ok(Array.isArray(doc.resourceSpans) && doc.resourceSpans.length > 0);
  const all = doc.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  const ids = new Set(all.map((s) => s.spanId));
  for (const rs of doc.resourceSpans) {
    checkAttributes(rs.resource.attributes, 'resource');
    assert.ok(rs.resource.attributes.some((a) => a.key === 'service.name'));
    for (const ss of rs.scopeSpans) {
      assert.equal(typeof ss.scope.name, 'string');
      for (const s of ss.spans) {
        assert.match(s.traceId, /^[0-9a-f]{32}$/);
        assert.match(s.spanId, /^[0-9a-f]{16}$/);
        if (s.parentSpanId !== undefined) {
          assert.match(s.parentSpanId, /^[0-9a-f]{16}$/);
          assert.ok(ids.has(s.parentSpanId), 'parent is in the export');
        }
        assert.match(s.startTimeUnixNano, /^\d{19}$/);
        assert.match(s.endTimeUnixNano, /^\d{19}$/);
        assert.ok(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano));
        assert.ok(Number.isInteger(s.kind) && s.kind >= 0 && s.kind <= 5);
        assert.ok([0, 1, 2].includes(s.status.code));
        checkAttributes(s.attributes, s.name);
        for (const e of s.events) { assert.match(e.timeUnixNano, /^\d{19}$/); checkAttributes(e.attributes, `${s.name} event`); }
        for (const l of s.links) { assert.match(l.traceId, /^[0-9a-f]{32}$/); assert.ok(ids.has(l.spanId)); }
      }
    }
  }
  assert.equal(all.filter((s) => s.parentSpanId === undefined).length, 1, 'one root span');
  return all.length;
}

test('traces --otlp writes OTLP/JSON: resourceSpans/scopeSpans/spans with hex ids, nanosecond strings, AnyValue attributes', async () => {
  const ws = await tempWorkspace('rp-telemetry-');
  let traceId: string;
  let expected: number;
  try {
    const r = await instrumentedRun(ws);
    traceId = r.traceId!;
    const doc = await exportOtlp(ws.wh, [traceId]);
    expected = validateOtlp(doc);
    const span = doc.resourceSpans[0].scopeSpans[0].spans.find((s) => s.name === 'mysql_product_task')!;
    assert.deepEqual(span.attributes.find((a) => a.key === 'snow.output.rows')?.value, { intValue: '9' });
    assert.deepEqual(span.status, { code: 1 });
    const failed = doc.resourceSpans[0].scopeSpans[0].spans.find((s) => s.name === 'transform')!;
    assert.deepEqual(failed.status, { code: 2, message: 'bad value in row 7' });
    assert.ok(failed.events.some((e) => e.name === 'exception'));
    ws.wh.close();
    const out = cli(['traces', '--workspace', ws.dir, '--otlp', 'trace.json']);
    assert.equal(out.code, 0, out.stderr);
    const fromCli = JSON.parse(readFileSync(join(ws.dir, 'trace.json'), 'utf8')) as OtlpTraces;
    assert.equal(validateOtlp(fromCli), expected);
    assert.ok(fromCli.resourceSpans[0].scopeSpans[0].spans.every((s) => s.traceId === traceId));
    const text = cli(['traces', '--workspace', ws.dir]);
    assert.match(text.stdout, /retail_root_task graph run .* OK/);
    assert.match(text.stdout, /\n {4}mysql_product_task .* OK {2}rows in 10 out 9/);
    assert.match(text.stdout, /\n {6}transform .* ERROR {2}bad value in row 7/);
    const json = JSON.parse(cli(['traces', '--workspace', ws.dir, '--json']).stdout) as { RECORD_TYPE: string }[];
    assert.deepEqual([...new Set(json.map((x) => x.RECORD_TYPE))].sort(), ['LOG', 'METRIC', 'SPAN', 'SPAN_EVENT']);
  } finally {
    ws.cleanup();
  }
});

test('a failed task: task_started and task_finished FAILED on its span, no row events; its METRIC records have no row counts', async () => {
  const ws = await tempWorkspace('rp-telemetry-');
  try {
    const c = controlledSteps({ mysql_product_task: { fail: 'source unreadable' } });
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks: [task('retail_root_task'), task('mysql_product_task')] });
    assert.equal(r.state, 'FAILED');
    const rows = await ws.wh.query<Ev>(`select * from EVENTS where (TRACE->>'trace_id') = ?`, [r.traceId!]);
    const span = rows.find((x) => x.RECORD_TYPE === 'SPAN' && parse<{ name: string }>(x.RECORD).name === 'mysql_product_task')!;
    const spanId = parse<{ span_id: string }>(span.TRACE).span_id;
    const mine = (type: string) => rows.filter((x) => x.RECORD_TYPE === type && parse<{ span_id: string }>(x.TRACE).span_id === spanId);
    const events = mine('SPAN_EVENT').map((x) => ({ name: parse<{ name: string }>(x.RECORD).name, attrs: parse<Record<string, unknown>>(x.RECORD_ATTRIBUTES) }));
    assert.deepEqual(events.filter((e) => e.name !== 'exception').map((e) => e.name).sort(), [TASK_EVENT.finished, TASK_EVENT.started].sort());
    assert.equal(events.find((e) => e.name === TASK_EVENT.finished)!.attrs['snow.task.state'], 'FAILED');
    const metrics = new Set(mine('METRIC').map((x) => parse<{ metric: { name: string } }>(x.RECORD).metric.name));
    assert.deepEqual([...metrics].sort(), [TASK_METRIC.cpuTime, TASK_METRIC.duration, TASK_METRIC.memoryUsage].sort());
  } finally {
    ws.cleanup();
  }
});
