// The one CSV NULL rule (core/csv/write.ts) through both file formats it feeds, for real: the
// bronze staging files read back by DuckDB's read_csv (load/staged-csv.ts), and the client-side
// MySQL load's gzip files PUT to a stage and COPY'd INTO a table by the Snowflake emulator
// through the real snowflake-sdk, with the load's own FILE_FORMAT. NULL, the empty string,
// quotes, separators, line breaks and the texts "\N" and "NULL" must come back as they went in.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { csvLine } from '../src/core/csv/write';
import { readStagedSql, StagedCsv } from '../src/core/load/staged-csv';
import { silentLogger } from '../src/core/log';
import { SnowflakeClient } from '../src/core/snowflake/client';
import { CSV_FILE_FORMAT } from '../src/core/snowflake/load-mysql';
import { startEmulator } from './emulator/server';

const tmp = mkdtempSync(join(tmpdir(), 'retail-csv-null-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Values the rule must keep apart: each is one row's second column. */
const VALUES: (string | null)[] = [
  null, '', 'NULL', '\\N', 'null', '""', '"', 'say "hi"', 'a,b', ',', 'two\nlines', 'cr\r\nlf', '\r',
  ' padded ', '\\', 'back\\slash', 'é 😀', 'plain',
];
const ROWS = VALUES.map((v, i) => [String(i), v]);

test('DuckDB read_csv reads the staging files back exactly: NULL, "", quotes, newlines, "\\N" and "NULL" apart', async () => {
  const staged = new StagedCsv(join(tmp, 'staged.csv'));
  staged.append(ROWS, 2);
  staged.close();
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const back = await conn.runAndReadAll(`SELECT * FROM ${readStagedSql([staged.path], ['id', 'v'], staged.longestLine)}`);
    assert.deepEqual(back.getRows(), ROWS);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});

test('Snowflake COPY INTO with the MySQL load\'s FILE_FORMAT reads its files back exactly (emulator, real snowflake-sdk)', async (t) => {
  const emu = await startEmulator({ dir: join(tmp, 'engine') });
  t.after(() => emu.close());
  const client = await SnowflakeClient.connect(emu.connectionOptions(), silentLogger);
  t.after(() => client.destroy());
  for (const sql of ['CREATE DATABASE IF NOT EXISTS NULL_RULE', 'CREATE SCHEMA IF NOT EXISTS NULL_RULE.S', 'USE SCHEMA NULL_RULE.S',
    'CREATE STAGE IF NOT EXISTS FILES', 'CREATE OR REPLACE TABLE VALS (ID NUMBER(10,0), V VARCHAR)']) await client.execute(sql);
  // The load writes each partition as csvLine per row, gzipped (load-mysql.ts's writePartition).
  const file = join(tmp, 'vals_1.csv.gz');
  writeFileSync(file, gzipSync(ROWS.map(csvLine).join('')));
  await client.execute(`PUT 'file://${file.replace(/\\/g, '/')}' @FILES/run/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE`);
  const copied = await client.execute<Record<string, unknown>>(`COPY INTO VALS (ID, V) FROM @FILES/run/ FILE_FORMAT = (${CSV_FILE_FORMAT}) ON_ERROR = ABORT_STATEMENT`);
  assert.equal(copied.reduce((n, r) => n + Number(r.rows_loaded ?? r.ROWS_LOADED), 0), ROWS.length);
  const back = await client.execute<{ ID: number; V: string | null }>('SELECT ID, V FROM VALS ORDER BY ID');
  assert.deepEqual(back.map((r) => [String(r.ID), r.V]), ROWS);
  const [nulls] = await client.execute<{ N: number }>('SELECT COUNT(*) AS N FROM VALS WHERE V IS NULL');
  assert.equal(Number(nulls.N), 1, 'only the NULL value is NULL');
});
