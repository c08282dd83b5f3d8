// Fault scenarios: whatever fails mid-way, the pipeline fails cleanly, loses nothing it had, and
// the next run works. Each scenario is a real fault, not a mock:
//  (a) the MariaDB server SIGKILLed mid-load (a private server: never the shared one on 3306);
//  (b) the CLI SIGKILLed mid-run, during the gold step;
//  (c) a stage write past the file-size limit (RLIMIT_FSIZE, as a full disk) or into a place
//      that cannot be a directory (root ignores file modes, so chmod would prove nothing);
//  (d) an Iceberg commit whose process is SIGKILLed after the data file, and after the
//      metadata file, before the pointer swap;
//  (e) a CLI run and an in-process run (as the extension starts them) on one workspace at once;
//  (f) the warehouse's disk full during loads (RLIMIT_FSIZE on the CLI run).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { attachIcebergView, commitIcebergOverwrite, findOrphanFiles, icebergTableDir, listSnapshots, readIcebergTable } from '../../src/core/iceberg';
import { table, TABLES, task } from '../../src/core/manifest';
import { retailDbScript } from '../../src/core/mysql/schema';
import { lockPath } from '../../src/core/runner/lock';
import { LocalStage } from '../../src/core/stage/local-stage';
import { runPipeline } from '../../src/core/runner/pipeline-run';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { BIN, cli, REPO } from '../helpers/cli';
import { memoryLogger } from '../helpers/runner-steps';
import { PrivateMariadb, privateMariadbUnavailable } from './helpers/private-mariadb';

const DATA = join(REPO, 'sample_data');
let passed = 0;
const SCENARIOS = 7;
after(() => {
  console.log(passed === SCENARIOS ? `fault scenarios: ${SCENARIOS}, all passed` : `fault scenarios: ${passed} of ${SCENARIOS} passed`);
});

