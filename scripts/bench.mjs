// `npm run bench [-- --scale N] [-- --json] [-- --only NAME,…]`: runs every bench/*.bench.ts in its
// own process (so peak RSS is per benchmark), each measuring the project and a baseline in the
// same run, and prints one table; with --json, one JSON line last with the keys.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const scale = opt('--scale', '100');
const json = args.includes('--json');
const only = opt('--only', '')?.split(',').filter(Boolean) ?? [];

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => !only.length || only.includes(f.replace('.bench.ts', '')));
const rows = [];
const keys = {};
const notes = {};
for (const f of files) {
  process.stderr.write(`\n== ${f} (scale ${scale})\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${f}`, '--scale', scale], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024, env: { ...process.env, TZ: 'UTC' },
  });
  const line = r.stdout.split('\n').filter((l) => l.startsWith('BENCH ')).pop();
  if (r.status !== 0 || !line) {
    notes[f] = `failed (exit ${r.status}): ${r.stdout.slice(-500)}`;
    rows.push({ bench: f.replace('.bench.ts', ''), measure: 'FAILED', project: '', baseline: '', ratio: '', goal: '', peak_rss_mb: '' });
    continue;
  }
  const res = JSON.parse(line.slice(6));
  for (const row of res.rows) rows.push({ bench: f.replace('.bench.ts', ''), ...row });
  Object.assign(keys, res.keys);
  Object.assign(notes, res.notes ?? {});
}

const cols = ['bench', 'measure', 'project', 'baseline', 'ratio', 'goal', 'met', 'peak_rss_mb'];
const text = (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v));
const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, scale ${scale}\n`);
process.stdout.write(cols.map((c, i) => c.padEnd(widths[i])).join('  ') + '\n');
process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
for (const r of rows) process.stdout.write(cols.map((c, i) => text(r[c]).padEnd(widths[i])).join('  ') + '\n');
if (json) {
  const all = ['e2e_floor_ratio', 'scale1000_s', 'growth_exponent', 'peak_rss_mb_3000', 'ingest_ratio', 'xml_mb_s_in_run', 'parallel_ratio', 'parallel_cpu_ratio',
    'pipeline_overhead_ratio', 'xml_ratio', 'xml_rss_growth_mb', 'reviews_direct_speedup', 'reviews_direct_mb_s', 'reviews_direct_floor_ratio', 'start_sample_s', 'reviews_per_s', 'reviews_per_s_one_thread', 'addresses_per_s',
    'webview_runs_first_paint_ms', 'webview_spans_first_paint_ms', 'webview_runs_paint_ratio', 'webview_spans_paint_ratio',
    'activation_ms', 'activation_baseline_ms', 'activation_ratio'];
  const out = Object.fromEntries(all.map((k) => [k, typeof keys[k] === 'number' ? keys[k] : null]));
  for (const k of all) if (out[k] === null && !notes[k]) notes[k] = 'not measured in this run (see --only / failures above)';
  process.stdout.write(JSON.stringify({ ...out, notes }) + '\n');
}
