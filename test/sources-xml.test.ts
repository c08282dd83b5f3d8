// The streaming rowTag XML source on real files into a real DuckDB warehouse: root-less and
// rooted files, namespaces, CDATA, entities, nested same-name elements, and entity
// declarations that must never be expanded (XXE, billion laughs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table, task, type XmlSource } from '../src/core/manifest';
import { writeBronze, type LoadStats } from '../src/core/load/bronze-writer';
import type { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { readRowTagXml } from '../src/core/sources/xml-rowtag';
import { parseElementWithFxp, parsePlainElement } from '../src/core/sources/xml-element';
import { XmlRowScanner, type ScannedElement } from '../src/core/sources/xml-scanner';
import { withTempWarehouse } from './helpers/temp-warehouse';

const PREFS = 'BRONZE_CUSTOMER_PREFERENCES';
const SPECS = 'BRONZE_PRODUCT_SPECIFICATIONS';
const LOADED_AT = new Date('2026-03-04T05:06:07Z');

function source(taskName: string): XmlSource {
  const s = task(taskName).source;
  assert.ok(s && s.kind === 'xml');
  return s;
}
const PREF_SRC = source('customer_preferences_task');
const SPEC_SRC = source('product_specification_task');

interface Env { dir: string; wh: LocalWarehouse }

const withWarehouse = (fn: (env: Env) => Promise<void>) => withTempWarehouse('rp-src-xml-', (wh, dir) => fn({ dir, wh }));

async function loadPrefs(env: Env, name: string, xml: string | Buffer): Promise<LoadStats> {
  const path = join(env.dir, name);
  writeFileSync(path, xml);
  return writeBronze(env.wh, PREFS, [readRowTagXml(path, PREF_SRC, table(PREFS), LOADED_AT)]);
}

async function prefRows(wh: LocalWarehouse): Promise<string[]> {
  const rows = await wh.query<{ customer_id: string; preference_type: string; preference_value: string }>(
    'select customer_id, preference_type, preference_value from bronze_customer_preferences order by all');
  return rows.map((r) => `${r.customer_id}|${r.preference_type}|${r.preference_value}`);
}

test('root-less file with an XML declaration, comments and PIs: one bronze row per <preference>', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'customer_preferences.xml', `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported <customer> list, not a row -->
<?app-info generator="x"?>
<customer>
  <customer_id>CUST0001</customer_id>
  <preference><type>Preferred Payment</type><value>Credit Card</value></preference>
  <preference>
    <type>Newsletter</type>
    <value>  Subscribed  </value>
  </preference>
</customer>
<customer><customer_id>CUST0002</customer_id><preference><type>Shopping Frequency</type><value>Weekly</value></preference></customer>
`);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 3, 0]);
    assert.deepEqual(await prefRows(env.wh), [
      'CUST0001|Newsletter|Subscribed', 'CUST0001|Preferred Payment|Credit Card', 'CUST0002|Shopping Frequency|Weekly',
    ]);
    const [meta] = await env.wh.query<{ files: string; ts: string; n: number }>(
      `select string_agg(distinct source_file) as files, strftime(max(last_updated), '%Y-%m-%d %H:%M:%S') as ts, count(*)::int as n from bronze_customer_preferences`);
    assert.equal(meta.files, 'customer_preferences.xml');
    assert.equal(meta.ts, '2026-03-04 05:06:07');
  });
});

test('rooted product_specifications file: rows from <product> inside the root, typed bronze columns', async () => {
  await withWarehouse(async (env) => {
    const path = join(env.dir, 'product_specifications.xml');
    writeFileSync(path, `<?xml version="1.0"?>
<product_specifications generated="2026-01-01">
  <product>
    <product_id>PROD0001</product_id>
    <specification><name>Material</name><value>Merino Wool</value></specification>
    <specification><name>Fit</name><value>Slim</value></specification>
  </product>
  <product>
    <product_id>PROD0002</product_id>
    <specification><name>Color</name><value>Space Gray</value></specification>
  </product>
</product_specifications>
`);
    const stats = await writeBronze(env.wh, SPECS, [readRowTagXml(path, SPEC_SRC, table(SPECS), LOADED_AT)]);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [3, 3, 0]);
    const rows = await env.wh.query<{ product_id: string; spec_name: string; spec_value: string; t: string }>(
      `select product_id, spec_name, spec_value, typeof(last_updated) as t from bronze_product_specifications order by all`);
    assert.deepEqual(rows.map((r) => `${r.product_id}|${r.spec_name}|${r.spec_value}|${r.t}`), [
      'PROD0001|Fit|Slim|TIMESTAMP', 'PROD0001|Material|Merino Wool|TIMESTAMP', 'PROD0002|Color|Space Gray|TIMESTAMP',
    ]);
  });
});

