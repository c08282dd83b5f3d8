// The bad-input corpus: hostile and malformed source data through the real readers (CSV, JSON,
// rowTag XML, MySQL) into a real DuckDB warehouse, one table row per case. Every case ends in
// exactly one of two ways, never a crash or a hang:
//  - the whole file is unusable: a SourceFileError naming the file, the line and what was
//    expected, and the previous bronze table is left exactly as it was;
//  - some records are bad: they land in <TABLE>_REJECTS with the record and the reason, the good
//    ones load, and the records in the source = loaded + rejected.
// The 29 files of test/fixtures/bad (checked case by case in test/bad-input.test.ts) are swept
// again here with the generic invariants, so the summary counts every file of both folders.
// The case tables are in test/reliability/helpers/bad-corpus-files.ts; the MySQL row sets
// (helpers/bad-corpus-mysql.ts) run in test/reliability/bad-input-corpus-mysql.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeBronze } from '../../src/core/load/bronze-writer';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';
import { FAIL_CASES, kindOf, LOAD_CASES, READERS, type Kind } from './helpers/bad-corpus-files';
import { MYSQL_CASES } from './helpers/bad-corpus-mysql';

const CORPUS = join(__dirname, '..', 'fixtures', 'bad-corpus');
const OLD_CORPUS = join(__dirname, '..', 'fixtures', 'bad');
const tmp = mkdtempSync(join(tmpdir(), 'rp-corpus-'));

// A file on this machine that an XXE payload points at: its content must never reach bronze,
// a reject or a message.
const SECRET_MARKER = 'XXE-SECRET-7f3a9c';
const secretFile = join(tmp, 'secret.txt');
writeFileSync(secretFile, `${SECRET_MARKER}\n`);

/** Files too big (or too machine-specific) to commit, written at test time. */
const GENERATED: Record<string, () => string | Buffer> = {
  'json-huge-string.json': () => `[\n{"review_id": "REV0001", "content": "${'x'.repeat(4 << 20)}"},\n{"review_id": "REV0002", "content": "${'y'.repeat(2 << 20)}\n`,
  'json-deep-nesting.json': () => `[\n{"review_id": "REV0001", "aspects": ${'['.repeat(50_000)}${']'.repeat(50_000)}},\n{"review_id": "REV0002"}\n]\n`,
  'xml-xxe-local-file.xml': () => `<?xml version="1.0"?>\n<!DOCTYPE customer [<!ENTITY xxe SYSTEM "file://${secretFile}">]>\n<customer><customer_id>CUST0001</customer_id><preference><type>t</type><value>&xxe;</value></preference></customer>\n`,
  'xml-xxe-external-dtd.xml': () => `<?xml version="1.0"?>\n<!DOCTYPE customer SYSTEM "file://${secretFile}">\n<customer><customer_id>CUST0001</customer_id><preference><type>t</type><value>&xxe;</value></preference></customer>\n<customer><customer_id>CUST0002</customer_id><preference><type>t</type><value>v</value></preference></customer>\n`,
  'xml-10mb-single-element.xml': () => `<customer><customer_id>CUST0001</customer_id><preference><type>big</type><value>${'v'.repeat(10 << 20)}</value></preference></customer>\n<customer><customer_id>CUST0002</customer_id><preference><type>t</type><value>v</value></preference></customer>\n`,
};

// ---- the runs --------------------------------------------------------------------------------

let wh: LocalWarehouse;
let handled = 0;
const sweepFiles = [...readdirSync(OLD_CORPUS), ...readdirSync(CORPUS), ...Object.keys(GENERATED)].length;
const TODO = LOAD_CASES.filter((c) => c.todo).length;
// The whole corpus, the MySQL row sets of bad-input-corpus-mysql.test.ts included.
const TOTAL = LOAD_CASES.length - TODO + FAIL_CASES.length + MYSQL_CASES.length + readdirSync(OLD_CORPUS).length;
/** The cases this file runs: all but the MySQL row sets. */
const FILE_CASES = TOTAL - MYSQL_CASES.length;

before(async () => {
  for (const [name, make] of Object.entries(GENERATED)) writeFileSync(join(tmp, name), make());
  wh = await LocalWarehouse.open(join(tmp, 'ws'));
});
after(() => {
  wh?.close();
  rmSync(tmp, { recursive: true, force: true });
  const summary = handled === FILE_CASES ? `bad-input corpus: ${FILE_CASES} file cases, all handled` : `bad-input corpus: ${handled} of ${FILE_CASES} file cases handled`;
  if (TODO) console.log(`bad-input corpus: ${TODO} known defect(s) kept as TODO (see the todo cases above)`);
  console.log(`${summary} (${LOAD_CASES.length - TODO + FAIL_CASES.length} new files, ${readdirSync(OLD_CORPUS).length} files of test/fixtures/bad swept; ${sweepFiles} files in all; the ${MYSQL_CASES.length} MySQL row sets run in bad-input-corpus-mysql.test.ts)`);
});

const pathOf = (file: string) => (file in GENERATED ? join(tmp, file) : join(CORPUS, file));

/** Bronze holds one known good row before each case, so a failed case can show it left it alone. */
async function seedGood(kind: Kind): Promise<void> {
  const good = join(tmp, `good-${kind}`);
  writeFileSync(good, READERS[kind].good);
  const s = await writeBronze(wh, READERS[kind].table, [READERS[kind].read(good)]);
  assert.deepEqual([s.loaded, s.rejected], [1, 0]);
}

