// One graph run per workspace: the lock refuses (naming the holder) or waits, recovers a lock
// left by a killed process, and two simultaneous CLI runs never interleave.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOAD_TASKS, ROOT_TASK } from '../src/core/manifest';
import { acquireRunLock, lockPath, WorkspaceLockedError } from '../src/core/runner/lock';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { BIN, REPO } from './helpers/cli';
import { controlledSteps, memoryLogger, tempWorkspace } from './helpers/runner-steps';

function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (cond() ? resolve() : Date.now() - t0 > ms ? reject(new Error('timed out waiting')) : setTimeout(tick, 20));
    tick();
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('a held lock refuses with the holder pid, or waits until it is released', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-lock-'));
  try {
    const a = await acquireRunLock(dir, { command: 'run' });
    assert.equal(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid, process.pid);
    await assert.rejects(acquireRunLock(dir), (e: Error) => e instanceof WorkspaceLockedError && e.message.includes(`pid ${process.pid}`) && e.message.includes('--wait'));
    let waited = false;
    const t0 = Date.now();
    setTimeout(() => a.release(), 300);
    const b = await acquireRunLock(dir, { wait: true, pollMs: 20, onWait: () => (waited = true) });
    assert.ok(waited && Date.now() - t0 >= 280);
    b.release();
    assert.ok(!existsSync(lockPath(dir)));
    await assert.rejects(acquireRunLock(dir, { wait: true, timeoutMs: 100 }).then(async (c) => { await acquireRunLock(dir, { wait: true, timeoutMs: 100, pollMs: 20 }).finally(() => c.release()); }), WorkspaceLockedError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('another process holding the lock is named; after it is killed its stale lock is recovered', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-lock-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { acquireRunLock } = require('./src/core/runner/lock');
    acquireRunLock(${JSON.stringify(dir)}, { command: 'holder' }).then(() => { console.log('locked'); setInterval(() => {}, 1000); });
  `], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = exited(child);
  try {
    await waitFor(() => existsSync(lockPath(dir)));
    await assert.rejects(acquireRunLock(dir), (e: Error) => e.message.includes(`pid ${child.pid}`) && e.message.includes('holder'));
    child.kill('SIGKILL');
    await done;
    const lock = await acquireRunLock(dir);
    assert.equal(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid, process.pid, 'the dead holder\'s lock was replaced');
    lock.release();
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two runs started together in one process run one after the other', async () => {
  const ws = await tempWorkspace();
  try {
    const c = controlledSteps({}, 40);
    const tasks = LOAD_TASKS.slice(0, 4);
    const opts = { workspace: ws.dir, dataDir: ws.dir, log: memoryLogger(), wh: ws.wh, step: c.step, tasks, lock: { wait: true, pollMs: 10 } };
    const [r1, r2] = await Promise.all([runPipeline(opts), runPipeline(opts)]);
    assert.equal(r1.state, 'SUCCEEDED');
    assert.equal(r2.state, 'SUCCEEDED');
    assert.notEqual(r1.run.graphRunGroupId, r2.run.graphRunGroupId);
    // Steps of each run overlap each other (concurrency 4) but never a step of the other run.
    const byStart = [...c.intervals].sort((x, y) => x.start - y.start);
    assert.equal(byStart.length, 8);
    const firstRunEnd = Math.max(...byStart.slice(0, 4).map((i) => i.end));
    assert.ok(byStart.slice(4).every((i) => i.start >= firstRunEnd), 'no step of the second run started before the first run ended');
  } finally {
    ws.cleanup();
  }
});

test('two CLI runs on one workspace never interleave: --wait queues them; without it the second refuses naming the holder', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-lock-cli-'));
  const data = join(ws, 'data');
  cpSync(join(REPO, 'sample_data'), data, { recursive: true });
  const only = [ROOT_TASK, ...LOAD_TASKS.map((t) => t.name)].join(',');
  const start = (...extra: string[]) => spawn(process.execPath, [BIN, 'run', '--workspace', ws, '--data', data, '--only', only, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const [a, b] = await Promise.all([exited(start('--wait')), exited(start('--wait'))]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal([a, b].filter((x) => x.stderr.includes('waiting for the run holding the workspace')).length, 1, 'one run really waited for the other');
    const wh = await LocalWarehouse.open(ws);
    try {
      const runs = await wh.query<{ s: string; e: string; n: number }>(
        `select epoch_us(QUERY_START_TIME)::varchar as s, epoch_us(COMPLETED_TIME)::varchar as e, TASK_COUNT as n from COMPLETE_TASK_GRAPHS where STATE = 'SUCCEEDED' order by QUERY_START_TIME`);
      assert.equal(runs.length, 2);
      assert.ok(Number(runs[1].s) >= Number(runs[0].e), 'graph runs do not overlap');
      const [{ overlap }] = await wh.query<{ overlap: number }>(`
        select count(*)::int as overlap from TASK_HISTORY x join TASK_HISTORY y on x.GRAPH_RUN_GROUP_ID < y.GRAPH_RUN_GROUP_ID
        where x.QUERY_START_TIME < y.COMPLETED_TIME and y.QUERY_START_TIME < x.COMPLETED_TIME`);
      assert.equal(overlap, 0, 'no task of one run overlaps a task of the other');
    } finally {
      wh.close();
    }
    // Without --wait the second run refuses at once, naming the holder (held here by this process
    // so the timing cannot race a fast first run).
    const held = await acquireRunLock(ws, { command: 'run (the first one)' });
    try {
      const second = await exited(start());
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`pid ${process.pid} .*\\(run \\(the first one\\)\\)`));
      assert.match(second.stderr, /--wait/);
    } finally {
      held.release();
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('Ctrl-C while `run --wait` waits for the lock stops it with a message naming the holder', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-lock-cli-'));
  const lock = await acquireRunLock(ws, { command: 'test holder' });
  try {
    const child = spawn(process.execPath, [BIN, 'run', '--workspace', ws, '--data', join(REPO, 'sample_data'), '--wait'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const done = exited(child);
    await waitFor(() => err.includes('waiting for the run holding the workspace'));
    assert.match(err, new RegExp(`pid ${process.pid}, test holder`));
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 1);
    assert.match(err, new RegExp(`Cancelled while waiting for the workspace lock .* held by pid ${process.pid}`));
    assert.equal(JSON.parse(readFileSync(lockPath(ws), 'utf8')).pid, process.pid, 'the holder keeps its lock');
  } finally {
    lock.release();
    rmSync(ws, { recursive: true, force: true });
  }
});
