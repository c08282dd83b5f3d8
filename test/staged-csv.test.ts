// The bronze writer's staging files must give back exactly the canonical text that went in:
// NULL and '' apart, quotes, separators, line breaks, whitespace, NUL and huge values intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readStagedSql, StagedCsv } from '../src/core/load/staged-csv';
import type { Canonical } from '../src/core/load/values';

test('staged CSV rows read back exactly as written, across files and with a 10 MB value', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-staged-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rows: Canonical[][] = [
    [null, '', 'x'],
    ['q"uote', 'com,ma', 'new\nline'],
    ['cr\r\nlf', '  spaced  ', '\\N'],
    ['\u0000nul', 'é 😀 ü', '"'],
    ['NULL', ',', '\t'],
    ['big', 'v'.repeat(10 << 20), null],
  ];
  const a = new StagedCsv(join(dir, 'a.csv'));
  const b = new StagedCsv(join(dir, 'b.csv'));
  a.append(rows.slice(0, 3), 3);
  b.append(rows.slice(3), 3);
  a.close();
  b.close();
  assert.throws(() => new StagedCsv(join(dir, 'c.csv')).append([['only one']], 3), /row of 1 values for 3 columns/);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const sql = `SELECT * FROM ${readStagedSql([a.path, b.path], ['c1', 'c2', 'c3'], Math.max(a.longestLine, b.longestLine))}`;
    const back = (await conn.runAndReadAll(sql)).getRows();
    assert.deepEqual(back, rows);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
