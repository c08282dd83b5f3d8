// The bad-input corpus's file cases: what each hostile or malformed CSV, JSON and rowTag XML file
// must load as (LOAD_CASES) or fail with (FAIL_CASES), and the readers that load each kind into
// bronze. Run by test/reliability/bad-input-corpus.test.ts; the MySQL row sets are in
// bad-corpus-mysql.ts.
import assert from 'node:assert/strict';
import type { Partition } from '../../../src/core/load/bronze-writer';
import { table, task, type XmlSource } from '../../../src/core/manifest';
import { readCsv } from '../../../src/core/sources/csv';
import { readReviewsJson } from '../../../src/core/sources/json-reviews';
import { readRowTagXml } from '../../../src/core/sources/xml-rowtag';
import type { LocalWarehouse } from '../../../src/core/targets/local/warehouse';

export type Kind = 'customers-csv' | 'reviews-json' | 'preferences-xml' | 'specifications-xml';
const xmlSource = (name: string) => task(name).source as XmlSource;
export const READERS: Record<Kind, { table: string; read: (path: string) => Partition; good: string }> = {
  'customers-csv': {
    table: 'BRONZE_CUSTOMERS', read: (p) => readCsv(p, table('BRONZE_CUSTOMERS')),
    good: 'customer_id,first_name,last_name,email,phone,address,created_date,last_updated\nCUST0099,Gia,Good,g@example.com,555,x,2024-01-01 00:00:00,\n',
  },
  'reviews-json': {
    table: 'BRONZE_PRODUCT_REVIEWS', read: (p) => readReviewsJson(p, table('BRONZE_PRODUCT_REVIEWS')),
    good: '[{"review_id": "REV0099", "rating": 5}]',
  },
  'preferences-xml': {
    table: 'BRONZE_CUSTOMER_PREFERENCES', read: (p) => readRowTagXml(p, xmlSource('customer_preferences_task'), table('BRONZE_CUSTOMER_PREFERENCES'), new Date()),
    good: '<customer><customer_id>CUST0099</customer_id><preference><type>t</type><value>v</value></preference></customer>',
  },
  'specifications-xml': {
    table: 'BRONZE_PRODUCT_SPECIFICATIONS', read: (p) => readRowTagXml(p, xmlSource('product_specification_task'), table('BRONZE_PRODUCT_SPECIFICATIONS'), new Date()),
    good: '<product><product_id>PROD0099</product_id><specification><name>n</name><value>v</value></specification></product>',
  },
};
export const kindOf = (file: string): Kind =>
  file.startsWith('csv') ? 'customers-csv' : file.startsWith('json') ? 'reviews-json' : /rooted|specs/.test(file) ? 'specifications-xml' : 'preferences-xml';


export interface Loads {
  file: string;
  /** Records in the source, counted by hand. */
  records: number;
  loaded: number;
  rejects: [record: string, reason: RegExp][];
  check?: (wh: LocalWarehouse, t: string) => Promise<void>;
  /** Upper bound on the time the load may take (hostile input must not make it crawl). */
  maxMs?: number;
  /** A known defect: reported by the runner as TODO, not counted as handled. */
  todo?: string;
}
export interface Fails {
  file: string;
  error: RegExp;
  maxMs?: number;
}

export async function values(wh: LocalWarehouse, sql: string): Promise<unknown[][]> {
  return (await wh.query(sql)).map((r) => Object.values(r));
}

