// The integration suite that runs inside a VS Code extension host (loaded by VS Code through
// --extensionTestsPath; see run-suite.ts). No test framework: VS Code calls run(), which runs
// each test in order, writes what happened to RETAIL_ELECTRON_RESULTS (read by the outer test)
// and rejects when any test failed, so VS Code exits with a non-zero code.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TABLES } from '../../src/core/manifest';

const EXTENSION_ID = 'retail-pipeline.retail-pipeline';

export interface SuiteResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed in this extension host`);
  return ext;
}

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was opened on a workspace folder');
  return folder.uri.fsPath;
}

const TESTS: [string, () => Promise<void>][] = [
  ['the extension activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  }],
  ['every command in package.json contributes.commands is registered', async () => {
    const contributed = ((extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands).map((c) => c.command);
    assert.ok(contributed.length > 10, `${contributed.length} contributed commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  }],
  ['Run Pipeline on a copy of sample_data succeeds and the warehouse has every table', async () => {
    const ws = workspaceFolder();
    const state = await vscode.commands.executeCommand<string | undefined>('retailPipeline.runPipeline');
    assert.equal(state, 'SUCCEEDED');
    // The warehouse read back with the extension's own DuckDB bundle (the one VS Code loaded).
    const heavy = require(join(extension().extensionPath, 'dist', 'extension-heavy.js')) as typeof import('../../src/extension/heavy');
    const wh = await heavy.LocalWarehouse.open(ws);
    try {
      const rows = await wh.query<{ name: string }>('select upper(table_name) as name from information_schema.tables');
      const present = new Set(rows.map((r) => r.name));
      const expected = TABLES.filter((t) => ['BRONZE', 'SILVER', 'GOLD', 'ANALYTICS'].includes(t.layer)).map((t) => t.name.toUpperCase());
      assert.ok(expected.length >= 20, `${expected.length} pipeline tables in the manifest`);
      assert.deepEqual(expected.filter((t) => !present.has(t)), [], 'tables missing from the warehouse');
      const [{ n }] = await wh.query<{ n: bigint | number }>('select count(*) as n from BRONZE_ORDER_ITEMS');
      assert.ok(Number(n) > 0, 'BRONZE_ORDER_ITEMS has rows');
    } finally {
      wh.close();
    }
  }],
];

export async function run(): Promise<void> {
  const results: SuiteResult[] = [];
  for (const [name, fn] of TESTS) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - t0, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
    const r = results[results.length - 1];
    console.log(`${r.ok ? 'ok' : 'not ok'} - ${name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  }
  if (process.env.RETAIL_ELECTRON_RESULTS) writeFileSync(process.env.RETAIL_ELECTRON_RESULTS, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension-host tests failed: ${failed.map((f) => f.name).join('; ')}`);
}