test('namespaced elements (prefix on rows and children) load by local name', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'ns.xml', `<c:customers xmlns:c="urn:example:customers">
  <c:customer><c:customer_id>CUST0001</c:customer_id><c:preference><c:type>Channel</c:type><c:value>SMS</c:value></c:preference></c:customer>
  <customer xmlns="urn:example:customers"><customer_id>CUST0002</customer_id><preference><type>Channel</type><value>Email</value></preference></customer>
</c:customers>`);
    assert.deepEqual([stats.loaded, stats.rejected], [2, 0]);
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|Channel|SMS', 'CUST0002|Channel|Email']);
  });
});

test('CDATA is kept as written (markup, &amp; and even </customer> inside it do not end the row)', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'cdata.xml', `<customer><customer_id>CUST0001</customer_id>
  <preference><type>Note</type><value><![CDATA[<b>bold</b> &amp; </customer> ]]></value></preference>
  <preference><type>Mixed</type><value>a &lt; <![CDATA[<x>]]> b</value></preference>
</customer>`);
    assert.deepEqual([stats.loaded, stats.rejected], [2, 0]);
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|Mixed|a < <x> b', 'CUST0001|Note|<b>bold</b> &amp; </customer>']);
  });
});

test('predefined entities and character references are decoded as text; &amp;lt; stays &lt;', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'entities.xml', `<customer><customer_id>CUST0001</customer_id>
  <preference><type>Category</type><value>Home &amp; Garden</value></preference>
  <preference><type>Quote</type><value>&quot;5&apos;&apos; &lt;tall&gt;&quot;</value></preference>
  <preference><type>Refs</type><value>caf&#233; &#x20AC;5</value></preference>
  <preference><type>Escaped</type><value>&amp;lt;</value></preference>
</customer>`);
    assert.deepEqual([stats.loaded, stats.rejected], [4, 0]);
    assert.deepEqual(await prefRows(env.wh), [
      'CUST0001|Category|Home & Garden', 'CUST0001|Escaped|&lt;', 'CUST0001|Quote|"5\'\' <tall>"', 'CUST0001|Refs|café €5',
    ]);
  });
});

test('XXE: a DOCTYPE declaring an external entity on a local file is refused, the file is never read into the warehouse', async () => {
  await withWarehouse(async (env) => {
    const secretPath = join(env.dir, 'secret.txt');
    writeFileSync(secretPath, 'TOP-SECRET-CONTENT');
    // A good load first: a refused file must leave the previous bronze table as it was.
    await loadPrefs(env, 'good.xml', '<customer><customer_id>CUST0001</customer_id><preference><type>a</type><value>b</value></preference></customer>');
    const xml = `<?xml version="1.0"?>
<!DOCTYPE customer [
  <!ENTITY xxe SYSTEM "file://${secretPath}">
]>
<customer><customer_id>CUST0009</customer_id><preference><type>leak</type><value>&xxe;</value></preference></customer>`;
    await assert.rejects(loadPrefs(env, 'xxe.xml', xml), (e: Error) => {
      assert.match(e.message, /^xxe\.xml line 2: the DOCTYPE declares entities/);
      assert.match(e.message, /never expanded/);
      assert.doesNotMatch(e.message, /TOP-SECRET/);
      return true;
    });
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|a|b']);
    const [leak] = await env.wh.query<{ n: number }>(
      `select count(*)::int as n from bronze_customer_preferences_rejects where raw_record like '%TOP-SECRET%' or reason like '%TOP-SECRET%'`);
    assert.equal(leak.n, 0);
  });
});