test('the corpus covers every kind of bad input the issue lists, in ≥ 40 cases', () => {
  const names = [...LOAD_CASES, ...FAIL_CASES].map((c) => c.file).join(' ') + ' ' + readdirSync(OLD_CORPUS).join(' ');
  for (const k of ['json-truncated', 'json-not-array', 'json-wrong-types', 'json-huge-string', 'json-duplicate-keys', 'json-bom', 'json-nan',
    'xml-wrong-row-tag', 'xml-unclosed', 'xml-entities', 'xml-xxe', 'xml-billion-laughs', 'xml-cdata', 'xml-namespaces', 'xml-invalid-utf8', 'xml-10mb',
    'csv-ragged', 'csv-embedded-quotes-newlines', 'csv-tab-delimited', 'csv-semicolon', 'csv-empty', 'csv-header-only']) {
    assert.ok(names.includes(k), `missing a ${k} case`);
  }
  const mysql = MYSQL_CASES.map((c) => c.name).join(' | ');
  for (const k of [/NULL/, /zero dates/, /utf8mb4/, /DECIMAL\(10,2\) extremes/, /duplicate keys/]) assert.match(mysql, k);
  // Every committed fixture is in the table (a new file without an expectation is a mistake).
  assert.deepEqual(readdirSync(CORPUS).sort(), [...LOAD_CASES, ...FAIL_CASES].map((c) => c.file).filter((f) => !(f in GENERATED)).sort());
  assert.ok(TOTAL >= 40, `${TOTAL} cases`);
});

for (const c of LOAD_CASES) {
  test(`${c.file}: bad records are rejects with a reason, good ones load, in = loaded + rejected`, { todo: c.todo }, async () => {
    const kind = kindOf(c.file);
    const t = READERS[kind].table;
    const t0 = Date.now();
    const stats = await writeBronze(wh, t, [READERS[kind].read(pathOf(c.file))]);
    const ms = Date.now() - t0;
    assert.ok(ms < (c.maxMs ?? 10_000), `took ${ms} ms`);
    assert.equal(stats.rejected, c.rejects.length, `rejects: ${JSON.stringify(stats.rejects.map((r) => [r.record, r.reason.slice(0, 200)]))}`);
    assert.equal(stats.loaded, c.loaded, 'loaded');
    assert.equal(stats.loaded + stats.rejected, c.records, 'records in the source = loaded + rejected');
    assert.equal(await wh.rowCount(t), c.loaded, 'rows in bronze');
    const rej = await wh.query<{ source_file: string; record_ref: string; reason: string }>(`select source_file, record_ref, reason from ${t}_rejects order by rowid`);
    assert.deepEqual(rej.map((r) => r.source_file), c.rejects.map(() => c.file));
    c.rejects.forEach(([record, reason], i) => {
      assert.equal(rej[i].record_ref, record);
      assert.match(rej[i].reason, reason);
    });
    await c.check?.(wh, t);
    if (!c.todo) handled++;
  });
}

for (const c of FAIL_CASES) {
  test(`${c.file}: fails naming the file, line and what was expected; the previous table stays`, async () => {
    const kind = kindOf(c.file);
    await seedGood(kind);
    const t0 = Date.now();
    await assert.rejects(writeBronze(wh, READERS[kind].table, [READERS[kind].read(pathOf(c.file))]), (e: Error) => {
      assert.equal(e.name, 'SourceFileError');
      assert.match(e.message, c.error);
      assert.ok(!e.message.includes(SECRET_MARKER));
      return true;
    });
    assert.ok(Date.now() - t0 < (c.maxMs ?? 10_000), `took ${Date.now() - t0} ms`);
    assert.equal(await wh.rowCount(READERS[kind].table), 1, 'the previous bronze table is intact');
    handled++;
  });
}

test('XXE: the local file the payloads point at reached no table, reject or message', async () => {
  const dump = await wh.query<{ t: string }>(`select string_agg(cast(columns(*) as varchar), '|') as t from bronze_customer_preferences_rejects`);
  const prefs = await wh.query(`select * from bronze_customer_preferences`);
  assert.ok(!JSON.stringify([dump, prefs]).includes(SECRET_MARKER));
});

test('sweep: every file of test/fixtures/bad ends in a located error or in located rejects, never a crash', async () => {
  for (const file of readdirSync(OLD_CORPUS).sort()) {
    const kind = kindOf(file);
    const t = READERS[kind].table;
    await seedGood(kind);
    try {
      const s = await writeBronze(wh, t, [READERS[kind].read(join(OLD_CORPUS, file))]);
      assert.equal(s.read, s.loaded + s.rejected, file);
      assert.equal(await wh.rowCount(t), s.loaded, file);
      const rej = await wh.query<{ source_file: string; record_ref: string; reason: string }>(`select source_file, record_ref, reason from ${t}_rejects`);
      assert.equal(rej.length, s.rejected, file);
      for (const r of rej) {
        assert.equal(r.source_file, file);
        assert.match(r.record_ref, /^(line|record|element) \d+/, `${file}: a reject that says where`);
        assert.ok(r.reason.length > 10, `${file}: a reject that says why`);
      }
    } catch (e) {
      assert.equal((e as Error).name, 'SourceFileError', `${file}: ${(e as Error).stack}`);
      assert.ok((e as Error).message.startsWith(basename(file)), `${file}: the error names the file`);
      assert.match((e as Error).message, /expected/, `${file}: the error says what was expected`);
      assert.equal(await wh.rowCount(t), 1, `${file}: the previous bronze table is intact`);
    }
    handled++;
  }
});
