// The DAG executor through runPipeline (lock, real DuckDB warehouse, run history, event table)
// with controlled steps: concurrency and its limit, DAG order, failure -> SKIPPED downstream,
// timeouts, per-task retries, cancellation, --only / --from selections.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { LOAD_TASKS, task, TASKS } from '../src/core/manifest';
import { lockPath } from '../src/core/runner/lock';
import { runPipeline } from '../src/core/runner/pipeline-run';
import type { RunEvent } from '../src/core/runner/events';
import { selectTasks } from '../src/cli/commands/run';
import type { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { controlledSteps, maxOverlap, memoryLogger, tempWorkspace } from './helpers/runner-steps';

interface SpanRow { name: string; span_id: string; parent: string | null; s: number; e: number; status: string; attrs: Record<string, unknown> }

async function taskSpans(wh: LocalWarehouse, traceId: string): Promise<SpanRow[]> {
  const rows = await wh.query<{ name: string; span_id: string; parent: string | null; s: string; e: string; status: string; attrs: string }>(
    `select RECORD->>'name' as name, TRACE->>'span_id' as span_id, RECORD->>'parent_span_id' as parent,
       epoch_us(START_TIMESTAMP)::varchar as s, epoch_us(TIMESTAMP)::varchar as e, RECORD->'status'->>'code' as status,
       RECORD_ATTRIBUTES::varchar as attrs
     from EVENTS where RECORD_TYPE = 'SPAN' and (TRACE->>'trace_id') = ?`, [traceId]);
  return rows.map((r) => ({ ...r, s: Number(r.s), e: Number(r.e), attrs: JSON.parse(r.attrs) as Record<string, unknown> }));
}

async function history(wh: LocalWarehouse, id: string) {
  return wh.query<{ NAME: string; STATE: string; ERROR_CODE: string | null; ERROR_MESSAGE: string | null; TRIES: number | null; ATTEMPT_NUMBER: number }>(
    `select * from TASK_HISTORY where GRAPH_RUN_GROUP_ID = ? order by NAME`, [id]);
}

test('independent tasks overlap, the concurrency limit holds, and every task starts after its predecessors', async () => {
  const ws = await tempWorkspace();
  try {
    const c = controlledSteps(Object.fromEntries(LOAD_TASKS.map((t) => [t.name, { ms: 150 }])));
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, concurrency: 3 });
    assert.equal(r.state, 'SUCCEEDED');
    assert.equal(c.maxActive, 3, 'the steps themselves never saw more than 3 at once, and did see 3');
    const spans = await taskSpans(ws.wh, r.traceId!);
    const byName = new Map(spans.map((s) => [s.name, s]));
    const taskSpanList = TASKS.map((t) => byName.get(t.name)!);
    assert.ok(taskSpanList.every(Boolean), 'one span per task');
    assert.equal(maxOverlap(taskSpanList.map((s) => ({ start: s.s, end: s.e }))), 3);
    const loads = LOAD_TASKS.map((t) => byName.get(t.name)!);
    const overlapping = loads.filter((a) => loads.some((b) => a !== b && a.s < b.e && b.s < a.e));
    assert.ok(overlapping.length >= 6, `load spans overlap (got ${overlapping.length} overlapping)`);
    for (const t of TASKS) {
      for (const p of t.after) assert.ok(byName.get(t.name)!.s >= byName.get(p)!.e, `${t.name} started before ${p} ended`);
    }
    // 8 loads of 150 ms in slots of 3 need at least 3 rounds.
    const loadWall = Math.max(...loads.map((s) => s.e)) - Math.min(...loads.map((s) => s.s));
    assert.ok(loadWall >= 3 * 150_000 && loadWall < 8 * 150_000, `loads took ${loadWall} µs`);

    const seq = controlledSteps(Object.fromEntries(LOAD_TASKS.map((t) => [t.name, { ms: 30 }])));
    const r1 = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: seq.step, concurrency: 1 });
    assert.equal(r1.state, 'SUCCEEDED');
    assert.equal(seq.maxActive, 1);
    assert.equal(maxOverlap((await taskSpans(ws.wh, r1.traceId!)).filter((s) => s.parent).map((s) => ({ start: s.s, end: s.e }))), 1);
  } finally {
    ws.cleanup();
  }
});