test('an entity reference without a declaration is not expanded: that item is rejected, the others load', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'undeclared.xml', `<customer><customer_id>CUST0001</customer_id>
  <preference><type>leak</type><value>&xxe;</value></preference>
  <preference><type>ok</type><value>fine</value></preference>
</customer>`);
    assert.deepEqual([stats.read, stats.loaded, stats.rejected], [2, 1, 1]);
    assert.equal(stats.rejects[0].record, 'element 1 (line 1) <preference> 1');
    assert.match(stats.rejects[0].reason, /undefined entity &xxe;/);
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|ok|fine']);
  });
});

test('billion laughs: refused at once, without expanding anything', async () => {
  await withWarehouse(async (env) => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const t0 = Date.now();
    await assert.rejects(
      loadPrefs(env, 'lol.xml', `<!DOCTYPE lolz [${dtd}]><customer><customer_id>CUST0001</customer_id><preference><type>x</type><value>&lol9;</value></preference></customer>`),
      /lol\.xml line 1: the DOCTYPE declares entities/);
    assert.ok(Date.now() - t0 < 5000);
  });
});

test('nested elements with the row tag name do not end the row early', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'nested.xml', `<customer><customer_id>CUST0001</customer_id>
  <referred_by><customer><customer_id>CUST0042</customer_id></customer></referred_by>
  <preference><type>Channel</type><value>SMS</value></preference>
</customer>
<customer><customer_id>CUST0002</customer_id><preference><type>Channel</type><value>Email</value></preference></customer>`);
    assert.deepEqual([stats.loaded, stats.rejected], [2, 0]);
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|Channel|SMS', 'CUST0002|Channel|Email']);
  });
});

test('attributes (quoted values with > and <) and self-closing empty values', async () => {
  await withWarehouse(async (env) => {
    const stats = await loadPrefs(env, 'attrs.xml', `<customer id="1" note="a > b" other='</customer>'><customer_id>CUST0001</customer_id>
  <preference kind="x"><type>Empty</type><value/></preference>
</customer>`);
    assert.deepEqual([stats.loaded, stats.rejected], [1, 0]);
    assert.deepEqual(await prefRows(env.wh), ['CUST0001|Empty|']);
  });
});

test('the sample customer_preferences.xml and product_specifications.xml load without rejects', async (t) => {
  const data = join(__dirname, '..', 'sample_data');
  let prefsXml: string;
  let specsXml: string;
  try {
    prefsXml = readFileSync(join(data, 'customer_preferences.xml'), 'utf8');
    specsXml = readFileSync(join(data, 'product_specifications.xml'), 'utf8');
  } catch {
    t.skip('no sample_data in this checkout');
    return;
  }
  await withWarehouse(async (env) => {
    const p = await writeBronze(env.wh, PREFS, [readRowTagXml(join(data, 'customer_preferences.xml'), PREF_SRC, table(PREFS), LOADED_AT)]);
    assert.equal(p.rejected, 0);
    assert.equal(p.loaded, prefsXml.match(/<preference>/g)?.length);
    const s = await writeBronze(env.wh, SPECS, [readRowTagXml(join(data, 'product_specifications.xml'), SPEC_SRC, table(SPECS), LOADED_AT)]);
    assert.equal(s.rejected, 0);
    assert.equal(s.loaded, specsXml.match(/<specification>/g)?.length);
    const [c] = await env.wh.query<{ n: number }>('select count(distinct customer_id)::int as n from bronze_customer_preferences');
    assert.equal(c.n, prefsXml.match(/<customer>/g)?.length);
  });
});

