// The CSV writer (core/csv/write.ts) against csv-stringify, the maintained library the issue
// asked for, on the generator's hot path: one line per order at a time, with the same NULL rule
// in both (csv-stringify quotes an empty string through its cast hook, a NULL stays empty).
// Both must write the same bytes; the ratio is the library's time over the project's
// (goal >= 1: the library would be used unless it is slower).
import { stringify } from 'csv-stringify/sync';
import { csvLine, type CsvValue } from '../src/core/csv/write';
import { peakRssMb, report, scaleArg } from './lib';

const scale = scaleArg();
const n = Math.min(2_000, scale) * 500;
// Order rows as generate-data writes them (ids, a timestamp, money, a sometimes-NULL status,
// and now and then a field that needs quoting).
const rows: CsvValue[][] = [];
for (let i = 0; i < n; i++) {
  rows.push([`ORD${String(i).padStart(8, '0')}`, `CUST${String(i % 5000).padStart(4, '0')}`, '2024-03-04 10:11:12', 123.45 + (i % 100),
    i % 13 ? 'Delivered' : null, i % 17 ? 'Credit Card' : '', i % 31 ? '2024-03-05 00:00:00' : 'late, "re-sent"']);
}
const options = {
  cast: {
    string: (v: string) => (v === '' ? { value: '', quoted_empty: true } : v),
    number: (v: number) => String(v),
  },
};

function time(fn: () => number): { ms: number; bytes: number } {
  let best = Infinity;
  let bytes = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    bytes = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, bytes };
}

const sample = rows.slice(0, 200);
const ours = sample.map(csvLine).join('');
const theirs = sample.map((r) => stringify([r], options)).join('');
if (ours !== theirs) throw new Error(`the two writers disagree:\n${ours.slice(0, 400)}\n---\n${theirs.slice(0, 400)}`);

const project = time(() => rows.reduce((s, r) => s + csvLine(r).length, 0));
const baseline = time(() => rows.reduce((s, r) => s + stringify([r], options).length, 0));
const ratio = baseline.ms / project.ms;
report([{
  measure: `${n} order lines, one at a time (ms, best of 5)`, project: Math.round(project.ms), baseline: `csv-stringify ${Math.round(baseline.ms)}`,
  ratio: Math.round(ratio * 100) / 100, goal: '>= 1 (else use csv-stringify)', met: ratio >= 1, peak_rss_mb: peakRssMb(),
}], { csv_writer_vs_csv_stringify: Math.round(ratio * 100) / 100 });
