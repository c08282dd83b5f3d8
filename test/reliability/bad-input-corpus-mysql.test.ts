// The bad-input corpus's MySQL row sets (test/reliability/helpers/bad-corpus-mysql.ts): source
// tables with awkward definitions and rows on the real MariaDB, read by the real MySQL reader
// into a real DuckDB warehouse. As for the corpus's files (test/reliability/bad-input-corpus.test.ts),
// every case ends in located rejects (rows in = loaded + rejected) or in one clear error, never
// a crash. Skipped with a reason when no MariaDB answers (failed instead with RETAIL_REQUIRE_MYSQL=1).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { writeBronze } from '../../src/core/load/bronze-writer';
import { table } from '../../src/core/manifest';
import { openMysqlTable } from '../../src/core/sources/mysql';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { requireMysql, tempDatabase, type TempDatabase } from '../helpers/mysql';
import { MYSQL_CASES } from './helpers/bad-corpus-mysql';

const tmp = mkdtempSync(join(tmpdir(), 'rp-corpus-mysql-'));

let wh: LocalWarehouse;
let handled = 0;

before(async () => {
  wh = await LocalWarehouse.open(join(tmp, 'ws'));
});
after(() => {
  wh?.close();
  rmSync(tmp, { recursive: true, force: true });
  const total = MYSQL_CASES.length;
  console.log(handled === total ? `bad-input corpus: ${total} MySQL row sets, all handled` : `bad-input corpus: ${handled} of ${total} MySQL row sets handled`);
});

let db: TempDatabase | undefined;
after(() => db?.drop());
async function database(t: TestContext): Promise<TempDatabase | undefined> {
  if (!(await requireMysql(t))) return undefined;
  db ??= await tempDatabase();
  return db;
}

MYSQL_CASES.forEach((c, i) => {
  test(`MySQL: ${c.name}`, async (t) => {
    const d = await database(t);
    if (!d) return;
    const name = `case_${i}`;
    await d.admin.query(`CREATE TABLE ${name} (${c.ddl}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await d.admin.query(`SET SESSION sql_mode = '${c.sqlMode ?? 'STRICT_TRANS_TABLES'}'`);
    await d.admin.query(`INSERT INTO ${name} VALUES ${c.rows}`);
    const log = { log: () => undefined };
    if (c.error) {
      await assert.rejects(openMysqlTable(d.url, name, table(c.target), { log }), (e: Error) => {
        assert.equal(e.name, 'MysqlSourceError');
        assert.match(e.message, c.error!);
        return true;
      });
      handled++;
      return;
    }
    const src = await openMysqlTable(d.url, name, table(c.target), { log });
    const stats = await writeBronze(wh, c.target, src.partitions).finally(() => src.close());
    assert.equal(src.rowCount, c.records, 'rows in the source table');
    assert.equal(stats.rejected, c.rejects.length, `rejects: ${JSON.stringify(stats.rejects.map((r) => [r.record, r.reason]))}`);
    assert.equal(stats.loaded, c.loaded);
    assert.equal(stats.loaded + stats.rejected, c.records, 'rows in = loaded + rejected');
    const rej = await wh.query<{ source_file: string; record_ref: string; reason: string }>(`select source_file, record_ref, reason from ${c.target}_rejects order by record_ref`);
    c.rejects.forEach(([record, reason], k) => {
      assert.equal(rej[k].source_file, `${d.name}.${name}`);
      assert.equal(rej[k].record_ref, record);
      assert.match(rej[k].reason, reason);
    });
    await c.check?.(wh);
    handled++;
  });
});