export const LOAD_CASES: Loads[] = [
  // ---- CSV
  { file: 'csv-bom-crlf.csv', records: 2, loaded: 2, rejects: [], check: async (wh) => {
    // The BOM is not part of the first column name; CRLF is not part of the last value.
    assert.deepEqual(await values(wh, 'select customer_id, address, cast(last_updated as varchar) from bronze_customers order by 1'),
      [['CUST0001', '1 Elm St, Phoenix', '2024-01-02 00:00:00'], ['CUST0002', '2 Oak St, Austin', null]]);
  } },
  { file: 'csv-embedded-quotes-newlines.csv', records: 3, loaded: 2, rejects: [['line 6', /^malformed CSV: .*quote/i]], check: async (wh) => {
    assert.deepEqual(await values(wh, 'select first_name, last_name, address from bronze_customers order by customer_id'), [
      ['She said "hi"\nthen left', 'Lee', '1 Elm St\r\nApt 3, Phoenix'],
      ['Bob', 'a "quoted" name, with comma', '2 Oak St, Austin'],
    ]);
  } },
  { file: 'csv-unterminated-quote.csv', records: 2, loaded: 1, rejects: [['line 3', /^malformed CSV: .*(never closed|Quote Not Closed)/]] },
  { file: 'csv-reordered-header.csv', records: 1, loaded: 1, rejects: [], check: async (wh) => {
    // Columns are matched by name, not position.
    assert.deepEqual(await values(wh, 'select customer_id, first_name, email from bronze_customers'), [['CUST0001', 'Ann', 'a@x.com']]);
  } },
  { file: 'csv-nul-byte.csv', records: 2, loaded: 2, rejects: [], check: async (wh) => {
    assert.deepEqual(await values(wh, "select first_name from bronze_customers where customer_id = 'CUST0002'"), [['Nul\0Byte']]);
  } },
  // Found by this corpus and fixed: the CSV reader used to load invalid UTF-8 as U+FFFD.
  { file: 'csv-invalid-utf8.csv', records: 3, loaded: 2, rejects: [
    ['line 3', /^invalid UTF-8 bytes in the record: expected UTF-8 text$/],
  ] },
  // ---- JSON
  { file: 'json-bom.json', records: 2, loaded: 2, rejects: [] },
  { file: 'json-nan-infinity.json', records: 6, loaded: 2, rejects: [
    ['record 2 (line 3)', /^not valid JSON.*Unexpected token 'N'/],
    ['record 3 (line 4)', /^not valid JSON.*Unexpected token 'I'/],
    ['record 4 (line 5)', /^not valid JSON \(line 5\): No number after minus sign/],
    ['record 5 (line 6)', /^column rating: expected a number, got "Infinity"$/],
  ] },
  { file: 'json-duplicate-keys-nested.json', records: 3, loaded: 1, rejects: [
    ['record 1 (line 2)', /^duplicate key "rating": expected each key once in an object$/],
    // "r\u0061ting" is "rating": an escaped spelling does not hide the duplicate.
    ['record 2 (line 3)', /^duplicate key "rating": expected each key once in an object$/],
  ] },
  { file: 'json-unicode-escapes.json', records: 4, loaded: 4, rejects: [], check: async (wh) => {
    const [r] = await wh.query<{ title: string; content: string }>("select title, content from bronze_product_reviews where review_id = 'REV0001'");
    assert.deepEqual(r, { title: 'emoji 😀 and é', content: 'tab\there "quoted" back\\slash' });
  } },
  { file: 'json-null-elements.json', records: 5, loaded: 2, rejects: [
    ['record 2 (line 3)', /^expected a review object \{"review_id": …\}, got null$/],
    ['record 3 (line 4)', /^expected a review object \{"review_id": …\}, got the number 42$/],
    ['record 4 (line 5)', /^expected a review object \{"review_id": …\}, got an array$/],
  ] },
  { file: 'json-empty-array.json', records: 0, loaded: 0, rejects: [] },
  { file: 'json-huge-string.json', records: 2, loaded: 1, maxMs: 20_000, rejects: [
    ['record 2 (line 3)', /^truncated: expected a closing '"' of a string before end of file$/],
  ], check: async (wh, t) => {
    assert.deepEqual(await values(wh, 'select length(content) from bronze_product_reviews'), [[4 << 20]]);
    // The reject keeps a bounded excerpt of the raw record, not megabytes.
    const [[raw]] = await values(wh, `select length(raw_record) from ${t}_rejects`);
    assert.ok(Number(raw) <= 4001, `raw_record of ${raw} characters`);
  } },
  { file: 'json-deep-nesting.json', records: 2, loaded: 1, maxMs: 20_000, rejects: [
    ['record 1 (line 2)', /^field aspects\[0\]: expected an object \{name, rating\}, got an array$/],
  ] },
  // ---- XML
  { file: 'xml-entities.xml', records: 4, loaded: 2, rejects: [
    ['element 2 (line 6) <preference> 1', /^<value>: expected only &lt; &gt; &amp; &quot; &apos; or character references, got the undefined entity &nbsp;/],
    ['element 3 (line 10) <preference> 1', /^<value>: expected a valid character reference, got &#xD800;$/],
  ], check: async (wh) => {
    assert.deepEqual(await values(wh, "select preference_type, preference_value from bronze_customer_preferences where customer_id = 'CUST0001'"),
      [['Fish & Chips', '<b>not bold</b> "q" \'a\' 😀 é']]);
  } },
  { file: 'xml-cdata.xml', records: 2, loaded: 2, rejects: [], check: async (wh) => {
    // CDATA is text: markup inside it neither closes the row nor opens a phantom one.
    assert.deepEqual(await values(wh, 'select customer_id, preference_type, preference_value from bronze_customer_preferences order by 1'), [
      ['CUST0001', '<b>bold</b> & co', '</customer><customer><customer_id>FAKE</customer_id>'],
      ['CUST0002', 't', 'before inside after'],
    ]);
  } },
  { file: 'xml-namespaces.xml', records: 3, loaded: 3, rejects: [], check: async (wh) => {
    assert.deepEqual(await values(wh, 'select customer_id, preference_type from bronze_customer_preferences order by 1'),
      [['CUST0001', 't1'], ['CUST0002', 't2'], ['CUST0003', 't3']]);
  } },
  { file: 'xml-comments-pi.xml', records: 1, loaded: 1, rejects: [], check: async (wh) => {
    // A row tag inside a comment is not a row; a <value> inside a comment is not a value.
    assert.deepEqual(await values(wh, 'select customer_id, preference_type, preference_value from bronze_customer_preferences'), [['CUST0001', 't', 'v']]);
  } },
  { file: 'xml-no-root-specs.xml', records: 2, loaded: 2, rejects: [] },
  { file: 'xml-xxe-external-dtd.xml', records: 2, loaded: 1, rejects: [
    ['element 1 (line 3) <preference> 1', /^<value>: expected only .* got the undefined entity &xxe; \(DOCTYPE entities are never expanded\)$/],
  ] },
  { file: 'xml-10mb-single-element.xml', records: 2, loaded: 2, maxMs: 30_000, rejects: [], check: async (wh) => {
    assert.deepEqual(await values(wh, 'select customer_id, length(preference_value) from bronze_customer_preferences order by 1'), [['CUST0001', 10 << 20], ['CUST0002', 1]]);
  } },
];

export const FAIL_CASES: Fails[] = [
  { file: 'csv-tab-delimited.csv', error: /^csv-tab-delimited\.csv line 1: header is missing column\(s\) customer_id, .*: expected a comma-separated header with .*, got "customer_id\\tfirst_name/ },
  { file: 'csv-blank-lines-only.csv', error: /^csv-blank-lines-only\.csv line \d: .*expected a comma-separated header with customer_id/ },
  { file: 'csv-missing-columns.csv', error: /^csv-missing-columns\.csv line 1: header is missing column\(s\) email, phone, address, created_date, last_updated: expected/ },
  { file: 'json-top-level-string.json', error: /^json-top-level-string\.json line 1: expected a JSON array '\[' of review objects, got "\\"just a string/ },
  { file: 'xml-billion-laughs.xml', maxMs: 2000, error: /^xml-billion-laughs\.xml line 2: the DOCTYPE declares entities .*"billion laughs"\): expected a file without entity declarations$/ },
  { file: 'xml-xxe-local-file.xml', maxMs: 2000, error: /^xml-xxe-local-file\.xml line 2: the DOCTYPE declares entities .*XXE.*: expected a file without entity declarations$/ },
  { file: 'xml-utf16.xml', error: /^xml-utf16\.xml line 1: the file is UTF-16: expected UTF-8 XML$/ },
];
