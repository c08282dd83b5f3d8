// The streaming CSV reader against csv-parse (the reference) on well-formed files, at chunk sizes
// that cut records, quotes, CRLF pairs and multi-byte characters anywhere; and its errors.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readCsvRecords, type CsvRecord } from '../src/core/sources/csv-reader';
import { REPO } from './helpers/cli';

async function all(path: string, chunk: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const b of readCsvRecords(path, chunk)) out.push(...b);
  return out;
}

test('same records as csv-parse at every chunk size, with the line each record starts on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-csv-'));
  try {
    for (const eol of ['\n', '\r\n']) {
    const text = `\uFEFFid,name,note${eol}1,"Zoë ""Z"" Ng","a, b"${eol}${eol}2,Nguyễn,"two\nlines"${eol}3,,""${eol}4,O'Brien,end`;
    const file = join(dir, 'a.csv');
    writeFileSync(file, text);
    const expected = parse(readFileSync(file), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    for (const chunk of [1, 2, 3, 5, 7, 16, 64, 1 << 20]) {
      const got = await all(file, chunk);
      assert.deepEqual(got.map((r) => r.fields), expected, `chunk ${chunk}`);
      assert.deepEqual(got.map((r) => r.line), [1, 2, 4, 6, 7], `chunk ${chunk}`);
      assert.ok(got.every((r) => !r.error));
      assert.equal(got[2].raw, '2,Nguyễn,"two\nlines"');
    }
    }
    const sample = join(REPO, 'sample_data', 'mysql', 'customer_data.csv');
    const ref = parse(readFileSync(sample), { bom: true, skip_empty_lines: true }) as string[][];
    assert.deepEqual((await all(sample, 333)).map((r) => r.fields), ref);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed records come back with an error and do not swallow their neighbours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-csv-'));
  try {
    const file = join(dir, 'b.csv');
    writeFileSync(file, 'a,b\n1,x"y\n2,"ok"z\n3,fine\n4,"never closed\n5,lost');
    for (const chunk of [1, 4, 1 << 20]) {
      const got = await all(file, chunk);
      assert.deepEqual(got.map((r) => [r.line, r.fields[0], r.error?.replace(/:.*/, '')]), [
        [1, 'a', undefined],
        [2, '1', 'a quote inside the unquoted field 2'],
        [3, '2', 'text after the closing quote of field 2'],
        [4, '3', undefined],
        [5, '4', 'a quoted field (field 2) opened on line 5 is never closed'],
      ], `chunk ${chunk}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid UTF-8 marks its record, a real U+FFFD does not, at every chunk size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-csv-'));
  try {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, Buffer.concat([Buffer.from('a,b\n1,ok\n2,bad '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n3,Zoë\n')]));
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'a,b\n1,ok \uFFFD\n2,Zoë\n');
    for (const chunk of [1, 2, 3, 5, 1 << 20]) {
      assert.deepEqual((await all(bad, chunk)).map((r) => [r.line, Boolean(r.invalidUtf8)]), [[1, false], [2, false], [3, true], [4, false]], `chunk ${chunk}`);
      assert.deepEqual((await all(good, chunk)).map((r) => Boolean(r.invalidUtf8)), [false, false, false], `chunk ${chunk}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
