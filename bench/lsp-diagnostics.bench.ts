// Diagnostics of the SQL language server for the whole sql/ folder. Goal: under 200 ms.
// - in-process: read every sql/**/*.sql, build its model and diagnose it against the catalog,
//   with a fresh workspace each time (no cached models); baseline: reading and tokenizing the
//   same files, the least any checker must do. Cold (first run, JIT not warm) and warm (median).
// - over the protocol, dist/server.js in its own process: cold, from `initialized` to the first
//   diagnostics of every file (scan, models, checks, JSON); and per keystroke, from didChange to
//   the edited file's diagnostics (other files are re-checked only when a step header changes).
//   Baseline: a request the server answers without work (the code lens of a non-step file), i.e.
//   the cost of the pipe and JSON.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { CodeLensRequest } from 'vscode-languageserver/node';
import { Catalog } from '../src/server/catalog';
import { diagnose } from '../src/server/diagnostics';
import { tokenize } from '../src/server/tokenizer';
import { SqlWorkspace } from '../src/server/workspace';
import { sqlFiles, startServer } from '../test/helpers/lsp';
import { REPO, report, type BenchRow } from './lib';
import { join } from 'node:path';

const GOAL_MS = 200;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function inProcess(): { cold: number; warm: number; baseline: number; files: number; diagnostics: number } {
  const catalog = new Catalog();
  const files = sqlFiles(REPO);
  const run = () => {
    const t0 = performance.now();
    const ws = new SqlWorkspace(REPO);
    ws.scan();
    let n = 0;
    for (const f of ws.all()) n += diagnose(f, ws, catalog).length;
    return { ms: performance.now() - t0, n, count: ws.all().length };
  };
  const base = () => {
    const t0 = performance.now();
    let tokens = 0;
    for (const rel of files) tokens += tokenize(readFileSync(join(REPO, rel), 'utf8')).tokens.length;
    if (!tokens) throw new Error('no tokens');
    return performance.now() - t0;
  };
  const first = run();
  const warm: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) { warm.push(run().ms); baseline.push(base()); }
  return { cold: first.ms, warm: median(warm), baseline: median(baseline), files: first.count, diagnostics: first.n };
}

async function overProtocol(): Promise<{ cold: number; coldServer: number; ms: number; baseline: number }> {
  const s = await startServer();
  try {
    const edited = 'sql/pipeline/bronze_silver_task/04_silver_orders.sql';
    const text = readFileSync(join(s.root, edited), 'utf8');
    await s.open(edited, text);
    const times: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await s.change(edited, `${text}\n-- edit ${i}\n`);
      times.push(performance.now() - t0);
      const t1 = performance.now();
      await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri('sql/mysql/retail_db.sql') } });
      base.push(performance.now() - t1);
    }
    // The server's own measure of that first round (scan + diagnostics, without the pipe).
    const line = s.logs.find((l) => /diagnostics in [\d.]+ ms/.test(l)) ?? '';
    const coldServer = Number(/diagnostics in ([\d.]+) ms/.exec(line)?.[1] ?? NaN);
    return { cold: s.readyMs, coldServer, ms: median(times), baseline: median(base) };
  } finally {
    await s.close();
  }
}

async function main(): Promise<void> {
  const p = inProcess();
  const proto = await overProtocol();
  const rows: BenchRow[] = [
    { measure: `server cold: initialized -> all ${p.files} files' diagnostics, ms (vs empty request)`, project: proto.cold, baseline: proto.baseline, ratio: proto.cold / proto.baseline, goal: `< ${GOAL_MS} ms`, met: proto.cold < GOAL_MS },
    { measure: `  of which inside the server (scan + check ${p.files} files, first run), ms`, project: proto.coldServer, goal: `< ${GOAL_MS} ms`, met: proto.coldServer < GOAL_MS },
    { measure: `diagnostics of sql/ (${p.files} files) in-process, first run, ms (vs read+tokenize)`, project: p.cold, baseline: p.baseline, ratio: p.cold / p.baseline },
    { measure: `diagnostics of sql/ (${p.files} files), warm median, ms (vs read+tokenize)`, project: p.warm, baseline: p.baseline, ratio: p.warm / p.baseline, goal: `< ${GOAL_MS} ms`, met: p.warm < GOAL_MS },
    { measure: 'edit -> its diagnostics over LSP, median ms (vs empty request)', project: proto.ms, baseline: proto.baseline, ratio: proto.ms / proto.baseline, goal: `< ${GOAL_MS} ms`, met: proto.ms < GOAL_MS },
  ];
  if (p.diagnostics) throw new Error(`the shipped sql/ should have no diagnostics, got ${p.diagnostics}`);
  const [load1] = loadavg();
  report(rows, { lsp_diagnostics_ms: p.warm, lsp_server_cold_ms: proto.cold, lsp_edit_ms: proto.ms },
    { lsp_load: `load average ${load1.toFixed(1)} on ${cpus().length} cores while measuring` });
}

void main().catch((e) => { console.error(e); process.exit(1); });
