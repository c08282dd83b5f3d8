// rowTag XML: the project's streaming reader (chunked scan, one element parsed at a time by
// fast-xml-parser, canonical checks, batches) against fast-xml-parser parsing the whole file at
// once, on the same root-less customer_preferences file. Ratio of MB/s, goal >= 0.8. Then the
// reader's peak RSS on a 100 MB and a 500 MB file, each in a fresh process: it must stay flat.
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { table, task } from '../src/core/manifest';
import type { XmlSource } from '../src/core/manifest/tasks';
import { readRowTagXml } from '../src/core/sources/xml-rowtag';
import { peakRssMb, report, tempWorkspace, timed } from './lib';

const src = task('customer_preferences_task').source as XmlSource;
const def = table('BRONZE_CUSTOMER_PREFERENCES');

async function writeXml(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  const types = ['color', 'size', 'brand', 'category', 'style'];
  let bytes = 0;
  for (let i = 1; bytes < mb * 1024 * 1024; i++) {
    let s = `<customer><customer_id>C${String(i).padStart(7, '0')}</customer_id>`;
    for (let j = 0; j < 3; j++) s += `<preference><type>${types[(i + j) % 5]}</type><value>value ${i % 97} &amp; more</value></preference>`;
    s += '</customer>\n';
    bytes += s.length;
    if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

async function streamRows(path: string): Promise<number> {
  let rows = 0;
  for await (const b of readRowTagXml(path, src, def, new Date())) rows += b.rows.length + (b.encoded?.rows ?? 0);
  return rows;
}

async function child(path: string): Promise<void> {
  const rows = await streamRows(path);
  process.stdout.write(`CHILD ${JSON.stringify({ rows, rss: peakRssMb() })}\n`);
}

async function main(): Promise<void> {
  const ws = tempWorkspace('xml');
  try {
    const small = join(ws, 'prefs-100.xml');
    const large = join(ws, 'prefs-500.xml');
    await writeXml(small, 100);
    const mb = statSync(small).size / 2 ** 20;
    const project = await timed(() => streamRows(small));
    const baseline = await timed(async () => {
      const parser = new XMLParser({ processEntities: false, ignoreDeclaration: true });
      const doc = parser.parse(readFileSync(small, 'utf8')) as { customer: unknown[] };
      return doc.customer.length;
    });
    const pMbs = mb / (project.ms / 1000);
    const bMbs = mb / (baseline.ms / 1000);
    await writeXml(large, 500);
    const rss = (p: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', p], { encoding: 'utf8' });
      const line = r.stdout.split('\n').find((l) => l.startsWith('CHILD '));
      if (!line) throw new Error(`child failed: ${r.stderr.slice(-1000)}`);
      return JSON.parse(line.slice(6)) as { rows: number; rss: number };
    };
    const r100 = rss(small);
    const r500 = rss(large);
    report([
      { measure: `rowTag XML MB/s (${mb.toFixed(0)} MB, streaming vs whole-file parse)`, project: pMbs, baseline: bMbs, ratio: pMbs / bMbs, goal: '>= 0.8', met: pMbs / bMbs >= 0.8, peak_rss_mb: peakRssMb() },
      { measure: 'streaming reader peak RSS MB, 500 MB vs 100 MB file', project: r500.rss, baseline: r100.rss, ratio: r500.rss / r100.rss, goal: 'flat', met: r500.rss - r100.rss < 50 },
    ], { xml_ratio: pMbs / bMbs, xml_rss_growth_mb: r500.rss - r100.rss });
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const ci = process.argv.indexOf('--child');
if (ci >= 0) child(process.argv[ci + 1]).catch((e) => { console.error(e); process.exit(1); });
else main().catch((e) => { console.error(e); process.exit(1); });