function tempDir(t: TestContext, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Every row of a table as text, in a stable order. */
async function dump(wh: LocalWarehouse, name: string): Promise<string> {
  return JSON.stringify(await wh.query(`select * from "${name}" order by all`));
}

async function stagingLeftovers(wh: LocalWarehouse): Promise<string[]> {
  return (await wh.query<{ n: string }>(`select table_name as n from information_schema.tables where table_name like '__stg_%'`)).map((r) => r.n);
}

// ---- (a) ---------------------------------------------------------------------------------------

test('(a) MariaDB SIGKILLed mid-load: the load fails with a clear message, the previous bronze table is intact, the next load works', { timeout: 180_000 }, async (t) => {
  const why = privateMariadbUnavailable();
  if (why) {
    if (process.env.RETAIL_REQUIRE_MYSQL === '1') throw new Error(`${why} (RETAIL_REQUIRE_MYSQL=1)`);
    return t.skip(why);
  }
  const server = await PrivateMariadb.create();
  t.after(() => server.destroy());
  const admin = await server.connect();
  await admin.query(retailDbScript('retail_db'));
  const insert = (n: number, prefix: string) => admin.query(`INSERT INTO retail_db.orders
    SELECT CONCAT('${prefix}', LPAD(seq, 7, '0')), 'CUST0001', '2024-05-01', 10.50, 'Shipped', 'PayPal', '2024-05-01 10:00:00', '2024-05-01 10:00:00'
    FROM seq_1_to_${n}`);
  await admin.query('USE retail_db');
  await insert(100, 'A');

  const ws = tempDir(t, 'rp-fault-a-');
  const log = memoryLogger();
  const opts = { workspace: ws, dataDir: ws, mysqlUrl: `${server.url}/retail_db`, log, tasks: [task('mysql_order_task')] };
  const first = await runPipeline(opts);
  assert.equal(first.state, 'SUCCEEDED');
  let wh = await LocalWarehouse.open(ws);
  const before = await dump(wh, 'BRONZE_ORDERS');
  assert.equal(await wh.rowCount('BRONZE_ORDERS'), 100);
  wh.close();

  // Enough rows that the load streams for a while (seconds, even on an idle machine); the
  // default threshold splits it in 4.
  await insert(600_000, 'B');
  const t0 = Date.now();
  const second = runPipeline(opts);
  // Kill the server once the load's SELECTs are streaming rows.
  await waitFor('the load to stream', async () => {
    const [rows] = await admin.query(`SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND info LIKE '%retail-pipeline load orders partition%'`) as unknown as [unknown[]];
    return rows.length > 0 || undefined;
  });
  // Kill at once: the partitions have started streaming and are far from done.
  admin.destroy();
  await server.kill();
  const result = await second;
  assert.ok(Date.now() - t0 < 60_000, 'failed promptly, did not hang');
  assert.equal(result.state, 'FAILED');

  wh = await LocalWarehouse.open(ws);
  try {
    const [h] = await wh.query<{ ERROR_MESSAGE: string }>(`select ERROR_MESSAGE from TASK_HISTORY where NAME = 'mysql_order_task' and STATE = 'FAILED'`);
    // Which table, which partition, how far it got, and what happened; no stack trace.
    assert.match(h.ERROR_MESSAGE, /reading retail_db\.orders \(partition \d\/\d, after \d+ rows\) on mysql:\/\/root@127\.0\.0\.1:\d+\/retail_db failed: .*(lost|closed|ECONNRESET|EPIPE)/i);
    assert.doesNotMatch(h.ERROR_MESSAGE, /\n\s+at /);
    assert.equal(await dump(wh, 'BRONZE_ORDERS'), before, 'the previous bronze table is intact');
    assert.deepEqual(await stagingLeftovers(wh), [], 'no staging tables left behind');
  } finally {
    wh.close();
  }

  // The server comes back (InnoDB crash recovery) with all its rows; the next load works.
  await server.start();
  const again = await server.connect('retail_db');
  const [[{ n }]] = await again.query('SELECT COUNT(*) AS n FROM orders') as unknown as [[{ n: number }]];
  assert.equal(Number(n), 600_100);
  await again.query("DELETE FROM orders WHERE order_id LIKE 'B%'");
  await again.end();
  const third = await runPipeline(opts);
  assert.equal(third.state, 'SUCCEEDED');
  wh = await LocalWarehouse.open(ws);
  try {
    assert.equal(await dump(wh, 'BRONZE_ORDERS'), before);
  } finally {
    wh.close();
  }
  passed++;
});

// ---- (b) ---------------------------------------------------------------------------------------

test('(b) the CLI SIGKILLed mid-run: the lock of the dead process is recovered, the next run works, the warehouse opens, Iceberg snapshots are complete', { timeout: 240_000 }, async (t) => {
  const ws = tempDir(t, 'rp-fault-b-');
  const r1 = cli(['run', '--data', DATA, '--workspace', ws]);
  assert.equal(r1.code, 0, r1.stderr);
  const GOLD = TABLES.filter((x) => x.kind === 'iceberg').map((x) => x.name);
  const firstRows = new Map<string, number>();
  for (const g of GOLD) firstRows.set(g, (await readIcebergTable(icebergTableDir(ws, g))).recordCount);

  const child = spawn(process.execPath, [BIN, 'run', '--data', DATA, '--workspace', ws], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
  await waitFor('silver_gold_task to start', () => err.includes('silver_gold_task: started') || undefined, 120_000);
  await sleep(100);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const held = JSON.parse(readFileSync(lockPath(ws), 'utf8')) as { pid: number };
  assert.equal(held.pid, child.pid, 'the killed run left its lock behind');

  // The next run: `retry`, which re-runs what the killed run left unfinished (a full run after
  // a killed one is in test/history.test.ts).
  const r3 = cli(['retry', '--data', DATA, '--workspace', ws]);
  assert.equal(r3.code, 0, r3.stderr);
  assert.match(r3.stderr, /1 graph run\(s\) left EXECUTING by a process that ended were marked CANCELLED/);
  assert.match(r3.stderr, /retrying .*\((CANCELLED|SKIPPED)\)/);
  assert.ok(!existsSync(lockPath(ws)), 'lock released after the run');

  const wh = await LocalWarehouse.open(ws);
  try {
    // Every table of the catalog can be read.
    for (const x of TABLES) assert.ok(await wh.rowCount(x.name) >= 0, x.name);
    const runs = await wh.query<{ STATE: string; ATTEMPT_NUMBER: number }>('select STATE, ATTEMPT_NUMBER from TASK_GRAPH_RUNS order by SCHEDULED_TIME');
    assert.deepEqual(runs.map((r) => [r.STATE, r.ATTEMPT_NUMBER]), [['SUCCEEDED', 1], ['CANCELLED', 1], ['SUCCEEDED', 2]]);
    for (const g of GOLD) {
      const dir = icebergTableDir(ws, g);
      const scan = await readIcebergTable(dir);
      // The current snapshot is a complete one: every data file it names is there, in full,
      // and it holds what the view shows.
      for (const f of scan.dataFiles) assert.equal(statSync(f.path).size, f.sizeBytes, f.path);
      assert.equal(scan.recordCount, firstRows.get(g), `${g}: same rows as the first run`);
      assert.equal(await wh.rowCount(g), scan.recordCount, `${g}: the warehouse view reads the current snapshot`);
      // Every older snapshot is still complete too (time travel keeps working).
      for (const s of await listSnapshots(dir)) {
        for (const f of (await readIcebergTable(dir, { snapshotId: s.snapshotId })).dataFiles) assert.ok(existsSync(f.path), `${g} snapshot ${s.snapshotId}: ${f.path}`);
      }
      // Whatever the killed commit left is reported as orphans and referenced by nothing current.
      const orphans = await findOrphanFiles(dir);
      for (const o of orphans) assert.ok(!scan.dataFiles.some((f) => f.path === o));
      t.diagnostic(`${g}: ${(await listSnapshots(dir)).length} snapshots, ${orphans.length} orphan file(s) from the killed run`);
    }
  } finally {
    wh.close();
  }
  passed++;
});

// ---- (c) ---------------------------------------------------------------------------------------

test('(c) a stage write past the file-size limit or into an impossible place: clear error, the previous file intact, nothing half-written', { timeout: 60_000 }, (t) => {
  if (!existsSync('/usr/bin/prlimit')) return t.skip('prlimit (util-linux) not installed');
  const ws = tempDir(t, 'rp-fault-c-');
  const small = join(ws, 'small.bin');
  const big = join(ws, 'big.bin');
  writeFileSync(small, 'the previous version\n');
  writeFileSync(big, Buffer.alloc(2 << 20, 7));
  const put = (file: string, limit: number) => spawnSync('/usr/bin/prlimit',
    [`--fsize=${limit}`, process.execPath, BIN, 'stage', 'put', file, '@SOURCE_FILES/data.bin', '--workspace', ws], { encoding: 'utf8' });
  new LocalStage(ws, 'SOURCE_FILES').put(small, 'data.bin');

  // 64 KiB of "disk" for a 2 MiB file: write() fails with EFBIG part-way through.
  const full = put(big, 65_536);
  assert.equal(full.status, 1, full.stderr);
  assert.match(full.stderr, /^error: PUT to @SOURCE_FILES failed for data\.bin: EFBIG: file too large/m);
  const stageDir = join(ws, '.retail', 'stages', 'SOURCE_FILES');
  assert.deepEqual(readdirSync(stageDir), ['data.bin'], 'no partial file left in the stage');
  assert.equal(readFileSync(join(stageDir, 'data.bin'), 'utf8'), 'the previous version\n');
  assert.deepEqual(new LocalStage(ws, 'SOURCE_FILES').list().map((f) => [f.name, f.size]), [['data.bin', 21]]);

  // A stage whose folder cannot be created (a file is in the way): refused with the reason.
  writeFileSync(join(ws, '.retail', 'stages', 'CODEFILES'), 'not a folder');
  assert.throws(() => new LocalStage(ws, 'CODEFILES').put(small, 'x.bin'), /(ENOTDIR|EEXIST)/);
  assert.equal(readFileSync(join(ws, '.retail', 'stages', 'CODEFILES'), 'utf8'), 'not a folder');
  passed++;
});

// ---- (d) ---------------------------------------------------------------------------------------

const CRASH_CHILD = join(__dirname, 'helpers', 'iceberg-crash-child.ts');

for (const mode of ['after-data', 'before-pointer'] as const) {
  test(`(d) an Iceberg commit SIGKILLed ${mode === 'after-data' ? 'between the data file and the metadata' : 'between the metadata file and the pointer swap'}: the previous snapshot stays current, the leftovers are reported as orphans, the next commit works`, { timeout: 60_000 }, async (t) => {
    const dir = join(tempDir(t, 'rp-fault-d-'), 'GOLD_CUSTOMER_INSIGHTS');
    const r = spawnSync(process.execPath, ['--import', 'tsx', CRASH_CHILD, dir, mode], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', `the child died by SIGKILL: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /second commit completed/);
    const first = JSON.parse(r.stdout.split('\n')[0]) as { snapshotId: number; metadataVersion: number; dataFiles: string[] };

    const scan = await readIcebergTable(dir);
    assert.equal(scan.snapshotId, first.snapshotId, 'the previous snapshot is current');
    assert.equal(scan.metadataVersion, 1);
    assert.equal(scan.recordCount, 100);
    assert.deepEqual(scan.dataFiles.map((f) => f.path), first.dataFiles);
    const orphans = await findOrphanFiles(dir);
    // after-data: the new Parquet file only; before-pointer: it, its manifest, manifest list and v2.metadata.json.
    assert.equal(orphans.length, mode === 'after-data' ? 1 : 4, orphans.join('\n'));
    assert.ok(orphans.some((p) => p.endsWith('.parquet') && !first.dataFiles.includes(p)));
    if (mode === 'before-pointer') assert.ok(orphans.some((p) => p.endsWith('v2.metadata.json')));

    // The warehouse reads the previous snapshot, and a later commit succeeds on top of it.
    const ws = join(dir, '..', 'ws');
    const wh = await LocalWarehouse.open(ws);
    try {
      const conn = await wh.connect();
      try {
        await attachIcebergView(conn, 'gold_view', dir);
        const rows = (await conn.runAndReadAll('select count(*)::INT as n, min(state) as s from gold_view')).getRowObjectsJson();
        assert.deepEqual(rows, [{ n: 100, s: 'FIRST' }]);
        const next = await commitIcebergOverwrite(conn, {
          tableDir: dir, tableName: 'GOLD_CUSTOMER_INSIGHTS', columns: table('GOLD_CUSTOMER_INSIGHTS').columns,
          selectSql: `SELECT * REPLACE ('THIRD' AS state) FROM gold_view`,
        });
        assert.equal((await readIcebergTable(dir)).snapshotId, next.snapshotId);
        assert.deepEqual(await findOrphanFiles(dir), orphans, 'the crashed commit\'s files stay reported, nothing new');
      } finally {
        conn.closeSync();
      }
    } finally {
      wh.close();
    }
    passed++;
  });
}

// ---- (e) ---------------------------------------------------------------------------------------

test('(e) a CLI run and an in-process run on one workspace at once run one after the other', { timeout: 120_000 }, async (t) => {
  const ws = tempDir(t, 'rp-fault-e-');
  const only = ['productreview_task', 'customer_preferences_task', 'product_specification_task'];
  const child = spawn(process.execPath, [BIN, 'run', '--data', DATA, '--workspace', ws, '--wait', '--only', only.join(',')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const cliDone = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const log = memoryLogger();
  // The in-process run starts while the CLI holds the workspace, so it has to wait for it.
  await waitFor('the CLI to take the lock', () => {
    try { return JSON.parse(readFileSync(lockPath(ws), 'utf8')).pid === child.pid || undefined; } catch { return undefined; }
  });
  const result = await runPipeline({ workspace: ws, dataDir: DATA, log, tasks: only.map((n) => task(n)), lock: { wait: true, pollMs: 20 } });
  const code = await cliDone;
  assert.equal(code, 0, err);
  assert.equal(result.state, 'SUCCEEDED');
  assert.ok(log.lines.some((l) => l.message.includes(`waiting for the run holding the workspace (pid ${child.pid}, run)`)), 'the second run waited, naming the first');

  const wh = await LocalWarehouse.open(ws);
  try {
    const runs = await wh.query<{ S: string; E: string; STATE: string }>(
      `select QUERY_START_TIME::VARCHAR as S, COMPLETED_TIME::VARCHAR as E, STATE from TASK_GRAPH_RUNS order by QUERY_START_TIME`);
    assert.equal(runs.length, 2);
    assert.deepEqual(runs.map((r) => r.STATE), ['SUCCEEDED', 'SUCCEEDED']);
    assert.ok(runs[0].E <= runs[1].S, `the runs did not overlap: ${JSON.stringify(runs)}`);
    // Task by task: every task of the second run started after every task of the first ended.
    const tasks = await wh.query<{ G: string; S: string; E: string }>(
      `select GRAPH_RUN_GROUP_ID as G, min(QUERY_START_TIME)::VARCHAR as S, max(COMPLETED_TIME)::VARCHAR as E from TASK_HISTORY group by 1 order by 2`);
    assert.equal(tasks.length, 2);
    assert.ok(tasks[0].E <= tasks[1].S, JSON.stringify(tasks));
    for (const name of ['BRONZE_PRODUCT_REVIEWS', 'BRONZE_CUSTOMER_PREFERENCES', 'BRONZE_PRODUCT_SPECIFICATIONS']) assert.ok(await wh.rowCount(name) > 0, name);
  } finally {
    wh.close();
  }
  passed++;
});

// ---- (f) ---------------------------------------------------------------------------------------

test('(f) the warehouse disk full during loads: the loads fail with the cause, bronze keeps its rows, no staging is left, the next run works', { timeout: 120_000 }, async (t) => {
  if (!existsSync('/usr/bin/prlimit')) return t.skip('prlimit (util-linux) not installed');
  const ws = tempDir(t, 'rp-fault-f-');
  const tasks = ['productreview_task', 'mysql_order_items_task'];
  const opts = { workspace: ws, dataDir: DATA, log: memoryLogger(), tasks: tasks.map((n) => task(n)) };
  assert.equal((await runPipeline(opts)).state, 'SUCCEEDED');
  let wh = await LocalWarehouse.open(ws);
  const before = { reviews: await dump(wh, 'BRONZE_PRODUCT_REVIEWS'), items: await dump(wh, 'BRONZE_ORDER_ITEMS') };
  wh.close();

  // 16 KiB per file: the loads' staged rows do not fit.
  const r = spawnSync('/usr/bin/prlimit', ['--fsize=16384', process.execPath, BIN, 'run', '--data', DATA, '--workspace', ws, '--only', tasks.join(',')], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  // The cause, and which file, whichever write hit the limit first (a staged file or the WAL).
  for (const name of tasks) assert.match(r.stderr, new RegExp(`${name}: FAILED: .*(EFBIG: file too large|Could not write file ".*warehouse\\.duckdb\\.wal": File too large)`));

  wh = await LocalWarehouse.open(ws);
  try {
    assert.equal(await dump(wh, 'BRONZE_PRODUCT_REVIEWS'), before.reviews, 'reviews intact');
    assert.equal(await dump(wh, 'BRONZE_ORDER_ITEMS'), before.items, 'order items intact');
    assert.deepEqual(await stagingLeftovers(wh), []);
  } finally {
    wh.close();
  }
  const staging = join(ws, '.retail', 'load-staging');
  assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], 'no staged file left');
  assert.equal((await runPipeline(opts)).state, 'SUCCEEDED', 'with space again, the next run works');
  passed++;
});
