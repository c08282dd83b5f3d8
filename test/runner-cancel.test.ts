// Ctrl-C during a real load: the CLI cancels the graph run cleanly: running loads CANCELLED,
// nothing half-written, history recorded, lock released, exit code 130.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockPath } from '../src/core/runner/lock';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { BIN, cli } from './helpers/cli';

test('Ctrl-C during real loads: running tasks CANCELLED, no partial bronze table, lock released, exit 130', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-cancel-'));
  try {
    // Big enough that the loads are still running when the signal arrives: since CSV files go
    // through DuckDB's read_csv, scale 20 (40 000 order items) loaded within the 300 ms below.
    const gen = cli(['generate-data', '--out', join(ws, 'data'), '--scale', '200']);
    assert.equal(gen.code, 0, gen.stderr);
    const child = spawn(process.execPath, [BIN, 'run', '--workspace', ws, '--data', join(ws, 'data'),
      '--only', 'retail_root_task,mysql_order_items_task,mysql_order_task,bronze_silver_task'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    const t0 = Date.now();
    while (!err.includes('mysql_order_items_task: started') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const t1 = Date.now();
    assert.equal(await code, 130, err);
    assert.ok(Date.now() - t1 < 15_000, 'stopped promptly');
    assert.match(err, /cancelling/);
    assert.ok(!existsSync(lockPath(ws)), 'lock released');
    const wh = await LocalWarehouse.open(ws);
    try {
      const h = new Map((await wh.query<{ NAME: string; STATE: string }>('select NAME, STATE from TASK_HISTORY')).map((x) => [x.NAME, x.STATE]));
      assert.equal(h.get('retail_root_task'), 'SUCCEEDED');
      assert.equal(h.get('mysql_order_items_task'), 'CANCELLED');
      assert.equal(h.get('mysql_order_task'), 'CANCELLED');
      assert.equal(h.get('bronze_silver_task'), 'SKIPPED');
      const [g] = await wh.query<{ STATE: string }>('select STATE from COMPLETE_TASK_GRAPHS');
      assert.equal(g.STATE, 'CANCELLED');
      assert.equal(await wh.tableExists('BRONZE_ORDER_ITEMS'), false, 'a cancelled load leaves no partial table');
      const tables = await wh.query<{ n: string }>(`select table_name as n from information_schema.tables where table_name ilike '%order_items%'`);
      assert.deepEqual(tables, [], 'and no staging leftovers');
    } finally {
      wh.close();
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
