// The real pipeline through the runner: a full graph run on a copy of sample_data is recorded
// in TASK_HISTORY and as one trace shaped like the DAG; a corrupted source fails its load, skips
// everything downstream, and `retry` after the fix runs only the failed and skipped tasks.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { downstreamOf, LOAD_TASKS, ROOT_TASK, TASKS } from '../src/core/manifest';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { cli, REPO } from './helpers/cli';
import { memoryLogger } from './helpers/runner-steps';

function workspaceWithData(): { ws: string; data: string; cleanup(): void } {
  const ws = mkdtempSync(join(tmpdir(), 'rp-runner-real-'));
  const data = join(ws, 'data');
  cpSync(join(REPO, 'sample_data'), data, { recursive: true });
  return { ws, data, cleanup: () => rmSync(ws, { recursive: true, force: true }) };
}

type HistoryRow = { NAME: string; STATE: string; GRAPH_RUN_GROUP_ID: string; ATTEMPT_NUMBER: number; SCHEDULED_FROM: string; ROWS_OUT: number | null; DURATION_MS: number; s: string; e: string; ERROR_MESSAGE: string | null };

test('a full run: 14 tasks SUCCEEDED under one GRAPH_RUN_GROUP_ID, and one trace whose spans follow the DAG', async () => {
  const { ws, data, cleanup } = workspaceWithData();
  try {
    const r = await runPipeline({ workspace: ws, dataDir: data, log: memoryLogger() });
    assert.equal(r.state, 'SUCCEEDED', JSON.stringify(r.outcomes.filter((o) => o.state !== 'SUCCEEDED')));
    const wh = await LocalWarehouse.open(ws);
    try {
      const h = await wh.query<HistoryRow>(`select *, epoch_us(QUERY_START_TIME)::varchar as s, epoch_us(COMPLETED_TIME)::varchar as e from TASK_HISTORY`);
      assert.equal(h.length, TASKS.length);
      assert.equal(h.length, 14);
      assert.deepEqual([...new Set(h.map((x) => x.GRAPH_RUN_GROUP_ID))], [r.run.graphRunGroupId]);
      for (const x of h) {
        assert.equal(x.STATE, 'SUCCEEDED', x.NAME);
        assert.equal(x.ATTEMPT_NUMBER, 1);
        assert.equal(x.SCHEDULED_FROM, 'EXECUTE TASK');
        assert.ok(Number(x.e) >= Number(x.s) && x.DURATION_MS >= 0, `${x.NAME} has timings`);
      }
      for (const t of LOAD_TASKS) {
        const row = h.find((x) => x.NAME === t.name)!;
        assert.equal(row.ROWS_OUT, await wh.rowCount(t.writes[0]), `${t.name} ROWS_OUT = rows in ${t.writes[0]}`);
      }

      const spans = (await wh.query<{ trace_id: string; span_id: string; parent: string | null; name: string; links: string | null; s: string; e: string; rows_out: string | null }>(
        `select TRACE->>'trace_id' as trace_id, TRACE->>'span_id' as span_id, RECORD->>'parent_span_id' as parent, RECORD->>'name' as name,
           (RECORD->'links')::varchar as links, epoch_us(START_TIMESTAMP)::varchar as s, epoch_us(TIMESTAMP)::varchar as e,
           RECORD_ATTRIBUTES->>'snow.output.rows' as rows_out
         from EVENTS where RECORD_TYPE = 'SPAN'`));
      assert.deepEqual([...new Set(spans.map((s) => s.trace_id))], [r.traceId], 'one trace');
      const roots = spans.filter((s) => !s.parent);
      assert.equal(roots.length, 1);
      assert.equal(roots[0].name, `${ROOT_TASK} graph run`);
      const ids = new Set(spans.map((s) => s.span_id));
      assert.ok(spans.every((s) => !s.parent || ids.has(s.parent)), 'every parent is in the trace');
      const taskSpans = new Map(spans.filter((s) => s.parent === roots[0].span_id).map((s) => [s.name, s]));
      assert.deepEqual([...taskSpans.keys()].sort(), TASKS.map((t) => t.name).sort(), 'one child of the graph span per task');
      for (const t of TASKS) {
        const s = taskSpans.get(t.name)!;
        const links = (s.links ? JSON.parse(s.links) : []) as { span_id: string }[];
        assert.deepEqual(links.map((l) => l.span_id).sort(), t.after.map((p) => taskSpans.get(p)!.span_id).sort(), `${t.name} links to its predecessors`);
        for (const p of t.after) assert.ok(Number(s.s) >= Number(taskSpans.get(p)!.e), `${t.name} starts after ${p} ends`);
        assert.equal(Number(s.rows_out), h.find((x) => x.NAME === t.name)!.ROWS_OUT, `${t.name} snow.output.rows`);
      }
      // Steps' SQL statements are spans under their task (run through the runner's instrumented
      // warehouse), inside the step's phase spans (read / transform / write).
      const silver = taskSpans.get('bronze_silver_task')!;
      const all = await wh.query<{ id: string; parent: string | null; name: string; text: string | null }>(
        `select TRACE->>'span_id' as id, RECORD->>'parent_span_id' as parent, RECORD->>'name' as name, RECORD_ATTRIBUTES->>'db.query.text' as text from EVENTS where RECORD_TYPE = 'SPAN' and (TRACE->>'trace_id') = ?`, [r.traceId!]);
      const parentOf = new Map(all.map((x) => [x.id, x.parent]));
      const under = (id: string, ancestor: string): boolean => {
        for (let p = parentOf.get(id); p; p = parentOf.get(p)) if (p === ancestor) return true;
        return false;
      };
      const statements = all.filter((x) => x.name.startsWith('sql ') && under(x.id, silver.span_id));
      assert.ok(statements.some((x) => /SILVER_CUSTOMERS/i.test(x.text ?? '')), `silver statements traced: ${statements.length}`);
      const phases = new Set(all.filter((x) => x.parent === silver.span_id && !x.name.startsWith('sql ')).map((x) => x.name));
      assert.deepEqual([...phases].sort(), ['transform', 'write'], 'the transform step has transform and write phases');
      const load = taskSpans.get('productreview_task')!;
      assert.deepEqual(all.filter((x) => x.parent === load.span_id && !x.name.startsWith('sql ')).map((x) => x.name).sort(), ['read', 'write'], 'a load has read and write phases');
      const [{ logs }] = await wh.query<{ logs: number }>(`select count(*)::int as logs from EVENTS where RECORD_TYPE = 'LOG' and (TRACE->>'trace_id') = ?`, [r.traceId!]);
      assert.ok(logs >= 14, 'every task logs into the trace');
    } finally {
      wh.close();
    }
  } finally {
    cleanup();
  }
});

