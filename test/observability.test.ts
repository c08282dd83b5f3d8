// Issue 14 §4 on a fresh local run of the real pipeline (a temp copy of sample_data, the built
// CLI): `traces --json` holds span events on every task's span, METRIC records per task, DEBUG
// logs; transform tasks report the rows they read; `traces --otlp` writes the span events on
// the spans and the metrics as OTLP resourceMetrics; --log-level keeps fewer LOG records.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TASKS } from '../src/core/manifest';
import { Config } from '../src/extension/config';
import type { OtlpTraces } from '../src/core/telemetry/otlp';
import type { OtlpMetrics } from '../src/core/telemetry/otlp-metrics';
import { TASK_EVENT, TASK_METRIC } from '../src/core/telemetry/task-telemetry';
import { cli, REPO } from './helpers/cli';
import { checkAttributes } from './helpers/otlp-check';

type Row = { TRACE: string | null; START_TIMESTAMP: string | null; TIMESTAMP: string; RECORD_TYPE: string; RECORD: string; RECORD_ATTRIBUTES: string | null; VALUE: string | null };
const json = <T>(s: string | null): T => JSON.parse(s ?? 'null') as T;

let ws = '';
let rows: Row[] = [];

before(() => {
  ws = mkdtempSync(join(tmpdir(), 'rp-observability-'));
  cpSync(join(REPO, 'sample_data'), join(ws, 'data'), { recursive: true });
  const run = cli(['run', '--data', join(ws, 'data'), '--workspace', ws]);
  assert.equal(run.code, 0, run.stderr);
  const out = cli(['traces', '--workspace', ws, '--json']);
  assert.equal(out.code, 0, out.stderr);
  rows = JSON.parse(out.stdout) as Row[];
});
after(() => rmSync(ws, { recursive: true, force: true }));

const taskSpans = () => new Map(rows.filter((r) => r.RECORD_TYPE === 'SPAN')
  .map((r) => ({ id: json<{ span_id: string }>(r.TRACE).span_id, name: json<{ name: string }>(r.RECORD).name, attrs: json<Record<string, unknown>>(r.RECORD_ATTRIBUTES) }))
  .filter((s) => TASKS.some((t) => t.name === s.name)).map((s) => [s.name, s]));
const onSpan = (type: string, spanId: string) => rows.filter((r) => r.RECORD_TYPE === type && json<{ span_id?: string } | null>(r.TRACE)?.span_id === spanId);

/** The five task events, each once: started first, the three row counts (one moment: when the
 *  step returned; they may share a timestamp), finished last. */
function assertEventOrder(events: { name: string; at: string | bigint }[], where: string): void {
  assert.deepEqual(events.map((e) => e.name).sort(), Object.values(TASK_EVENT).sort(), where);
  const at = (n: string) => events.find((e) => e.name === n)!.at;
  for (const n of [TASK_EVENT.rowsRead, TASK_EVENT.rowsWritten, TASK_EVENT.rowsRejected]) {
    assert.ok(at(TASK_EVENT.started) <= at(n) && at(n) <= at(TASK_EVENT.finished), `${where}: ${n} between started and finished`);
  }
}

test('traces --json: every one of the 14 tasks has span events on its span with numeric row counts', () => {
  const spans = taskSpans();
  assert.equal(spans.size, 14, `task spans: ${[...spans.keys()].join(', ')}`);
  for (const [name, span] of spans) {
    const events = onSpan('SPAN_EVENT', span.id).map((r) => ({ name: json<{ name: string }>(r.RECORD).name, attrs: json<Record<string, unknown>>(r.RECORD_ATTRIBUTES), at: r.TIMESTAMP }));
    assertEventOrder(events, name);
    const attr = (event: string, key: string) => events.find((e) => e.name === event)!.attrs[key];
    assert.equal(attr(TASK_EVENT.rowsRead, 'snow.input.rows'), span.attrs['snow.input.rows'], `${name}: rows_read = the span's snow.input.rows`);
    assert.equal(attr(TASK_EVENT.rowsWritten, 'snow.output.rows'), span.attrs['snow.output.rows'], name);
    assert.equal(typeof attr(TASK_EVENT.rowsRejected, 'retail.rejected.rows'), 'number', name);
    assert.equal(attr(TASK_EVENT.finished, 'snow.task.state'), 'SUCCEEDED', name);
  }
});

