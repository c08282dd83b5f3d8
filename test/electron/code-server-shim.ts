// A stand-in for the VS Code executable that @vscode/test-electron starts, for machines without a
// desktop VS Code (and no way to download one): it takes the same command line, starts
// code-server (test/e2e/harness.ts) and opens its workbench in headless Chromium with the
// extension under development and the test module in the page's `payload` (VS Code for the Web's
// way of passing --extensionDevelopmentPath / --extensionTestsPath). The tests then run in
// code-server's Node extension host, a real VS Code extension host though not Electron's, and the
// workbench reports their exit code through window.codeAutomationExit, which becomes this
// process's exit code. Started through code-server-shim.sh (an executable file).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, freePort } from '../e2e/harness';

const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function main(): Promise<number> {
  const devPath = opt('extensionDevelopmentPath');
  const testsPath = opt('extensionTestsPath');
  const folder = args.find((a) => !a.startsWith('-'));
  if (!devPath || !testsPath || !folder) throw new Error(`expected a folder, --extensionDevelopmentPath= and --extensionTestsPath=: ${args.join(' ')}`);
  const userData = opt('user-data-dir') ?? mkdtempSync(join(tmpdir(), 'retail-shim-user-'));
  const extensions = opt('extensions-dir') ?? mkdtempSync(join(tmpdir(), 'retail-shim-ext-'));
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none', 'chat.disableAIFeatures': true,
  }));
  const port = await freePort();
  const server = spawn(process.execPath, [codeServerEntry(), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData,
    '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
  // The extension host inherits this environment: extensionTestsEnv reaches the tests.
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } });
  let serverOut = '';
  server.stdout!.on('data', (d: Buffer) => (serverOut += d));
  server.stderr!.on('data', (d: Buffer) => (serverOut += d));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`code-server exited: ${serverOut}`);
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
      if (i > 240) throw new Error(`code-server did not answer: ${serverOut}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await browser.newPage();
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    // What the tests print (console.log in the extension host) reaches the workbench's console;
    // pass on their result lines and errors, not the workbench's own chatter.
    page.on('console', (m) => {
      const text = m.text().replace(/^%c\s+\w+\s+color: \S+\s*/, '');
      if (/^(not )?ok - |^\s+at |extension-host tests failed/.test(text) || m.type() === 'error' && /retail/i.test(text)) process.stdout.write(`${text}\n`);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]]);
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the tests did not finish within 10 minutes')), 600_000).unref());
    return await Promise.race([exited, timeout]);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().then((code) => process.exit(code), (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exit(1); });
