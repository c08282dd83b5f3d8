// Malformed source files (test/fixtures/bad/) through the real readers into a real DuckDB
// warehouse. Every case ends in one of two ways, never a crash:
//  - the file as a whole is unusable: an error naming the file, the line and what was
//    expected, and the previous bronze table is left as it was;
//  - some records are bad: they land in <TABLE>_REJECTS with record reference and reason,
//    the good ones load, and the records in the file = loaded + rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table, task, type XmlSource } from '../src/core/manifest';
import { writeBronze, type Partition } from '../src/core/load/bronze-writer';
import type { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { readCsv } from '../src/core/sources/csv';
import { readReviewsJson } from '../src/core/sources/json-reviews';
import { readRowTagXml } from '../src/core/sources/xml-rowtag';
import { withTempWarehouse } from './helpers/temp-warehouse';

const FIXTURES = join(__dirname, 'fixtures', 'bad');

type Kind = 'customers-csv' | 'reviews-json' | 'preferences-xml' | 'specifications-xml';

const xmlSource = (name: string): XmlSource => {
  const s = task(name).source;
  assert.ok(s && s.kind === 'xml');
  return s;
};

const TARGET: Record<Kind, { table: string; read: (path: string) => Partition; good: string }> = {
  'customers-csv': {
    table: 'BRONZE_CUSTOMERS',
    read: (p) => readCsv(p, table('BRONZE_CUSTOMERS')),
    good: 'customer_id,first_name,last_name,email,phone,address,created_date,last_updated\nCUST0099,Gia,Good,g@example.com,555,"9 Good St, Provo",2024-01-01 00:00:00,2024-01-01 00:00:00\n',
  },
  'reviews-json': {
    table: 'BRONZE_PRODUCT_REVIEWS',
    read: (p) => readReviewsJson(p, table('BRONZE_PRODUCT_REVIEWS')),
    good: '[{"review_id": "REV0099", "rating": 5, "date": "2024-01-01"}]',
  },
  'preferences-xml': {
    table: 'BRONZE_CUSTOMER_PREFERENCES',
    read: (p) => readRowTagXml(p, xmlSource('customer_preferences_task'), table('BRONZE_CUSTOMER_PREFERENCES'), new Date()),
    good: '<customer><customer_id>CUST0099</customer_id><preference><type>t</type><value>v</value></preference></customer>',
  },
  'specifications-xml': {
    table: 'BRONZE_PRODUCT_SPECIFICATIONS',
    read: (p) => readRowTagXml(p, xmlSource('product_specification_task'), table('BRONZE_PRODUCT_SPECIFICATIONS'), new Date()),
    good: '<product><product_id>PROD0099</product_id><specification><name>n</name><value>v</value></specification></product>',
  },
};

interface Rejects {
  kind: Kind;
  file: string;
  /** Records in the file, counted by hand. */
  records: number;
  loaded: number;
  rejects: [record: string, reason: RegExp][];
  /** Extra check of what was loaded. */
  check?: (wh: LocalWarehouse) => Promise<void>;
}
interface Fails {
  kind: Kind;
  file: string;
  error: RegExp;
}

const REJECT_CASES: Rejects[] = [
  // CSV
  { kind: 'customers-csv', file: 'csv-ragged.csv', records: 4, loaded: 2, rejects: [
    ['line 3', /^expected 8 fields, got 5$/],
    ['line 4', /^expected 8 fields, got 9$/],
  ] },
  { kind: 'customers-csv', file: 'csv-quotes-newlines.csv', records: 3, loaded: 2, rejects: [
    ['line 4', /^malformed CSV: .*quote/i],
  ], check: async (wh) => {
    // Doubled quotes and a newline inside a quoted field are data, not errors.
    const rows = await wh.query('select customer_id, last_name, address from bronze_customers order by customer_id');
    assert.deepEqual(rows, [
      { customer_id: 'CUST0001', last_name: 'Lee "the Great"', address: '1 Elm St\nApt 2, Phoenix' },
      { customer_id: 'CUST0003', last_name: 'Do', address: '3 Oak St, Austin' },
    ]);
  } },
  { kind: 'customers-csv', file: 'csv-bad-dates.csv', records: 4, loaded: 1, rejects: [
    ['line 2', /^column created_date: expected a timestamp YYYY-MM-DD HH:MM:SS, got "2024-02-30 10:00:00"$/],
    ['line 3', /^column created_date: expected a timestamp YYYY-MM-DD HH:MM:SS, got "01\/02\/2024"$/],
    ['line 4', /^column created_date: expected a timestamp YYYY-MM-DD HH:MM:SS, got "2024-01-03 25:00:00"$/],
  ] },
  { kind: 'customers-csv', file: 'csv-missing-key.csv', records: 2, loaded: 1, rejects: [
    ['line 2', /^column customer_id: expected a value, got an empty string$/],
  ] },
  { kind: 'customers-csv', file: 'csv-header-only.csv', records: 0, loaded: 0, rejects: [] },
  // JSON
  { kind: 'reviews-json', file: 'json-truncated.json', records: 3, loaded: 2, rejects: [
    ['record 3 (line 4)', /^truncated: expected a closing '"' of a string before end of file$/],
  ] },
  { kind: 'reviews-json', file: 'json-bad-tokens.json', records: 4, loaded: 2, rejects: [
    ['record 2 (line 3)', /^not valid JSON.*Unexpected token 'N'/],
    ['record 3 (line 4)', /^not valid JSON.*Unexpected token '''/],
  ] },
  { kind: 'reviews-json', file: 'json-duplicate-keys.json', records: 3, loaded: 2, rejects: [
    ['record 2 (line 3)', /^duplicate key "rating": expected each key once in an object$/],
  ] },
  { kind: 'reviews-json', file: 'json-wrong-types.json', records: 10, loaded: 2, rejects: [
    ['record 2 (line 3)', /^field rating: expected a number, got a string "four"$/],
    ['record 3 (line 4)', /^field helpful_votes: expected a whole number, got the number 2\.5$/],
    ['record 4 (line 5)', /^field verified_purchase: expected true or false, got a string "yes"$/],
    ['record 5 (line 6)', /^field aspects: expected an array of \{name, rating\}, got an object$/],
    ['record 6 (line 7)', /^field review_id: expected a string, got the number 6$/],
    ['record 7 (line 8)', /^expected a review object \{"review_id": …\}, got a string "REV0007"$/],
    ['record 8 (line 9)', /^column review_id: expected a value, got NULL$/],
    ['record 10 (line 11)', /^column review_date: expected a date YYYY-MM-DD, got "14\/01\/2024"$/],
  ] },
  { kind: 'reviews-json', file: 'json-missing-comma.json', records: 3, loaded: 2, rejects: [
    ['record 2 (line 3)', /^expected ',' before this record \(after record 1\)$/],
  ] },
  { kind: 'reviews-json', file: 'json-trailing-content.json', records: 2, loaded: 1, rejects: [
    ['record 2 (line 4)', /^unexpected content after the array's closing '\]': expected end of file$/],
  ] },
  { kind: 'reviews-json', file: 'json-invalid-utf8.json', records: 3, loaded: 2, rejects: [
    ['record 2 (line 3)', /^invalid UTF-8 bytes in the record: expected UTF-8 text$/],
  ] },
  // XML
  { kind: 'preferences-xml', file: 'xml-unclosed-element.xml', records: 2, loaded: 1, rejects: [
    ['element 1 (line 2)', /^<customer> is not closed: expected <\/customer> before the next <customer> at line 5$/],
  ] },
  { kind: 'specifications-xml', file: 'xml-rooted-unclosed.xml', records: 2, loaded: 1, rejects: [
    ['element 2 (line 7)', /^<product> is not closed: expected <\/product> before <\/product_specifications> at line 10$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-missing-id.xml', records: 4, loaded: 1, rejects: [
    ['element 2 (line 2)', /^expected one <customer_id> in <customer>, got 0$/],
    ['element 3 (line 3)', /^expected a value in <customer_id>, got an empty element$/],
    ['element 4 (line 4)', /^expected one <customer_id> in <customer>, got 2$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-item-without-fields.xml', records: 4, loaded: 1, rejects: [
    ['element 1 (line 1) <preference> 2', /^expected one <value> in <preference> 2 of <customer> CUST0001, got 0$/],
    ['element 1 (line 1) <preference> 3', /^expected one <type> in <preference> 3 of <customer> CUST0001, got 0$/],
    ['element 1 (line 1) <preference> 4', /^<value>: expected text in <value>, got a child element <small>$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-zero-items.xml', records: 3, loaded: 1, rejects: [
    ['element 1 (line 1)', /^expected at least one <preference> \(with <type> and <value>\) in <customer> CUST0001$/],
    ['element 3 (line 3)', /^expected one <customer_id> in <customer>, got 0$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-truncated.xml', records: 3, loaded: 2, rejects: [
    ['element 3 (line 3)', /^truncated: <customer> is not closed: expected <\/customer> before end of file$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-mismatched-tags.xml', records: 3, loaded: 2, rejects: [
    ['element 2 (line 2)', /^unexpected <\/value> at line 2: no <value> is open$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-bad-syntax.xml', records: 4, loaded: 2, rejects: [
    ['element 2 (line 2)', /^malformed XML at line 2: Attribute 'kind' is without value\.$/],
    ['element 3 (line 3) <preference> 1', /^<type>: expected an entity reference after '&'/],
  ] },
  { kind: 'preferences-xml', file: 'xml-stray-lt.xml', records: 2, loaded: 1, rejects: [
    ['element 1 (line 1)', /^a '<' at line 1 that starts no tag: expected &lt; for a literal '<'$/],
  ] },
  { kind: 'preferences-xml', file: 'xml-invalid-utf8.xml', records: 3, loaded: 2, rejects: [
    ['element 2 (line 2)', /^invalid UTF-8 bytes in the element: expected UTF-8 text$/],
  ] },
];

const FAIL_CASES: Fails[] = [
  { kind: 'customers-csv', file: 'csv-empty.csv', error: /^csv-empty\.csv line 1: the file is empty: expected a header line with customer_id, /},
  { kind: 'customers-csv', file: 'csv-semicolon.csv', error: /^csv-semicolon\.csv line 1: header is missing column\(s\) customer_id, .*: expected a comma-separated header with .*, got "customer_id;first_name;/ },
  { kind: 'reviews-json', file: 'json-not-array.json', error: /^json-not-array\.json line 1: expected a JSON array '\[' of review objects, got an object '\{'/ },
  { kind: 'reviews-json', file: 'json-empty.json', error: /^json-empty\.json line 1: the file is empty: expected a JSON array/ },
  { kind: 'preferences-xml', file: 'xml-doctype-entities.xml', error: /^xml-doctype-entities\.xml line 2: the DOCTYPE declares entities .*: expected a file without entity declarations$/ },
  { kind: 'preferences-xml', file: 'xml-wrong-row-tag.xml', error: /^xml-wrong-row-tag\.xml: no <customer> element found: expected <customer> elements with <customer_id> and <preference> children$/ },
  { kind: 'preferences-xml', file: 'xml-latin1.xml', error: /^xml-latin1\.xml line 1: the XML declaration says encoding="ISO-8859-1": expected UTF-8$/ },
];

const withWarehouse = (fn: (wh: LocalWarehouse, dir: string) => Promise<void>) => withTempWarehouse('rp-bad-input-', fn);

test('at least 15 malformed cases, across CSV, JSON and XML', () => {
  const all = [...REJECT_CASES, ...FAIL_CASES];
  assert.ok(all.length >= 15);
  for (const k of ['csv', 'json', 'xml']) assert.ok(all.filter((c) => c.file.startsWith(k)).length >= 4, k);
});

for (const c of REJECT_CASES) {
  test(`${c.file}: bad records become rejects with a reason, the good ones load`, async () => {
    await withWarehouse(async (wh) => {
      const t = TARGET[c.kind];
      const stats = await writeBronze(wh, t.table, [t.read(join(FIXTURES, c.file))]);
      assert.equal(stats.loaded, c.loaded, 'loaded');
      assert.equal(stats.rejected, c.rejects.length, `rejected: ${JSON.stringify(stats.rejects.map((r) => [r.record, r.reason]))}`);
      assert.equal(stats.loaded + stats.rejected, c.records, 'records in the file = loaded + rejected');
      assert.equal(await wh.rowCount(t.table), c.loaded);
      const rows = await wh.query<{ source_file: string; record_ref: string; reason: string; raw_record: string }>(
        `select source_file, record_ref, reason, raw_record from ${t.table}_rejects order by rowid`);
      assert.equal(rows.length, c.rejects.length);
      c.rejects.forEach(([record, reason], i) => {
        assert.equal(rows[i].source_file, c.file);
        assert.equal(rows[i].record_ref, record);
        assert.match(rows[i].reason, reason);
      });
      await c.check?.(wh);
    });
  });
}

for (const c of FAIL_CASES) {
  test(`${c.file}: fails with the file, line and what was expected; the previous table stays`, async () => {
    await withWarehouse(async (wh, dir) => {
      const t = TARGET[c.kind];
      const good = join(dir, 'good');
      writeFileSync(good, t.good);
      const before = await writeBronze(wh, t.table, [t.read(good)]);
      assert.deepEqual([before.loaded, before.rejected], [1, 0]);
      await assert.rejects(writeBronze(wh, t.table, [t.read(join(FIXTURES, c.file))]), (e: Error) => {
        assert.equal(e.name, 'SourceFileError');
        assert.match(e.message, c.error);
        return true;
      });
      assert.equal(await wh.rowCount(t.table), 1);
    });
  });
}
