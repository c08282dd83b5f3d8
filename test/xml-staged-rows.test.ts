// The XML reader's fast path (plain elements copied into the staged CSV as byte ranges,
// xml-staged-rows.ts) and its worker thread (xml-off-thread.ts) against the general path:
// on elements of every awkward kind, cut at every chunk boundary, the staged rows, the rejects
// (record, raw text, reason) and the errors must be exactly the general path's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table, task, type XmlSource } from '../src/core/manifest';
import type { Partition, Reject } from '../src/core/load/bronze-writer';
import { SourceFileError } from '../src/core/sources/csv';
import { readRowTagXml } from '../src/core/sources/xml-rowtag';
import { readRowTagXmlOffThread } from '../src/core/sources/xml-off-thread';
import { XmlStagedRows } from '../src/core/sources/xml-staged-rows';

const SPEC = task('product_specification_task');
const SRC = SPEC.source as XmlSource;
const DEF = table(SPEC.writes[0]);
const AT = new Date('2026-03-04T05:06:07.890Z');

const spec = (name: string, value: string) => `<specification><name>${name}</name><value>${value}</value></specification>`;
/** Row elements of every kind the fast path must take, or must leave to the general path. */
const VARIANTS: ((i: number) => string)[] = [
  (i) => `<product><product_id>P${i}</product_id>${spec('Color', 'Red')}${spec('Size', 'M')}</product>`,
  (i) => `<product>\n  <product_id> P${i} </product_id>\n  ${spec('  Fit ', '\n Slim\t')}\n</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('a,b', 'say "hi"')}${spec('line', 'one\ntwo\r\nthree')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('amp', 'A &amp; B &lt;c&gt; &#233;&#x263A; &quot;q&apos;')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('bad', 'x &nbsp; y')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('lone', 'fish & chips')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('Café', '\u00a0Crème brûlée\u00a0')}${spec('ü', '日本')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('empty', '')}${spec('blank', '   \n ')}</product>`,
  (i) => `<product><product_id>P${i}</product_id><specification><name>self</name><value/></specification></product>`,
  (i) => `<product><product_id>P${i}</product_id><specification><name>only name</name></specification></product>`,
  (i) => `<product><product_id>P${i}</product_id><specification><name>a</name><name>b</name><value>v</value></specification></product>`,
  (i) => `<product><product_id>P${i}</product_id><specification><name>n</name><value>v</value><unit>cm</unit></specification></product>`,
  (i) => `<product><product_id>P${i}</product_id><extra>x</extra>${spec('n', 'v')}</product>`,
  () => `<product><product_id>  </product_id>${spec('n', 'v')}</product>`,
  () => `<product><product_id></product_id>${spec('n', 'v')}</product>`,
  (i) => `<product><product_id>P${i}</product_id><product_id>Q${i}</product_id>${spec('n', 'v')}</product>`,
  (i) => `<product>${spec('first', 'then id')}<product_id>P${i}</product_id></product>`,
  (i) => `<product><product_id>P${i}</product_id></product>`,
  (i) => `<product kind="x"><product_id>P${i}</product_id>${spec('attr', 'v')}</product>`,
  (i) => `<p:product><p:product_id>P${i}</p:product_id>${spec('ns', 'v')}</p:product>`,
  (i) => `<product><!-- c --><product_id>P${i}</product_id>${spec('comment', 'v')}</product>`,
  (i) => `<product><product_id>P${i}</product_id><specification><name>cdata</name><value><![CDATA[a<b]]></value></specification></product>`,
  (i) => `<product>text<product_id>P${i}</product_id>${spec('mixed', 'v')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('lt', 'a < b')}</product>`,
  (i) => `<product><product_id>P&#${48 + (i % 10)};</product_id>${spec('id entity', 'v')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('ctl', 'a\u000bb\u000c')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('gt', 'a > b')}</product>`,
  (i) => `<product><product_id>P${i}</product_id>${spec('n', 'v')}`, // not closed before the next row
  (i) => `<product ><product_id>P${i}</product_id>${spec('space', 'v')}</product >`,
  (i) => `<product><product_id>\tP${i}\t</product_id>${spec('\ttab ', ' \t v\t')}</product>`,
];

