// Facts that used to live in several copies (issue 17), now one module each: the duration text
// (editor, webviews, CLI) and the step files' `-- table:` header (pipeline and language server).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTableHeader, parseTableHeader } from '../src/core/transform/table-header';
import { loadStepSql } from '../src/core/transform/step-sql';
import { analyze } from '../src/server/sql-model';
import { formatDuration } from '../src/shared/duration';

test('durations: one text for every range (webview/common.ts re-exports this function as fmtDuration)', () => {
  const cases: [number | null | undefined, string][] = [
    [null, '—'], [undefined, '—'], [Number.NaN, '—'], [0, '0 ms'], [0.04, '0 ms'], [0.35, '0.3 ms'], [7, '7 ms'], [9.96, '10 ms'],
    [12.6, '13 ms'], [999, '999 ms'], [1000, '1.0 s'], [10_400, '10.4 s'], [59_940, '59.9 s'], [60_000, '1 min 0 s'], [245_400, '4 min 5 s'],
  ];
  for (const [ms, text] of cases) {
    assert.equal(formatDuration(ms), text, String(ms));
  }
});

test('table header: the pipeline and the language server read the same lines the same way', () => {
  const accepted = ['-- table: SILVER_ORDERS', '--table:SILVER_ORDERS', '--   table:  silver_orders  '];
  const refused = ['-- table SILVER_ORDERS', '-- table: SILVER ORDERS', '-- tables: X', '-- table:', '-- table: a-b'];
  for (const line of accepted) {
    const h = parseTableHeader(line);
    assert.ok(h, line);
    assert.equal(h.table.toUpperCase(), 'SILVER_ORDERS');
    assert.equal(line.slice(h.nameOffset, h.nameOffset + h.table.length), h.table);
    const text = `${line}\nselect 1 as x`;
    assert.equal(findTableHeader(text)?.toUpperCase(), 'SILVER_ORDERS', line);
    assert.equal(analyze(text).header?.table, 'SILVER_ORDERS', `language server: ${line}`);
  }
  for (const line of refused) {
    assert.equal(parseTableHeader(line), undefined, line);
    assert.equal(findTableHeader(`${line}\nselect 1`), undefined, line);
    assert.equal(analyze(`${line}\nselect 1`).header, undefined, `language server: ${line}`);
  }
  // Indented: a header to both.
  assert.equal(findTableHeader('  -- table: X\nselect 1'), 'X');
  assert.equal(analyze('  -- table: X\nselect 1').header?.table, 'X');
  // A header split over two lines is no header (the old multi-line regex let \s* cross the break).
  assert.equal(findTableHeader('-- table:\nSILVER_ORDERS\nselect 1'), undefined);
  // The shipped step files all carry one.
  assert.deepEqual(loadStepSql('silver_gold_task').map((s) => s.table.name).sort(), ['GOLD_CUSTOMER_INSIGHTS', 'GOLD_PRODUCT_PERFORMANCE', 'GOLD_PRODUCT_REVIEWS_ANALYTICS']);
});
