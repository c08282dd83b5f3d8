// The project's one CSV writer (core/csv/write.ts) read back by real readers: DuckDB's read_csv
// (NULL and the empty string told apart, as Snowflake's EMPTY_FIELD_AS_NULL load does) and
// csv-parse (every awkward value survives byte for byte). Its users share it: the generator,
// `query --format csv` and the chart export.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { formatRows } from '../src/cli/format';
import { csvField, csvLine, toCsv } from '../src/core/csv/write';
import { csvLine as generatorCsvLine } from '../src/core/generate/writer';

const tmp = mkdtempSync(join(tmpdir(), 'retail-csv-write-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const AWKWARD = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', 'é 😀', '"', ',', 'NULL', '\\N'];

test('the NULL rule: NULL is an empty unquoted field, the empty string is "" quoted', () => {
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(''), '""');
  assert.equal(csvLine([null, '', 'x']), ',"",x\n');
  assert.equal(csvField('a"b'), '"a""b"');
  assert.equal(csvField(3.5), '3.5');
  assert.equal(csvField(12n), '12');
  assert.equal(csvField(false), 'false');
  assert.equal(csvField(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02T03:04:05.000Z');
  assert.equal(csvField([{ TYPE: 'color', VALUE: 'red, "dark"' }]), '"[{""TYPE"":""color"",""VALUE"":""red, \\""dark\\""""}]"');
});

test('DuckDB read_csv reads NULL as NULL and "" as the empty string; csv-parse reads every value back unchanged', async () => {
  const rows = [...AWKWARD, '', null].map((v, i) => ({ id: i, v }));
  const file = join(tmp, 'values.csv');
  writeFileSync(file, toCsv(rows, ['id', 'v']));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    // allow_quoted_nulls = false: a quoted field is a string, only an empty unquoted one NULL.
    const read = await conn.runAndReadAll(`select id, v from read_csv('${file.replace(/'/g, "''")}', header = true, allow_quoted_nulls = false, columns = {'id': 'INTEGER', 'v': 'VARCHAR'}) order by id`);
    assert.deepEqual(read.getRowObjectsJson().map((r) => r.v), rows.map((r) => r.v));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  const parsed = parse(toCsv(rows, ['id', 'v']), { columns: true }) as { id: string; v: string }[];
  assert.deepEqual(parsed.map((r) => r.v), rows.map((r) => r.v ?? ''));
});

test('its users write through it: the generator, query --format csv and the chart export agree', () => {
  const rows = [{ a: 'x,y', b: null, c: '' }, { a: 1, b: { k: 'v' }, c: 'ok' }];
  const expected = 'a,b,c\n"x,y",,""\n1,"{""k"":""v""}",ok\n';
  assert.equal(toCsv(rows, ['a', 'b', 'c']), expected);
  assert.equal(formatRows(rows, 'csv'), expected);
  assert.equal(generatorCsvLine(['x,y', null, '']), '"x,y",,""\n');
});
