// canonicalValue returns ids, amounts, dates and timestamps that are already canonical without
// parsing them; these tests hold that shortcut to the general path, value by value, on the
// spellings that must take the shortcut and on the near misses that must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnDef, ColumnType } from '../src/core/manifest';
import { canonicalRow, canonicalRowWith, canonicalValue, canonicalValueGeneral } from '../src/core/load/values';
import { table } from '../src/core/manifest';

const col = (type: ColumnType): ColumnDef => ({ name: 'c', type, nullable: true });

function outcome(f: typeof canonicalValue, c: ColumnDef, raw: unknown): string {
  try {
    return `ok ${JSON.stringify(f(c, raw))}`;
  } catch (e) {
    return `error ${(e as Error).message}`;
  }
}

const CASES: Record<string, string[]> = {
  INTEGER: ['0', '7', '42', '123456789', '999999999', '1234567890', '2147483647', '2147483648', '-5', '+5', '007', '00', ' 12', '12 ', '1.0', '1e3', '', 'x', '٣'],
  BIGINT: ['0', '9', '123456789012345678', '9223372036854775807', '9223372036854775808', '0123', '-0', '12a'],
  'DECIMAL(10,2)': ['0.00', '8.95', '221.49', '12345678.90', '123456789.00', '0.5', '12', '12.', '.50', '00.50', '01.00', '-1.00', '-0.00', '+1.00', '1.005', '1.000', ' 1.00', '1.00 ', '1,00', '1.0a', 'abc'],
  'DECIMAL(18,2)': ['1234567890123456.78', '12345678901234567.00', '0.01'],
  'DECIMAL(3,1)': ['4.5', '10.0', '99.9', '100.0', '0.0', '5', '4.55', '4.50'],
  DATE: ['2024-12-30', '2024-02-29', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-32', '0000-01-01', '2024-1-01', '2024/01/01', '2024-01-01 10:00:00', '2024-01-01T10:00:00', ' 2024-01-01', '2024-01-0a'],
  TIMESTAMP: ['2024-12-30 10:12:48', '2024-12-31 23:59:59', '2024-12-31 24:00:00', '2024-12-31 23:60:00', '2024-12-31 23:59:60', '2023-02-29 10:00:00', '2024-12-30T10:12:48', '2024-12-30 10:12', '2024-12-30 10:12:48.5', '2024-12-30 10:12:48Z', '2024-12-30 10:12:48+02:00', '2024-12-30', '2024-12-30 1:12:48', '2024-12-30  10:12:48', '2024-12-30 10:12:4a'],
  VARCHAR: ['', ' a ', 'x'],
};

test('the fast path gives exactly what the general path gives, for canonical spellings and near misses', () => {
  for (const [type, values] of Object.entries(CASES)) {
    const c = col(type as ColumnType);
    for (const v of values) assert.equal(outcome(canonicalValue, c, v), outcome(canonicalValueGeneral, c, v), `${type} ${JSON.stringify(v)}`);
  }
});

test('whole numbers (as mysql2 returns INT columns) agree between the two paths', () => {
  const numbers = [0, -0, 1, -1, 42, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 2 ** 53, 1.5, NaN, Infinity];
  for (const type of ['INTEGER', 'BIGINT', 'DECIMAL(10,2)', 'VARCHAR', 'DOUBLE'] as ColumnType[]) {
    for (const v of numbers) assert.equal(outcome(canonicalValue, col(type), v), outcome(canonicalValueGeneral, col(type), v), `${type} ${v}`);
  }
});

test('random digit strings agree between the two paths', () => {
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const alphabet = '0123456789.-: ';
  for (const type of ['INTEGER', 'BIGINT', 'DECIMAL(10,2)', 'DECIMAL(3,1)', 'DATE', 'TIMESTAMP'] as ColumnType[]) {
    for (let i = 0; i < 3000; i++) {
      const len = 1 + rnd(20);
      let v = '';
      for (let k = 0; k < len; k++) v += alphabet[rnd(k < 4 ? 10 : alphabet.length)];
      assert.equal(outcome(canonicalValue, col(type), v), outcome(canonicalValueGeneral, col(type), v), `${type} ${JSON.stringify(v)}`);
    }
  }
});

test('canonical spellings come back as the same string, others normalised or refused', () => {
  assert.equal(canonicalValue(col('DECIMAL(10,2)'), '221.49'), '221.49');
  assert.equal(canonicalValue(col('DECIMAL(10,2)'), '12.5'), '12.50');
  assert.equal(canonicalValue(col('INTEGER'), '007'), '7');
  assert.equal(canonicalValue(col('TIMESTAMP'), '2024-12-30T10:12:48'), '2024-12-30 10:12:48');
  assert.throws(() => canonicalValue(col('DATE'), '2023-02-29'), /a date YYYY-MM-DD, got "2023-02-29"/);
  assert.throws(() => canonicalValue(col('TIMESTAMP'), '2024-12-31 24:00:00'), /a timestamp/);
});

test('canonicalRowWith gives what canonicalRow gives with the constants merged in, for good, NULL and failing constants', () => {
  const def = table('BRONZE_PRODUCT_SPECIFICATIONS');
  const records: Record<string, unknown>[] = [
    { product_id: 'PROD0001', spec_name: 'Weight', spec_value: '1 kg' },
    { product_id: '  ', spec_name: 'Weight', spec_value: '1 kg' }, // blank key: rejected
    { PRODUCT_ID: 'PROD0002', spec_name: 'Colour' }, // upper-case key, missing value
    { product_id: null, spec_name: 'Colour', spec_value: 'red' }, // NULL key: rejected
    { product_id: 'PROD0003', spec_name: 'x', spec_value: 'y', last_updated: '2024-01-02 03:04:05' }, // the record wins
  ];
  const constantSets: Record<string, unknown>[] = [
    { source_file: 'specs.xml', last_updated: new Date(Date.UTC(2026, 11, 2, 15, 0, 0, 7)) },
    { source_file: null, last_updated: new Date(Date.UTC(2026, 0, 1)) },
    { source_file: 'specs.xml', last_updated: new Date(Number.NaN) }, // every row rejected for it
  ];
  let rejected = 0;
  for (const constants of constantSets) {
    const make = canonicalRowWith(def, constants);
    for (const record of records) {
      const expected = canonicalRow(def, { ...constants, ...record });
      if (!expected.ok) rejected++;
      assert.deepEqual(make(record), expected, JSON.stringify({ constants, record }));
    }
  }
  assert.ok(rejected >= 7, 'the cases include rejects'); // blank and NULL keys (6) and the invalid date
});