test('a failed task fails the graph, its downstream is SKIPPED, the others still run', async () => {
  const ws = await tempWorkspace();
  try {
    const c = controlledSteps({ mysql_order_task: { fail: 'orders source is unreadable' } });
    const events: RunEvent[] = [];
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, onEvent: (e) => events.push(e) });
    assert.equal(r.state, 'FAILED');
    const h = new Map((await history(ws.wh, r.run.graphRunGroupId)).map((x) => [x.NAME, x]));
    assert.equal(h.size, TASKS.length);
    assert.equal(h.get('mysql_order_task')!.STATE, 'FAILED');
    assert.equal(h.get('mysql_order_task')!.ERROR_MESSAGE, 'orders source is unreadable');
    for (const t of LOAD_TASKS.filter((x) => x.name !== 'mysql_order_task')) assert.equal(h.get(t.name)!.STATE, 'SUCCEEDED', t.name);
    for (const n of ['bronze_silver_task', 'data_validation_task', 'silver_gold_task', 'order_analytics_task', 'customer_analytics_task']) {
      assert.equal(h.get(n)!.STATE, 'SKIPPED', n);
      assert.equal(h.get(n)!.ERROR_CODE, 'UPSTREAM_FAILED');
    }
    assert.ok(!c.intervals.some((i) => i.task === 'bronze_silver_task'), 'a skipped step never ran');
    const [g] = await ws.wh.query<Record<string, unknown>>(`select * from COMPLETE_TASK_GRAPHS where GRAPH_RUN_GROUP_ID = ?`, [r.run.graphRunGroupId]);
    assert.equal(g.STATE, 'FAILED');
    assert.equal(g.FIRST_ERROR_TASK_NAME, 'mysql_order_task');
    assert.equal(g.FIRST_ERROR_MESSAGE, 'orders source is unreadable');
    assert.equal(g.TASK_COUNT, 14);
    // Events: one task-finished per task, graph-finished last.
    assert.equal(events.filter((e) => e.type === 'task-finished').length, TASKS.length);
    assert.equal(events.at(-1)!.type, 'graph-finished');
    const span = (await taskSpans(ws.wh, r.traceId!)).find((s) => s.name === 'mysql_order_task')!;
    assert.equal(span.status, 'STATUS_CODE_ERROR');
    assert.equal(span.attrs['exception.message'], 'orders source is unreadable');
  } finally {
    ws.cleanup();
  }
});

test('per-task timeout fails the task with TIMEOUT; retries re-run a failing step inside the same task run', async () => {
  const ws = await tempWorkspace();
  try {
    const only = [task('retail_root_task'), task('mysql_customer_task'), task('mysql_product_task')];
    const c = controlledSteps({ mysql_customer_task: { hang: true }, mysql_product_task: { failTimes: 2 } });
    const t0 = Date.now();
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks: only, timeoutMs: 200, retries: 2, retryDelayMs: 10 });
    assert.ok(Date.now() - t0 < 10_000);
    const h = new Map((await history(ws.wh, r.run.graphRunGroupId)).map((x) => [x.NAME, x]));
    assert.equal(h.get('mysql_customer_task')!.STATE, 'FAILED');
    assert.equal(h.get('mysql_customer_task')!.ERROR_CODE, 'TIMEOUT');
    assert.match(h.get('mysql_customer_task')!.ERROR_MESSAGE!, /timed out after 200 ms/);
    assert.equal(h.get('mysql_customer_task')!.TRIES, 3, 'a timed-out try is retried too');
    assert.equal(h.get('mysql_product_task')!.STATE, 'SUCCEEDED');
    assert.equal(h.get('mysql_product_task')!.TRIES, 3);
    assert.equal(c.tries.get('mysql_product_task'), 3);
    const retryEvents = await ws.wh.query<{ n: number }>(
      `select count(*)::int as n from EVENTS where RECORD_TYPE = 'SPAN_EVENT' and (RECORD->>'name') = 'retry' and (TRACE->>'trace_id') = ?`, [r.traceId!]);
    assert.equal(retryEvents[0].n, 4, 'two retry span events per task');

    const c2 = controlledSteps({ mysql_product_task: { failTimes: 5 } });
    const r2 = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c2.step, tasks: only, retries: 1, retryDelayMs: 10 });
    const h2 = new Map((await history(ws.wh, r2.run.graphRunGroupId)).map((x) => [x.NAME, x]));
    assert.equal(h2.get('mysql_product_task')!.STATE, 'FAILED');
    assert.equal(h2.get('mysql_product_task')!.TRIES, 2);
    assert.match(h2.get('mysql_product_task')!.ERROR_MESSAGE!, /planned failure 2 of 5/);
  } finally {
    ws.cleanup();
  }
});

