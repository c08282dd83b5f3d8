// The direct CSV load (DuckDB's read_csv, load/csv-direct.ts) against the JS path it replaces
// (sources/csv.ts through the bronze writer), on real DuckDB files: for every CSV file of both
// bad-input folders, for generated data and for a large file with bad values far apart, the
// two must leave the same bronze rows and the same rejects (file, line, raw text, reason), or
// the direct load must decline (undefined) and leave the tables untouched. And the SQL that
// vouches for plain values must never accept a text that values.ts would change or reject.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { table, type ColumnDef, type ColumnType, type TableDef } from '../src/core/manifest';
import { writeBronze } from '../src/core/load/bronze-writer';
import { loadCsvDirect } from '../src/core/load/csv-direct';
import { scanCsv } from '../src/core/load/csv-scan';
import { plainCastSql, plainValueSql } from '../src/core/load/plain-sql';
import { canonicalValue } from '../src/core/load/values';
import { generateData } from '../src/core/generate/generate';
import { readCsv } from '../src/core/sources/csv';
import { bothWays as loadBothWays, checkCancel, type BothWays } from './helpers/both-ways';

const BAD = [join(__dirname, 'fixtures', 'bad'), join(__dirname, 'fixtures', 'bad-corpus')];
const tmp = mkdtempSync(join(tmpdir(), 'rp-csv-direct-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Loads `file` both ways (our reader through the bronze writer, and read_csv). */
function bothWays(file: string, def: TableDef): Promise<BothWays> {
  return loadBothWays(tmp, def, (wh) => writeBronze(wh, def.name, [readCsv(file, def)]), (wh) => loadCsvDirect(wh, file, def));
}

test('every CSV of the bad-input folders: the direct load gives what the JS path gives, or declines', async () => {
  const used: string[] = [];
  const declined: string[] = [];
  for (const folder of BAD) {
    for (const f of readdirSync(folder).filter((x) => x.endsWith('.csv'))) {
      const r = await bothWays(join(folder, f), table('BRONZE_CUSTOMERS'));
      if (!r.direct) { declined.push(f); continue; }
      used.push(f);
      assert.ok(r.js, `${f}: the direct load succeeded where the JS path failed: ${r.jsError}`);
      assert.deepEqual(r.direct, r.js, f);
    }
  }
  // The files with value errors (bad dates, blank keys) and the clean ones go the direct way;
  // structural problems (ragged rows, stray quotes, invalid UTF-8, bad headers) decline.
  for (const f of ['csv-bad-dates.csv', 'csv-missing-key.csv', 'csv-header-only.csv', 'csv-bom-crlf.csv', 'csv-nul-byte.csv', 'csv-reordered-header.csv']) assert.ok(used.includes(f), `${f} direct (used: ${used.join(', ')})`);
  for (const f of ['csv-ragged.csv', 'csv-quotes-newlines.csv', 'csv-invalid-utf8.csv', 'csv-unterminated-quote.csv', 'csv-empty.csv', 'csv-semicolon.csv']) assert.ok(declined.includes(f), `${f} declined`);
});

test('generated data: all five CSV tables load directly, identical to the JS path', async () => {
  const data = join(tmp, 'gen');
  await generateData({ out: data, scale: 2, seed: 7 });
  for (const [file, name] of [['customer_data.csv', 'BRONZE_CUSTOMERS'], ['product_data.csv', 'BRONZE_PRODUCTS'], ['order_data.csv', 'BRONZE_ORDERS'], ['inventory_data.csv', 'BRONZE_INVENTORY'], ['order_items.csv', 'BRONZE_ORDER_ITEMS']]) {
    const r = await bothWays(join(data, 'mysql', file), table(name));
    assert.ok(r.direct, `${file} loaded directly`);
    assert.ok(r.direct.stats[1] > 0, `${file} has rows`);
    assert.deepEqual(r.direct, r.js, file);
  }
});

test('a 120 000-row file with bad and non-canonical values far apart: same rejects and lines as the JS path', async () => {
  const def = table('BRONZE_ORDER_ITEMS');
  const lines = ['order_id,product_id,quantity,unit_price,created_date,last_updated'];
  const n = 120_000;
  for (let i = 1; i <= n; i++) {
    const ts = '2024-01-02 03:04:05';
    let q = String(i % 9 + 1);
    let price = `${i % 500}.99`;
    let created = ts;
    if (i === 1000) price = '12.999'; // too many decimals: rejected
    if (i === 60_000) created = '2024-02-30 10:00:00'; // no such day: rejected
    if (i === 60_001) created = '2024-03-01'; // a date for a timestamp: canonicalised
    if (i === 80_000) q = ' 7 '; // spaces: canonicalised
    if (i === 100_000) lines.push(''); // a blank line moves the lines after it
    if (i === n) q = 'many'; // rejected, on the last line
    lines.push(`O${i},"P${i % 997}",${q},${price},${created},${ts}`);
  }
  const file = join(tmp, 'items.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const r = await bothWays(file, def);
  assert.ok(r.direct, 'loaded directly');
  assert.deepEqual(r.direct.stats, [n, n - 3, 3]);
  assert.deepEqual(r.direct, r.js);
  assert.deepEqual(r.direct.rejects.map((x) => x.split(' | ')[1]).sort(), ['line 1001', 'line 60001', `line ${n + 2}`].sort());
});

test('a cancelled direct load fails with the reason and leaves the previous table', async () => {
  const def = table('BRONZE_INVENTORY');
  const file = join(tmp, 'inventory.csv');
  const rows = Array.from({ length: 200_000 }, (_, i) => `INV${i},P${i % 50},${i % 90},WH00${i % 5},2024-01-02 03:04:05`);
  writeFileSync(file, ['inventory_id,product_id,quantity,warehouse_id,last_updated', ...rows].join('\n'));
  await checkCancel(tmp, def, 200_000, (wh, signal) => loadCsvDirect(wh, file, def, { signal }));
});

test('the structure scan counts records as our reader does and finds them again', () => {
  const file = join(tmp, 'scan.csv');
  writeFileSync(file, '\ufeffa,b\r\n1,"x\r\ny"\r\n\r\n"2","z"""\n3,\n');
  const all = scanCsv(file, new Set([0, 1, 2]));
  assert.ok(all.simple);
  assert.equal(all.records, 3);
  assert.deepEqual([...all.places.values()].map((p) => p.line), [2, 5, 6]);
  for (const [text, why] of [['a,b\n1,Ray "Jr"\n', /quote inside/], ['a,b\n1, "x"\n', /quote inside/], ['a,b\n1,"x" \n', /after a closing quote/], ['a,b\r1,2\r', /CR without LF/], ['a,b\n1,"x\n', /never closed/], ['a,b\n1\n', /1 fields, header has 2/], ['\na,b\n', /header on line 2/]] as const) {
    writeFileSync(file, text);
    const r = scanCsv(file);
    assert.ok(!r.simple && why.test(r.why), `${JSON.stringify(text)}: ${JSON.stringify(r)}`);
  }
});

test('plain-value SQL accepts only text whose cast is what values.ts stores', async () => {
  const samples = ['', ' ', '0', '00', '7', '-7', '+7', '07', ' 7', '123456789', '1234567890', '2147483647', '999999999999999999', '1000000000000000000',
    '0.5', '1.50', '01.50', '.50', '1.5', '1.505', '12345678.99', '123456789.99', '99.9', '9.9', '1e3', 'NaN',
    '2024-01-02', '2024-02-29', '2023-02-29', '2024-13-01', '0000-01-01', '0001-01-01', '2024-1-2', '2024-01-02 03:04:05', '2024-01-02 24:00:00',
    '2024-01-02 23:59:60', '2024-01-02T03:04:05', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05Z', '2024-02-30 10:00:00', 'abc', '\t', '\u00a0', 'É'];
  const types: ColumnType[] = ['VARCHAR', 'INTEGER', 'BIGINT', 'DECIMAL(10,2)', 'DECIMAL(18,2)', 'DECIMAL(3,1)', 'DATE', 'TIMESTAMP', 'DOUBLE', 'BOOLEAN', 'VARIANT'];
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let accepted = 0;
  try {
    for (const type of types) {
      for (const nullable of [true, false]) {
        const col: ColumnDef = { name: 'v', type, nullable };
        const list = samples.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');
        const r = await conn.runAndReadAll(`select v, ${plainValueSql(col, 'v')} as plain, case when ${plainValueSql(col, 'v')} then cast(${plainCastSql(col, 'v')} as varchar) end as typed from (select unnest([${list}]::varchar[]) as v)`);
        for (const [v, plain, typed] of r.getRows() as [string, boolean, string | null][]) {
          if (!plain) continue;
          accepted++;
          let canonical: string | null;
          try { canonical = canonicalValue(col, v); } catch (e) { assert.fail(`${type}: SQL accepted ${JSON.stringify(v)}, values.ts rejects it: ${(e as Error).message}`); }
          if (!nullable) assert.ok(typeof canonical === 'string' && canonical.trim() !== '', `${type} key ${JSON.stringify(v)}`);
          // What the JS path stores: the canonical text cast to the column type.
          const stored = canonical === null ? null : (await conn.runAndReadAll(`select cast(${plainCastSql(col, `'${canonical.replace(/'/g, "''")}'`)} as varchar)`)).getRows()[0][0];
          assert.equal(typed, stored, `${type} ${JSON.stringify(v)}`);
        }
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  assert.ok(accepted > 60, `the SQL accepts the plain spellings (${accepted})`);
});