test('traces --json: METRIC records per task (rows, duration, process CPU time and memory) in the event table shape', () => {
  for (const [name, span] of taskSpans()) {
    const metrics = onSpan('METRIC', span.id).map((r) => ({
      rec: json<{ metric: { name: string; unit: string }; metric_type: string; value_type: string }>(r.RECORD),
      value: json<number>(r.VALUE), attrs: json<Record<string, unknown>>(r.RECORD_ATTRIBUTES), start: r.START_TIMESTAMP, end: r.TIMESTAMP,
    }));
    const value = (metric: string, mode?: string) => {
      const m = metrics.filter((x) => x.rec.metric.name === metric && (mode === undefined || x.attrs['cpu.mode'] === mode));
      assert.equal(m.length, 1, `${name}: one ${metric} ${mode ?? ''}`);
      assert.equal(typeof m[0].value, 'number');
      return m[0].value;
    };
    assert.equal(value(TASK_METRIC.rowsRead), span.attrs['snow.input.rows'], name);
    assert.equal(value(TASK_METRIC.rowsWritten), span.attrs['snow.output.rows'], name);
    assert.ok(value(TASK_METRIC.duration) > 0, `${name}: duration`);
    assert.ok(value(TASK_METRIC.cpuTime, 'user') >= 0 && value(TASK_METRIC.cpuTime, 'system') >= 0, `${name}: cpu time`);
    assert.ok(value(TASK_METRIC.memoryUsage) > 10 * 1024 * 1024, `${name}: rss of a Node process with DuckDB is well above 10 MB`);
    for (const m of metrics) {
      assert.equal(m.attrs['snow.task.name'], name);
      assert.ok(['sum', 'gauge'].includes(m.rec.metric_type));
      assert.equal(m.rec.value_type, Number.isInteger(m.value) ? 'INT' : 'DOUBLE');
      assert.ok(m.start && m.start <= m.end, 'START_TIMESTAMP..TIMESTAMP is the task run');
    }
    assert.deepEqual(metrics.find((m) => m.rec.metric.name === TASK_METRIC.memoryUsage)!.rec.metric.unit, 'By');
  }
});

test('transform tasks report ROWS_IN: the rows of the tables they read, in TASK_HISTORY and on the span', () => {
  const history = JSON.parse(cli(['query', 'select NAME, ROWS_IN from TASK_HISTORY', '--workspace', ws, '--format', 'json']).stdout) as { NAME: string; ROWS_IN: number }[];
  const spans = taskSpans();
  for (const t of TASKS.filter((x) => x.kind === 'transform')) {
    const counted = t.reads.filter((r) => !t.writes.includes(r)).map((r) => `(select count(*) from ${r})`).join(' + ');
    const expected = Number((JSON.parse(cli(['query', `select ${counted} as n`, '--workspace', ws, '--format', 'json']).stdout) as { n: number }[])[0].n);
    const rowsIn = Number(history.find((h) => h.NAME === t.name)!.ROWS_IN);
    assert.ok(rowsIn > 0, `${t.name}: ROWS_IN ${rowsIn}`);
    // The inputs are not rewritten after the task ran, so counting them again gives the same.
    assert.equal(rowsIn, expected, `${t.name}: ROWS_IN = rows of ${t.reads.join(', ')}`);
    assert.equal(spans.get(t.name)!.attrs['snow.input.rows'], rowsIn);
  }
});

test('LOG records down to DEBUG, linked to the task spans', () => {
  const logs = rows.filter((r) => r.RECORD_TYPE === 'LOG').map((r) => ({ sev: json<{ severity_text: string }>(r.RECORD).severity_text, span: json<{ span_id?: string } | null>(r.TRACE)?.span_id, msg: json<string>(r.VALUE) }));
  for (const [name, span] of taskSpans()) {
    const own = logs.filter((l) => l.span === span.id);
    assert.ok(own.some((l) => l.sev === 'DEBUG' && l.msg === 'started'), `${name}: DEBUG 'started'`);
    assert.ok(own.some((l) => l.sev === 'DEBUG' && /^rows read \d+, written \d+, rejected \d+$/.test(l.msg)), `${name}: DEBUG row counts`);
  }
});

