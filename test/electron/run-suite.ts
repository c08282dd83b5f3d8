// Runs test/electron/suite.ts inside a real VS Code with @vscode/test-electron: bundles the suite
// (VS Code loads plain JavaScript through --extensionTestsPath), copies sample_data into a temp
// workspace, and starts the given VS Code executable on it with this repository as the extension
// under development (its built dist/). Resolves with the suite's per-test results.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SuiteResult } from './suite';

export const REPO = resolve(__dirname, '..', '..');

export interface SuiteRun {
  exitCode: number | undefined;
  error?: string;
  results: SuiteResult[];
}

export async function runElectronSuite(vscodeExecutablePath: string): Promise<SuiteRun> {
  const { runTests } = await import('@vscode/test-electron');
  const root = mkdtempSync(join(tmpdir(), 'retail-electron-'));
  try {
    const suite = join(root, 'suite', 'index.js');
    await build({
      entryPoints: [join(__dirname, 'suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      external: ['vscode', '@duckdb/*'], logLevel: 'warning',
    });
    const workspace = join(root, 'workspace');
    mkdirSync(workspace);
    cpSync(join(REPO, 'sample_data'), join(workspace, 'sample_data'), { recursive: true });
    const resultsFile = join(root, 'results.json');
    let exitCode: number | undefined;
    let error: string | undefined;
    try {
      exitCode = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: suite,
        extensionTestsEnv: { RETAIL_ELECTRON_RESULTS: resultsFile },
        // Only this extension, a fresh profile, no trust prompt.
        launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${join(root, 'user-data')}`, `--extensions-dir=${join(root, 'extensions')}`, '--disable-workspace-trust'],
      });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResult[] : [];
    return { exitCode, error, results };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