/** A file of `n` row elements cycling through VARIANTS, under a root, with some bad bytes. */
function writeFile(path: string, n: number): void {
  const parts: Buffer[] = [Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<product_specifications>\n')];
  for (let i = 0; i < n; i++) {
    parts.push(Buffer.from(VARIANTS[i % VARIANTS.length](i) + '\n'));
    // Invalid UTF-8 inside a value, now and then.
    if (i % 97 === 0) parts.push(Buffer.concat([Buffer.from(`<product><product_id>B${i}</product_id><specification><name>bytes</name><value>`), Buffer.from([0xc3, 0x28]), Buffer.from('</value></specification></product>\n')]));
  }
  parts.push(Buffer.from('</product_specifications>\n'));
  writeFileSync(path, Buffer.concat(parts));
}

interface Read { csv: string; rows: number; rejects: Reject[] }

async function collect(part: Partition): Promise<Read> {
  const csv: Buffer[] = [];
  let rows = 0;
  const rejects: Reject[] = [];
  for await (const b of part) {
    assert.equal(b.rows.length, 0, 'rows arrive staged');
    if (b.encoded) { csv.push(Buffer.from(b.encoded.csv)); rows += b.encoded.rows; }
    rejects.push(...b.rejects);
  }
  return { csv: Buffer.concat(csv).toString('utf8'), rows, rejects };
}

test('fast path and general path: the same staged rows and rejects on every kind of element, across chunk boundaries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-xml-staged-'));
  try {
    const file = join(dir, 'product_specifications.xml');
    writeFile(file, 12_000); // over 1 MB: many 256 KB chunks, elements cut at their edges
    const general = await collect(readRowTagXml(file, SRC, DEF, AT, { plainFastPath: false }));
    const fast = await collect(readRowTagXml(file, SRC, DEF, AT));
    assert.ok(general.rows > 9000 && general.rejects.length > 3000, `both rows and rejects (${general.rows}, ${general.rejects.length})`);
    assert.equal(fast.rows, general.rows);
    assert.equal(fast.csv, general.csv);
    assert.deepEqual(fast.rejects, general.rejects);
    // And the worker thread gives the same again.
    const worker = await collect(readRowTagXmlOffThread(file, SRC, DEF, AT));
    assert.equal(worker.csv, general.csv);
    assert.deepEqual(worker.rejects, general.rejects);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the fast path takes plain elements itself and leaves the rest to the general path', () => {
  const rows = new XmlStagedRows(SRC, DEF, { source_file: 'f.xml', last_updated: AT });
  const plain = `<product>\n <product_id>P1</product_id>\n ${spec('Color', 'Red')}${spec('Note', 'a, "b" &amp; c')}\n</product>`;
  assert.equal(rows.tryFast(Buffer.from(plain)), true);
  assert.equal(Buffer.from(rows.take()!.csv).toString(), 'P1,f.xml,2026-03-04 05:06:07.890,Color,Red\nP1,f.xml,2026-03-04 05:06:07.890,Note,"a, ""b"" & c"\n');
  for (const i of [4, 9, 12, 13, 17, 18, 20, 21, 22]) {
    assert.equal(rows.tryFast(Buffer.from(VARIANTS[i](1))), false, `variant ${i} is left to the general path`);
  }
  assert.equal(rows.take(), undefined, 'nothing staged for them');
});

test('the worker thread fails a file as the in-thread reader does (same error class and message)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-xml-staged-'));
  try {
    const cases: [string, Buffer][] = [
      ['utf16.xml', Buffer.from('\ufeff<product></product>', 'utf16le')],
      ['entities.xml', Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]>\n<product><product_id>P1</product_id></product>')],
      ['none.xml', Buffer.from('<other>no rows</other>')],
    ];
    for (const [name, bytes] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const here = await collect(readRowTagXml(file, SRC, DEF, AT)).then(() => undefined, (e: unknown) => e);
      const there = await collect(readRowTagXmlOffThread(file, SRC, DEF, AT)).then(() => undefined, (e: unknown) => e);
      assert.ok(here instanceof SourceFileError, `${name}: the reader fails the file`);
      assert.ok(there instanceof SourceFileError, `${name}: so does the worker`);
      assert.equal(there.message, here.message);
      assert.deepEqual([there.file, there.where], [here.file, here.where]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
