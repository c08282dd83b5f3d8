// Starts a real VS Code (code-server 4.100.3, installed by scripts/e2e-setup.sh into a cache
// folder outside the repo) with the built extension and a temp workspace, and opens it in the
// system's Chromium through playwright-core. See ../../../shared e2e notes in the README.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stageExtension } from './stage-extension';

export const REPO = resolve(__dirname, '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerEntry(): string {
  if (process.env.RETAIL_CODE_SERVER) return process.env.RETAIL_CODE_SERVER;
  const cache = process.env.RETAIL_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'retail-pipeline-e2e');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'out', 'node', 'entry.js');
}

export function chromiumPath(): string {
  return process.env.RETAIL_CHROMIUM ?? '/usr/bin/chromium';
}

/** Why the E2E cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  const entry = codeServerEntry();
  if (!existsSync(entry) || !existsSync(join(entry, '..', '..', '..', '.complete'))) {
    return `code-server ${CODE_SERVER_VERSION} is not installed at ${entry} (run scripts/e2e-setup.sh)`;
  }
  if (!existsSync(chromiumPath())) return `Chromium is not installed at ${chromiumPath()} (run scripts/e2e-setup.sh)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface VsCodeServer {
  readonly url: string;
  readonly root: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Builds the bundle, stages the extension, writes settings, starts code-server and waits until it answers. */
export async function startVsCode(opts: { sampleData: string; extraVsix?: string[] }): Promise<VsCodeServer> {
  const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const root = mkdtempSync(join(tmpdir(), 'retail-e2e-'));
  const workspace = join(root, 'workspace');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(opts.sampleData, join(workspace, 'sample_data'), { recursive: true });
  // Without these a trust dialog and a welcome page cover the workbench.
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'update.mode': 'none', 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true,
  }, null, 2));
  // Packaged extensions, installed the way a user installs a VSIX.
  const install = (vsix: string) => {
    const inst = spawnSync(process.execPath, [codeServerEntry(), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--install-extension', resolve(vsix), '--force'], { encoding: 'utf8', timeout: 120_000 });
    if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
      throw new Error(`installing ${vsix} into code-server failed:\n${inst.stdout}\n${inst.stderr}`);
    }
  };
  for (const extra of opts.extraVsix ?? []) install(extra);
  const vsix = process.env.RETAIL_E2E_VSIX;
  if (vsix) {
    // The packaged extension (npm run package).
    install(vsix);
  } else {
    // The built extension laid out as installed (fast; the same files as the VSIX allow-list).
    stageExtension(REPO, extensionsDir);
  }
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [
    codeServerEntry(), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', workspace,
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url, root, workspace, userDataDir, extensionsDir, output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((r) => {
          const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000);
          child.once('exit', () => { clearTimeout(t); r(); });
        });
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The extension host's log lines of this session (activation errors show up here). */
export function extensionHostLog(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const found = spawnSync('find', [logs, '-name', '*.log'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  return found.filter((f) => /exthost|remoteexthost|Retail/i.test(f)).map((f) => `== ${f}\n${readFileSync(f, 'utf8')}`).join('\n');
}