// The reader sees 256 KB chunks, so small files never cross a chunk boundary; feed the scanner
// every chunk size from 1 byte up and check it cuts exactly the same elements.
test('the scanner cuts the same elements whatever the chunk boundaries', () => {
  const xml = Buffer.from(`\uFEFF<?xml version="1.0"?>
<!-- <customer> in a comment -->
<root xmlns:n="urn:x">
<customer a="x>y"><customer_id>C1</customer_id><n:preference><type>t</type><value><![CDATA[ </customer> ]]]]></value></n:preference></customer>
<customer><customer_id>Ç2 é</customer_id><referrer><customer>inner</customer></referrer></customer>
<n:customer><customer_id>C3</customer_id><preference><type>x</type></preference>
<customer><customer_id>C4</customer_id></customer>
<customer/>
</root>
<customer><customer_id>C5</customer_id>`, 'utf8');
  const scan = (size: number): ScannedElement[] => {
    const s = new XmlRowScanner('f.xml', 'customer');
    const out: ScannedElement[] = [];
    for (let i = 0; i < xml.length; i += size) out.push(...s.push(xml.subarray(i, i + size)));
    out.push(...s.end());
    return out;
  };
  const show = (els: ScannedElement[]) => els.map((e) => ({ index: e.index, line: e.line, text: e.bytes.toString('utf8'), problem: e.problem, plain: e.plain }));
  const whole = show(scan(xml.length));
  assert.deepEqual(whole.map((e) => [e.index, e.line, e.problem ?? 'ok']), [
    [1, 4, 'ok'],
    [2, 5, 'ok'],
    [3, 6, '<n:customer> is not closed: expected </n:customer> before the next <customer> at line 7'],
    [4, 7, 'ok'],
    [5, 8, 'ok'],
    [6, 10, 'truncated: <customer> is not closed: expected </customer> before end of file'],
  ]);
  assert.equal(whole[0].text, '<customer a="x>y"><customer_id>C1</customer_id><n:preference><type>t</type><value><![CDATA[ </customer> ]]]]></value></n:preference></customer>');
  assert.equal(whole[1].text, '<customer><customer_id>Ç2 é</customer_id><referrer><customer>inner</customer></referrer></customer>');
  assert.deepEqual(whole.map((e) => e.plain), [false, true, true, true, true, true]);
  for (let size = 1; size <= 40; size++) assert.deepEqual(show(scan(size)), whole, `chunk size ${size}`);
});

test('a row swallowing the file (an end tag missing deep inside) is cut at the size limit, later rows load again', () => {
  const row = (n: number) => `<customer><customer_id>C${n}</customer_id><preference><type>t</type><value>v</value></preference></customer>\n`;
  let text = '<customer><customer_id>C0</customer_id><preference><type>t</type><value>v</value>\n'; // no </preference></customer>
  for (let n = 1; n <= 40; n++) text += row(n);
  const s = new XmlRowScanner('f.xml', 'customer', 1000);
  const buf = Buffer.from(text);
  const out: ScannedElement[] = [];
  for (let i = 0; i < buf.length; i += 64) out.push(...s.push(buf.subarray(i, i + 64)));
  out.push(...s.end());
  assert.match(out[0].problem ?? '', /^<customer> is larger than 1000 bytes without its <\/customer>: expected <\/customer>/);
  assert.ok(out[0].bytes.length <= 4000);
  const good = out.slice(1);
  assert.ok(good.length >= 25, `only ${good.length} rows after the cut`);
  assert.ok(good.every((e) => e.problem === undefined));
  assert.equal(good[good.length - 1].bytes.toString(), row(40).trim());
});

test('the fast path and fast-xml-parser build the same tree for plain elements', () => {
  const cases = [
    '<customer><customer_id>C1</customer_id><preference><type>a &amp; b</type><value>&#233;&#x41;</value></preference></customer>',
    '<customer>\n  <customer_id> C2 </customer_id>\n  <preference>\n    <type>t</type>\n    <value/>\n  </preference>\n</customer>',
    '<n:customer><n:customer_id>C3</n:customer_id><x:deep><customer><y>1</y></customer></x:deep></n:customer>',
    '<customer><customer_id>&bogus;</customer_id></customer>',
    '<customer><customer_id>Ç1</customer_id><preference><type>Électronique</type><value>€5 &#233; 日本</value></preference></customer>',
  ];
  const strip = (el: unknown): unknown => JSON.parse(JSON.stringify(el, (k, v) => (k === 'text' && typeof v === 'string' ? v.trim() : v)));
  for (const c of cases) {
    const fast = parsePlainElement(Buffer.from(c));
    assert.ok(fast, `fast path declined ${c}`);
    assert.deepEqual(strip(fast), strip(parseElementWithFxp(c)), c);
  }
  // Anything else is declined and goes to fast-xml-parser.
  for (const c of ['<customer a="1"><x/></customer>', '<customer><!-- c --></customer>', '<customer><a></b></customer>', '<customer>x</customer>trailing']) {
    assert.equal(parsePlainElement(Buffer.from(c)), undefined, c);
  }
});
