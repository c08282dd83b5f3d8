// Run history: CURRENT_/COMPLETE_TASK_GRAPHS while and after a run, a run killed with SIGKILL
// is closed as CANCELLED by the next run (whose lock recovery the kill forced), and `retry --run`
// re-runs the interrupted tasks; `history` prints graph runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { retryPlan } from '../src/core/history/queries';
import { LOAD_TASKS, task, TASKS } from '../src/core/manifest';
import { retryPipeline, runPipeline } from '../src/core/runner/pipeline-run';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { cli, REPO } from './helpers/cli';
import { abortableSleep, controlledSteps, memoryLogger, tempWorkspace } from './helpers/runner-steps';

test('a running graph is in CURRENT_TASK_GRAPHS, a finished one in COMPLETE_TASK_GRAPHS with its timing', async () => {
  const ws = await tempWorkspace('rp-history-');
  try {
    let during: Record<string, unknown>[] = [];
    const c = controlledSteps({
      mysql_order_task: { async work(_t, ctx) { await abortableSleep(300); during = await ctx.wh.query('select * from CURRENT_TASK_GRAPHS'); } },
    });
    const r = await runPipeline({ workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks: [task('retail_root_task'), task('mysql_order_task')] });
    assert.equal(during.length, 1);
    assert.equal(during[0].STATE, 'EXECUTING');
    assert.equal(during[0].GRAPH_RUN_GROUP_ID, r.run.graphRunGroupId);
    assert.equal((await ws.wh.query('select * from CURRENT_TASK_GRAPHS')).length, 0);
    const [g] = await ws.wh.query<Record<string, unknown>>('select * from COMPLETE_TASK_GRAPHS');
    assert.equal(g.STATE, 'SUCCEEDED');
    assert.equal(g.ROOT_TASK_NAME, 'retail_root_task');
    assert.equal(g.SCHEDULED_FROM, 'EXECUTE TASK');
    assert.equal(g.TRACE_ID, r.traceId);
    assert.ok(Number(g.DURATION_MS) >= 300);
    assert.equal(g.FIRST_ERROR_TASK_NAME, null);
  } finally {
    ws.cleanup();
  }
});

test('a run killed mid-way is closed as CANCELLED by the next run, and retry --run re-runs its unfinished tasks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-history-kill-'));
  const marker = join(dir, 'started');
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { writeFileSync } = require('node:fs');
    const { runPipeline } = require('./src/core/runner/pipeline-run');
    const { controlledSteps } = require('./test/helpers/runner-steps');
    const { LOAD_TASKS } = require('./src/core/manifest');
    const c = controlledSteps(Object.fromEntries(LOAD_TASKS.map((t) => [t.name, { hang: true, work: async () => writeFileSync(${JSON.stringify(marker)}, 'x') }])));
    runPipeline({ workspace: ${JSON.stringify(dir)}, dataDir: ${JSON.stringify(dir)}, log: { log() {} }, step: c.step, concurrency: 2 });
  `], { cwd: REPO, stdio: 'ignore' });
  try {
    const t0 = Date.now();
    while (!existsSync(marker) && Date.now() - t0 < 30_000) await abortableSleep(50);
    await abortableSleep(1000); // let the history rows of the started tasks reach the WAL
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(existsSync(join(dir, '.retail', 'run.lock')), 'the killed run left its lock behind');

    const log = memoryLogger();
    const c = controlledSteps();
    const next = await runPipeline({ workspace: dir, dataDir: dir, log, step: c.step, tasks: [task('retail_root_task')] });
    assert.equal(next.state, 'SUCCEEDED', 'the stale lock did not stop the next run');
    assert.ok(log.lines.some((l) => l.severity === 'WARN' && /1 graph run\(s\) left EXECUTING/.test(l.message)));

    const wh = await LocalWarehouse.open(dir);
    let killedId: string;
    let expectedRetry: string[];
    try {
      const graphs = await wh.query<{ GRAPH_RUN_GROUP_ID: string; STATE: string; FIRST_ERROR_TASK_NAME: string | null }>(
        `select * from COMPLETE_TASK_GRAPHS where GRAPH_RUN_GROUP_ID <> ?`, [next.run.graphRunGroupId]);
      assert.equal(graphs.length, 1);
      assert.equal(graphs[0].STATE, 'CANCELLED');
      killedId = graphs[0].GRAPH_RUN_GROUP_ID;
      const h = await wh.query<{ NAME: string; STATE: string; ERROR_CODE: string | null }>(`select * from TASK_HISTORY where GRAPH_RUN_GROUP_ID = ?`, [killedId]);
      assert.equal(h.length, TASKS.length);
      // The root finished before the kill (unless its update was still queued); everything else was
      // running or waiting and is now CANCELLED as INTERRUPTED.
      const interrupted = h.filter((x) => x.STATE !== 'SUCCEEDED');
      assert.ok(interrupted.length >= TASKS.length - 1);
      assert.ok(interrupted.every((x) => x.STATE === 'CANCELLED' && x.ERROR_CODE === 'INTERRUPTED'), JSON.stringify(interrupted));
      const plan = await retryPlan(wh, killedId);
      assert.deepEqual(plan.tasks.map((t) => t.name).sort(), interrupted.map((x) => x.NAME).sort());
      expectedRetry = interrupted.map((x) => x.NAME).sort();
    } finally {
      wh.close();
    }
    const c2 = controlledSteps();
    const retried = await retryPipeline({ workspace: dir, dataDir: dir, log: memoryLogger(), step: c2.step, graphRunGroupId: killedId });
    assert.equal(retried.state, 'SUCCEEDED');
    assert.equal(retried.run.attemptNumber, 2);
    assert.equal(retried.run.scheduledFrom, 'MANUAL RETRY');
    assert.deepEqual(c2.intervals.map((i) => i.task).sort(), expectedRetry);
    assert.ok(LOAD_TASKS.every((t) => c2.intervals.some((i) => i.task === t.name)));

    const text = cli(['history', '--workspace', dir, '--limit', '2']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /GRAPH_RUN_GROUP_ID\s+ATTEMPT_NUMBER\s+STATE/);
    assert.match(text.stdout, new RegExp(`${killedId}\\s+2\\s+SUCCEEDED\\s+MANUAL RETRY`));
    assert.match(text.stdout, /\(2 rows\)/);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
