// The packaged extension (the VSIX, as `npm run package` builds it) must ship every worker
// thread the extension starts, and each must run from the unpacked VSIX alone: no file or
// package from this repository's node_modules (dist/ai-worker.js was once left out of the
// VSIX, and required pbf, which the VSIX does not ship). The VSIX is packaged afresh here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { table, task, type XmlSource } from '../src/core/manifest';
import { packState, unpackState, type AiRequest } from '../src/core/ai/ai-worker-protocol';
import type { XmlWorkerInput, XmlWorkerMessage } from '../src/core/sources/xml-worker-protocol';
import { readZip } from './helpers/zip';

const REPO = join(__dirname, '..');

/** Every worker the sources start through workerLoadStatement(__dirname, '<name>'). */
function workerNames(dir = join(REPO, 'src')): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) names.push(...workerNames(p));
    else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/workerLoadStatement\(__dirname, '([\w-]+)'\)/g)) names.push(m[1]);
  }
  return [...new Set(names)].sort();
}

/** Messages of a worker started from `file` until `done` says stop; the worker's error fails. */
function runWorker<T>(file: string, workerData: unknown, done: (m: T) => boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { workerData, execArgv: [] });
    const seen: T[] = [];
    let finished = false;
    w.on('message', (m: T) => {
      seen.push(m);
      try {
        finished = done(m);
      } catch (e) {
        finished = true;
        reject(e);
      }
      if (finished) void w.terminate().then(() => resolve(seen));
    });
    w.on('error', reject);
    w.on('exit', (code) => { if (!finished) reject(new Error(`${file} exited (${code}) before it was done`)); });
  });
}

test('the packaged VSIX ships each worker thread, and each runs from the unpacked VSIX alone', { timeout: 600_000 }, async () => {
  const workers = workerNames();
  assert.deepEqual(workers, ['ai-worker', 'xml-worker'], 'the workers the sources start (update this list when adding one)');
  const tmp = mkdtempSync(join(tmpdir(), 'rp-vsix-'));
  try {
    const vsix = join(tmp, 'retail.vsix');
    const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    const pkg = spawnSync(process.execPath, [vsce, 'package', '--target', `${process.platform}-${process.arch}`, '--no-rewrite-relative-links',
      '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: REPO, encoding: 'utf8', timeout: 540_000 });
    assert.equal(pkg.status, 0, `vsce package failed:\n${pkg.stdout}\n${pkg.stderr}`);
    const entries = readZip(vsix);
    const names = new Set(entries.map((e) => e.name));
    for (const w of workers) assert.ok(names.has(`extension/dist/${w}.js`), `extension/dist/${w}.js is in the VSIX`);
    assert.ok(names.has('extension/dist/gazetteer.json'), 'the gazetteer snapshot the state worker reads is in the VSIX');
    // Unpacked outside the repository, so nothing resolves from its node_modules.
    const root = join(tmp, 'unpacked');
    for (const e of entries) {
      const out = join(root, e.name);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, e.read());
    }
    const dist = join(root, 'extension', 'dist');

    // The XML reader's worker loads the sample specifications as the in-thread reader does.
    const t = task('product_specification_task');
    const input: XmlWorkerInput = {
      path: join(REPO, 'sample_data', 'product_specifications.xml'), src: t.source as XmlSource, def: table(t.writes[0]), lastUpdated: new Date().toISOString(),
    };
    const msgs = await runWorker<XmlWorkerMessage>(join(dist, 'xml-worker.js'), input, (m) => {
      if (m.type === 'batch') return false;
      if (m.type === 'error') throw new Error(`xml-worker: ${m.error.message}`);
      return true;
    });
    const rows = msgs.reduce((n, m) => n + (m.type === 'batch' ? m.encoded?.rows ?? 0 : 0), 0);
    const specs = (readFileSync(input.path, 'utf8').match(/<specification>/g) ?? []).length;
    assert.ok(specs > 100, 'the sample has specifications');
    assert.equal(rows, specs, 'one staged row per <specification>');
    assert.equal(msgs.at(-1)?.type, 'end');

    // The AI worker (address -> state) answers a request through shared memory.
    const ready = new Int32Array(new SharedArrayBuffer(4));
    const out = new Float64Array(new SharedArrayBuffer(16));
    const doneFlags = new Int32Array(new SharedArrayBuffer(8));
    const request: AiRequest = { texts: ['12 Main St, Austin, TX 78701', 'nowhere at all'], from: 0, out: out.buffer as SharedArrayBuffer, done: doneFlags.buffer as SharedArrayBuffer };
    const w = new Worker(join(dist, 'ai-worker.js'), { workerData: { kind: 'state', ready: ready.buffer, index: 0 }, execArgv: [] });
    try {
      const failed = new Promise<never>((_, reject) => w.on('error', reject));
      w.postMessage(request);
      // The worker counts itself done in shared memory (text-pool.ts blocks on it; poll here).
      const answered = (async () => {
        for (const until = Date.now() + 120_000; Atomics.load(doneFlags, 0) === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 20));
      })();
      await Promise.race([failed, answered]);
      assert.equal(Atomics.load(doneFlags, 0), 1, 'the AI worker answered');
      assert.equal(Atomics.load(doneFlags, 1), 0, 'without failing');
      assert.equal(unpackState(out[0]), 'TX');
      assert.equal(out[1], packState(null));
    } finally {
      await w.terminate();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
