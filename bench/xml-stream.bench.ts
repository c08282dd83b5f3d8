// The streaming rowTag XML load (scanner + per-element parse + bronze writer) against the
// obvious non-streaming way: read the whole file, parse it as one document with
// fast-xml-parser, then write the same rows through the same bronze writer. Each run is its own
// child process, so peak RSS is the run's own.
//   xml_ratio          streaming time / whole-document time on the same file (lower is better)
//   xml_rss_growth_mb  streaming peak RSS on a 4x larger file minus on the smaller one (≈ 0 when
//                      memory does not grow with the file)
// File size: scale / 4 MB (25 MB at the default scale 100), and 4x that for the growth.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { table, task } from '../src/core/manifest';
import { writeBronze, type Batch } from '../src/core/load/bronze-writer';
import { canonicalRow } from '../src/core/load/values';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { readRowTagXml } from '../src/core/sources/xml-rowtag';
import { peakRssMb, report, scaleArg, tempWorkspace } from './lib';

const TABLE = 'BRONZE_CUSTOMER_PREFERENCES';
const TYPES = ['Preferred Payment', 'Preferred Category', 'Newsletter', 'Shopping Frequency', 'Communication Channel'];
const VALUES = ['Credit Card', 'Home &amp; Garden', 'Subscribed', 'Weekly', 'SMS', 'Sports &lt;Outdoor&gt;', 'Électronique'];

async function generate(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let c = 0;
  let prefs = 0;
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  while (bytes < mb * 1e6) {
    let s = '';
    for (let k = 0; k < 1000; k++) {
      c++;
      s += `<customer>\n  <customer_id>CUST${String(c).padStart(7, '0')}</customer_id>\n`;
      for (let p = 0; p <= c % 5; p++, prefs++) s += `  <preference>\n    <type>${TYPES[p]}</type>\n    <value>${VALUES[(c + p) % VALUES.length]}</value>\n  </preference>\n`;
      s += '</customer>\n';
    }
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return prefs;
}

/** The non-streaming way: the whole file as one string and one parsed document. */
async function* wholeDocument(path: string, lastUpdated: Date): AsyncGenerator<Batch> {
  const def = table(TABLE);
  const text = readFileSync(path, 'utf8');
  // A root-less file is not one document; wrap it (after the XML declaration).
  const body = text.replace(/^<\?xml[^>]*\?>/, '');
  const doc = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'customer' || name === 'preference' }).parse(`<root>${body}</root>`) as {
    root: { customer: { customer_id: string; preference?: { type: string; value: string }[] }[] };
  };
  const rows: (string | null)[][] = [];
  for (const c of doc.root.customer) {
    for (const p of c.preference ?? []) {
      const r = canonicalRow(def, { customer_id: c.customer_id, source_file: 'customer_preferences.xml', last_updated: lastUpdated, preference_type: p.type, preference_value: p.value });
      if (r.ok) rows.push(r.values);
    }
  }
  yield { rows, rejects: [] };
}

async function child(mode: string, file: string, ws: string): Promise<void> {
  const src = task('customer_preferences_task').source;
  if (src?.kind !== 'xml') throw new Error('no XML source');
  const wh = await LocalWarehouse.open(ws);
  const t0 = performance.now();
  const now = new Date();
  const part = mode === 'stream' ? readRowTagXml(file, src, table(TABLE), now) : wholeDocument(file, now);
  const stats = await writeBronze(wh, TABLE, [part]);
  const ms = performance.now() - t0;
  wh.close();
  process.stdout.write(`RESULT ${JSON.stringify({ ms, rows: stats.loaded, rss: peakRssMb() })}\n`);
}

function run(mode: string, file: string): { ms: number; rows: number; rss: number } {
  const ws = tempWorkspace(`xml-${mode}`);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', mode, file, ws], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (r.status !== 0 || !line) throw new Error(`${mode} run failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    return JSON.parse(line.slice(7));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const mb = Math.max(1, scaleArg() / 4);
  const dir = tempWorkspace('xml-data');
  try {
    const small = join(dir, 'small.xml');
    const large = join(dir, 'large.xml');
    const expected = await generate(small, mb);
    const expectedLarge = await generate(large, mb * 4);
    const stream = run('stream', small);
    const whole = run('whole', small);
    const streamLarge = run('stream', large);
    for (const [r, n] of [[stream, expected], [whole, expected], [streamLarge, expectedLarge]] as const) {
      if (r.rows !== n) throw new Error(`loaded ${r.rows} rows, expected ${n}`);
    }
    const ratio = stream.ms / whole.ms;
    const growth = streamLarge.rss - stream.rss;
    report([
      { measure: `load ${mb} MB XML (s)`, project: stream.ms / 1000, baseline: whole.ms / 1000, ratio, goal: 'streaming, not slower than parsing the whole document', met: ratio <= 1.2, peak_rss_mb: stream.rss },
      { measure: `peak RSS ${mb} MB -> ${mb * 4} MB (MB)`, project: `${stream.rss} -> ${streamLarge.rss}`, baseline: `${whole.rss} (whole document, ${mb} MB)`, goal: 'flat', met: growth < 50, peak_rss_mb: streamLarge.rss },
      { measure: `streaming throughput (MB/s)`, project: (mb * 4) / (streamLarge.ms / 1000) },
    ], { xml_ratio: ratio, xml_rss_growth_mb: growth }, {
      xml_rss_growth_mb: "the reader's own memory is per element; what grows is DuckDB's buffer pool holding the staged rows until the load commits (default memory_limit)",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const i = process.argv.indexOf('--child');
if (i >= 0) {
  child(process.argv[i + 1], process.argv[i + 2], process.argv[i + 3]).catch((e) => { console.error(e); process.exit(1); });
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}