test('traces --otlp: span events on the task spans, metrics as OTLP resourceMetrics beside the trace file', () => {
  const out = cli(['traces', '--workspace', ws, '--otlp', 'run.json']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /metric points to .*run\.metrics\.json/);
  const traces = JSON.parse(readFileSync(join(ws, 'run.json'), 'utf8')) as OtlpTraces;
  const spans = traces.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  for (const t of TASKS) {
    const span = spans.find((s) => s.name === t.name)!;
    assertEventOrder(span.events.map((e) => ({ name: e.name, at: BigInt(e.timeUnixNano) })), t.name);
    assert.ok(span.events.find((e) => e.name === TASK_EVENT.rowsRead)!.attributes.some((a) => a.key === 'snow.input.rows' && 'intValue' in a.value));
  }
  const doc = JSON.parse(readFileSync(join(ws, 'run.metrics.json'), 'utf8')) as OtlpMetrics;
  assert.ok(doc.resourceMetrics.length > 0);
  const spanIds = new Set(spans.map((s) => s.spanId));
  const perTask = new Map<string, Set<string>>();
  for (const rm of doc.resourceMetrics) {
    checkAttributes(rm.resource.attributes, 'resource');
    assert.ok(rm.resource.attributes.some((a) => a.key === 'service.name'));
    for (const sm of rm.scopeMetrics) {
      assert.equal(sm.scope.name, 'retail-pipeline');
      for (const m of sm.metrics) {
        assert.equal(typeof m.name, 'string');
        assert.equal(typeof m.unit, 'string');
        assert.equal(Number(Boolean(m.sum)) + Number(Boolean(m.gauge)), 1, `${m.name}: exactly one of sum / gauge`);
        if (m.sum) assert.deepEqual([m.sum.aggregationTemporality, m.sum.isMonotonic], [1, true]);
        for (const p of (m.sum ?? m.gauge)!.dataPoints) {
          checkAttributes(p.attributes, m.name);
          assert.match(p.timeUnixNano, /^\d{19}$/);
          assert.match(p.startTimeUnixNano, /^\d{19}$/);
          assert.ok(BigInt(p.startTimeUnixNano) <= BigInt(p.timeUnixNano));
          assert.equal(Number('asInt' in p) + Number('asDouble' in p), 1, `${m.name}: one value field`);
          if (p.asInt !== undefined) assert.match(p.asInt, /^-?\d+$/);
          if (p.asDouble !== undefined) assert.equal(typeof p.asDouble, 'number');
          assert.equal(p.exemplars.length, 1);
          assert.ok(spanIds.has(p.exemplars[0].spanId), 'the exemplar names a span of the exported trace');
          const task = p.attributes.find((a) => a.key === 'snow.task.name')!.value as { stringValue: string };
          if (!perTask.has(task.stringValue)) perTask.set(task.stringValue, new Set());
          perTask.get(task.stringValue)!.add(m.name);
        }
      }
    }
  }
  assert.equal(perTask.size, 14);
  for (const [task, names] of perTask) assert.deepEqual([...names].sort(), Object.values(TASK_METRIC).sort(), task);
});

test('run --log-level INFO keeps no DEBUG records; a bad level is refused by name', () => {
  const bad = cli(['run', '--data', join(ws, 'data'), '--workspace', ws, '--only', 'mysql_product_task', '--log-level', 'chatty']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--log-level "chatty": expected DEBUG, INFO, WARN or ERROR/);
  const r = cli(['run', '--data', join(ws, 'data'), '--workspace', ws, '--only', 'mysql_product_task', '--log-level', 'info', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const { graphRunGroupId } = JSON.parse(r.stdout) as { graphRunGroupId: string };
  const logs = (JSON.parse(cli(['traces', '--workspace', ws, '--run', graphRunGroupId, '--json']).stdout) as Row[]).filter((x) => x.RECORD_TYPE === 'LOG');
  const severities = new Set(logs.map((l) => json<{ severity_text: string }>(l.RECORD).severity_text));
  assert.ok(severities.has('INFO'), 'INFO records are kept');
  assert.ok(!severities.has('DEBUG'), `no DEBUG records: ${[...severities].join(', ')}`);
});

test('the extension\'s retailPipeline.eventLogLevel setting: a level by name, DEBUG when unset or unknown', () => {
  const config = (v: unknown) => new Config(() => ({ get: <T>(key: string) => (key === 'eventLogLevel' ? v : undefined) as T | undefined }));
  assert.equal(config(undefined).eventLogLevel, 'DEBUG');
  assert.equal(config('INFO').eventLogLevel, 'INFO');
  assert.equal(config('warning').eventLogLevel, 'WARN');
  assert.equal(config('chatty').eventLogLevel, 'DEBUG');
});