test('cancellation marks running tasks CANCELLED, the rest SKIPPED, records it and frees the workspace', async () => {
  const ws = await tempWorkspace();
  try {
    const c = controlledSteps(Object.fromEntries(LOAD_TASKS.map((t) => [t.name, { hang: true }])));
    const ac = new AbortController();
    const running: string[] = [];
    const p = runPipeline({
      workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, concurrency: 3, signal: ac.signal,
      onEvent: (e) => { if (e.type === 'task-started' && e.task !== 'retail_root_task') { running.push(e.task); if (running.length === 3) ac.abort(new Error('cancelled by the test')); } },
    });
    const t0 = Date.now();
    const r = await p;
    assert.ok(Date.now() - t0 < 5000, 'stops promptly');
    assert.equal(r.state, 'CANCELLED');
    const h = new Map((await history(ws.wh, r.run.graphRunGroupId)).map((x) => [x.NAME, x]));
    assert.equal(h.get('retail_root_task')!.STATE, 'SUCCEEDED');
    for (const n of running) { assert.equal(h.get(n)!.STATE, 'CANCELLED', n); assert.equal(h.get(n)!.ERROR_CODE, 'CANCELLED'); }
    const rest = TASKS.filter((t) => t.name !== 'retail_root_task' && !running.includes(t.name));
    for (const t of rest) assert.equal(h.get(t.name)!.STATE, 'SKIPPED', t.name);
    assert.equal(c.intervals.length, 4, 'root + the 3 running steps ran and all of them have ended');
    const [g] = await ws.wh.query<{ STATE: string }>(`select STATE from COMPLETE_TASK_GRAPHS where GRAPH_RUN_GROUP_ID = ?`, [r.run.graphRunGroupId]);
    assert.equal(g.STATE, 'CANCELLED');
    assert.ok(!existsSync(lockPath(ws.dir)), 'lock released');
  } finally {
    ws.cleanup();
  }
});

test('--only and --from select tasks; predecessors outside the selection count as done', async () => {
  const ws = await tempWorkspace();
  try {
    const c = controlledSteps();
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks: selectTasks({ from: 'silver_gold_task' }) });
    assert.equal(r.state, 'SUCCEEDED');
    assert.deepEqual(r.outcomes.map((o) => o.name), ['silver_gold_task', 'order_analytics_task', 'customer_analytics_task']);
    assert.equal(c.intervals[0].task, 'silver_gold_task');
    assert.ok(c.intervals.filter((i) => i.task !== 'silver_gold_task').every((i) => i.start >= c.intervals[0].end));
    const c2 = controlledSteps();
    const r2 = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c2.step, tasks: selectTasks({ only: 'mysql_order_task,bronze_silver_task' }) });
    assert.deepEqual(r2.outcomes.map((o) => [o.name, o.state]), [['mysql_order_task', 'SUCCEEDED'], ['bronze_silver_task', 'SUCCEEDED']]);
    assert.equal((await history(ws.wh, r2.run.graphRunGroupId)).length, 2);
  } finally {
    ws.cleanup();
  }
});
