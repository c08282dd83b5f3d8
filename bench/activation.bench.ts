// Extension activation (issue 5): the packaged VSIX (npm run package) and a baseline, a
// hello-world extension whose activate() registers one command, both installed into a real VS
// Code (code-server, test/e2e/harness.ts), each activated the same way: by opening its view
// (onView:…), one after the other once the workbench has settled, alternating which goes first
// (activated together they share the extension host's thread, and each one's time included the
// other's: a hello-world measured 160 ms). Each one's activation time is the extension host's
// own measurement (code loading + the activate() call), read from "Developer: Show Running
// Extensions". Every round is a fresh code-server with an empty user-data folder; medians over
// the rounds. Goal: under 100 ms.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, extensionHostLog, missingPrerequisite, startVsCode } from '../test/e2e/harness';
import { runCommand } from '../test/e2e/workbench-ui';
import { REPO, report } from './lib';

const ROUNDS = Number(process.env.RETAIL_BENCH_ROUNDS ?? 5);
const GOAL_MS = 100;
const VSIX = join(REPO, 'retail-pipeline-linux-x64.vsix');
const OURS = 'Retail Pipeline';
const BASELINE = 'Activation Baseline';

/** The baseline extension, written to a temp folder and packaged with the same vsce. */
function baselineVsix(dir: string): string {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'activation-baseline', displayName: BASELINE, publisher: 'retail-bench', version: '1.0.0', license: 'MIT',
    engines: { vscode: '^1.100.0' }, main: './extension.js',
    // The event that activates Retail Pipeline when its view opens: both start together.
    activationEvents: ['onView:activationBaseline.view'],
    contributes: {
      commands: [{ command: 'activationBaseline.hello', title: 'Activation Baseline: Hello' }],
      viewsContainers: { activitybar: [{ id: 'activationBaseline', title: BASELINE, icon: 'icon.svg' }] },
      views: { activationBaseline: [{ id: 'activationBaseline.view', name: 'Baseline' }] },
    },
  }, null, 2));
  writeFileSync(join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="8"/></svg>\n');
  writeFileSync(join(dir, 'extension.js'), `const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('activationBaseline.hello', () => vscode.window.showInformationMessage('Hello')));
};
exports.deactivate = () => {};
`);
  writeFileSync(join(dir, 'README.md'), '# Activation baseline\n\nA hello-world extension: the floor of an activation.\n');
  const out = join(dir, 'activation-baseline.vsix');
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--allow-missing-repository', '--skip-license', '--out', out],
    { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the baseline failed: ${r.stdout}\n${r.stderr}`);
  return out;
}

/** "Activation: 37ms" of an extension's row in the Running Extensions editor. */
async function activationMs(page: Page, name: string): Promise<number> {
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
  for (let i = 0; ; i++) {
    await row.waitFor({ timeout: 20_000 });
    const text = (await row.textContent()) ?? '';
    const m = /Activation:\s*(\d+)\s*ms/.exec(text);
    if (m) return Number(m[1]);
    // "Activating..." until activate() returns: the editor redraws when it does.
    if (i > 40) throw new Error(`no activation time for ${name}: ${text}`);
    await page.waitForTimeout(250);
  }
}

/** What activate() itself logged ("activated in N ms": the activate() call, without code loading). */
function ownLog(userDataDir: string): string {
  return /activated in [\d.]+ ms/.exec(extensionHostLog(userDataDir) + findLogs(userDataDir))?.[0] ?? '?';
}

function findLogs(dir: string): string {
  const r = spawnSync('find', [dir, '-name', 'Retail Pipeline.log'], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map((f) => readFileSync(f, 'utf8')).join('\n');
}

async function round(browser: Browser, baseline: string, oursFirst: boolean): Promise<{ ours: number; base: number; own: string }> {
  const vs = await startVsCode({ sampleData: join(REPO, 'sample_data'), extraVsix: [baseline] });
  // A tall window: the editor lists every activated extension, slowest first, and the baseline
  // may be near the end.
  const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
  try {
    await page.goto(`${vs.url}/?folder=${encodeURIComponent(vs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Both entries are there once the workbench has read the extensions; then let the startup
    // activations (built-in extensions) finish.
    for (const name of [OURS, BASELINE]) await page.locator(`a.action-label[aria-label^="${name}"]`).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(5000);
    for (const name of oursFirst ? [OURS, BASELINE] : [BASELINE, OURS]) {
      await page.locator(`a.action-label[aria-label^="${name}"]`).click();
      if (name === OURS) await page.locator('.pane-body .monaco-list-row', { hasText: 'Tasks' }).first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(3000);
    }
    await runCommand(page, 'Developer: Show Running Extensions');
    const r = { ours: await activationMs(page, OURS), base: await activationMs(page, BASELINE), own: ownLog(vs.userDataDir) };
    return r;
  } finally {
    await page.close();
    await vs.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const keys: Record<string, number | null> = { activation_ms: null, activation_baseline_ms: null, activation_ratio: null };
  const missing = missingPrerequisite() ?? (existsSync(VSIX) ? undefined : `${VSIX} is missing (npm run package)`);
  if (missing) {
    report([], keys, Object.fromEntries(Object.keys(keys).map((k) => [k, missing])));
    return;
  }
  process.env.RETAIL_E2E_VSIX = VSIX;
  const dir = mkdtempSync(join(tmpdir(), 'retail-bench-activation-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const ours: number[] = [];
  const base: number[] = [];
  try {
    const baseline = baselineVsix(dir);
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round(browser, baseline, i % 2 === 0);
      ours.push(r.ours);
      base.push(r.base);
      process.stderr.write(`round ${i + 1} (${i % 2 === 0 ? 'ours first' : 'baseline first'}): ${OURS} ${r.ours} ms (its log: ${r.own}), ${BASELINE} ${r.base} ms\n`);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const o = median(ours);
  const b = median(base);
  const met = o < GOAL_MS;
  // The extension host's clock is wall time: on a shared machine other processes' CPU is in it.
  const load = loadavg()[0].toFixed(1);
  process.stderr.write(`${met ? 'PASS' : 'MISS'} activation ${o} ms (goal < ${GOAL_MS} ms), hello-world baseline ${b} ms, load average ${load} on ${cpus().length} cores\n`);
  // A baseline of 0 ms (the host rounds to whole ms) has no ratio.
  const ratio = b > 0 ? o / b : undefined;
  keys.activation_ms = o;
  keys.activation_baseline_ms = b;
  keys.activation_ratio = ratio === undefined ? null : Math.round(ratio * 100) / 100;
  report([{ measure: `activation ms, extension host's measure (code load + activate()), median of ${ROUNDS} fresh sessions, vs a hello-world extension on the same event`, project: o, baseline: b, ratio, goal: `< ${GOAL_MS} ms`, met }],
    keys, met ? {} : { activation_ms: `above the ${GOAL_MS} ms goal (load average ${load} on ${cpus().length} cores during the run)` });
}

void main().catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