test('a corrupted source fails its load and skips downstream; after the fix `retry` runs only failed + skipped tasks', () => {
  const { ws, data, cleanup } = workspaceWithData();
  const file = join(data, 'mysql', 'customer_data.csv');
  const good = readFileSync(file, 'utf8');
  const downstream = downstreamOf('bronze_silver_task');
  try {
    writeFileSync(file, good.replace(/^[^\n]*/, 'cust_id,first,last'));
    const run = cli(['run', '--workspace', ws, '--data', data, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const r1 = JSON.parse(run.stdout) as { graphRunGroupId: string; attemptNumber: number; state: string; tasks: Record<string, { state: string; error?: string }> };
    assert.equal(r1.state, 'FAILED');
    assert.equal(r1.tasks.mysql_customer_task.state, 'FAILED');
    assert.match(r1.tasks.mysql_customer_task.error!, /customer_data\.csv line 1: header is missing column/);
    for (const n of downstream) assert.equal(r1.tasks[n].state, 'SKIPPED', n);
    for (const t of LOAD_TASKS.filter((x) => x.name !== 'mysql_customer_task')) assert.equal(r1.tasks[t.name].state, 'SUCCEEDED', t.name);

    // Retrying before the fix fails again, as attempt 2 of the same graph run.
    const again = cli(['retry', '--workspace', ws, '--data', data, '--json']);
    assert.equal(again.code, 1);
    const r2 = JSON.parse(again.stdout) as typeof r1;
    assert.equal(r2.graphRunGroupId, r1.graphRunGroupId);
    assert.equal(r2.attemptNumber, 2);
    assert.deepEqual(Object.keys(r2.tasks).sort(), ['mysql_customer_task', ...downstream].sort());

    copyFileSync(join(REPO, 'sample_data', 'mysql', 'customer_data.csv'), file);
    const fixed = cli(['retry', '--workspace', ws, '--data', data, '--run', r1.graphRunGroupId.slice(0, 8), '--json']);
    assert.equal(fixed.code, 0, fixed.stderr);
    const r3 = JSON.parse(fixed.stdout) as typeof r1 & { scheduledFrom: string };
    assert.equal(r3.state, 'SUCCEEDED');
    assert.equal(r3.graphRunGroupId, r1.graphRunGroupId);
    assert.equal(r3.attemptNumber, 3);
    assert.equal(r3.scheduledFrom, 'MANUAL RETRY');
    assert.deepEqual(Object.keys(r3.tasks).sort(), ['mysql_customer_task', ...downstream].sort(), 'only the failed and skipped tasks ran');

    const hist = cli(['history', '--workspace', ws, '--json']);
    assert.equal(hist.code, 0, hist.stderr);
    const graphs = (JSON.parse(hist.stdout) as { GRAPH_RUN_GROUP_ID: string; ATTEMPT_NUMBER: number; STATE: string; SCHEDULED_FROM: string; FIRST_ERROR_TASK_NAME: string | null; TASK_COUNT: number }[])
      .sort((a, b) => a.ATTEMPT_NUMBER - b.ATTEMPT_NUMBER);
    assert.deepEqual(graphs.map((g) => [g.ATTEMPT_NUMBER, g.STATE, g.SCHEDULED_FROM, g.FIRST_ERROR_TASK_NAME, g.TASK_COUNT]), [
      [1, 'FAILED', 'EXECUTE TASK', 'mysql_customer_task', 14],
      [2, 'FAILED', 'MANUAL RETRY', 'mysql_customer_task', 6],
      [3, 'SUCCEEDED', 'MANUAL RETRY', null, 6],
    ]);
    assert.ok(graphs.every((g) => g.GRAPH_RUN_GROUP_ID === r1.graphRunGroupId));
    const tasks = cli(['history', '--workspace', ws, '--run', r1.graphRunGroupId, '--json']);
    const rows = JSON.parse(tasks.stdout) as { NAME: string; ATTEMPT_NUMBER: number; STATE: string }[];
    assert.equal(rows.length, 14 + 6 + 6);
    assert.equal(rows.filter((x) => x.NAME === 'mysql_order_task').length, 1, 'a load that succeeded in attempt 1 never re-ran');

    const q = cli(['query', 'select count(*) as n from SILVER_CUSTOMERS', '--workspace', ws, '--format', 'json']);
    assert.ok((JSON.parse(q.stdout) as { n: number }[])[0].n > 0, 'the graph completed: silver exists');
    const nothing = cli(['retry', '--workspace', ws, '--data', data]);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /SUCCEEDED: nothing to retry/);
  } finally {
    cleanup();
  }
});
