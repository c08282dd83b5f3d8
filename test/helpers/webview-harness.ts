// Renders a panel webview outside VS Code: the real panel HTML (panels/html.ts, real CSP with
// a nonce) and the real bundles from dist/media, in headless Chromium from file://, with
// `acquireVsCodeApi` stubbed so the page's messages reach a handler in the test, which answers
// like the extension would (replies and pushes). The network is cut off: any request that is
// not a local file fails.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { panelHtml, PANEL_SCRIPTS } from '../../src/extension/panels/html';
import type { HostMessage, PanelKind } from '../../src/shared/webview-protocol';

export const REPO = resolve(__dirname, '..', '..');
export const MEDIA = join(REPO, 'dist', 'media');

export function chromiumPath(): string {
  return process.env.RETAIL_CHROMIUM ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
  });
}

/** Chromium, when it and the panel bundles in dist/media are there; otherwise undefined, and the
 *  tests that need it skip saying so. */
export async function launchChromiumIfReady(): Promise<Browser | undefined> {
  return existsSync(chromiumPath()) && existsSync(join(MEDIA, 'run-history.js')) ? launchChromium() : undefined;
}

/** Refuses every request that is not file:// or data: (so "opens offline" is really tested). */
export async function offline(page: Page, blocked: string[] = []): Promise<void> {
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
}

export interface HarnessPage {
  readonly page: Page;
  /** Messages the page posted, in order. */
  readonly posted: unknown[];
  /** CSP violations reported by the page. */
  readonly violations: string[];
  /** Errors thrown in the page. */
  readonly pageErrors: string[];
  /** Dialogs (alert/confirm/prompt) the page tried to open. */
  readonly dialogs: string[];
  /** Requests to anything but local files. */
  readonly blocked: string[];
  push(msg: HostMessage): Promise<void>;
  close(): Promise<void>;
}

export type Responder = (msg: Record<string, unknown>) => HostMessage[] | Promise<HostMessage[]>;

export async function openPanel(browser: Browser, panel: PanelKind, respond: Responder, opts: { csp?: boolean } = {}): Promise<HarnessPage> {
  const dir = mkdtempSync(join(tmpdir(), 'retail-webview-'));
  const nonce = randomUUID().replace(/-/g, '');
  let html = panelHtml(panel, {
    cspSource: 'file:', nonce,
    scripts: PANEL_SCRIPTS[panel].map((s) => pathToFileURL(join(MEDIA, s)).href),
    styles: [pathToFileURL(join(MEDIA, 'webview.css')).href],
  });
  // Without the CSP the escaping alone must keep hostile data inert (defence in depth).
  if (opts.csp === false) html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const file = join(dir, `${panel}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage();
  const posted: unknown[] = [];
  const violations: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const blocked: string[] = [];
  await offline(page, blocked);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  // Replies travel as one JSON string: Playwright's own serialisation of a large object graph
  // (140 000 task rows) takes minutes, a string does not. VS Code's postMessage clones too.
  await page.exposeFunction('__retailHost', async (msg: Record<string, unknown>) => {
    posted.push(msg);
    return JSON.stringify(await respond(msg));
  });
  // A string, not a function: tsx would compile a function with helpers the page lacks.
  await page.addInitScript(`(() => {
    let state;
    window.acquireVsCodeApi = () => ({
      postMessage(m) {
        window.__retailHost(JSON.parse(JSON.stringify(m))).then((json) => {
          for (const r of JSON.parse(json)) window.dispatchEvent(new MessageEvent('message', { data: r }));
        });
      },
      getState: () => state,
      setState: (s) => { state = s; },
    });
    document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  })();`);
  await page.goto(pathToFileURL(file).href);
  return {
    page, posted, violations, pageErrors, dialogs, blocked,
    push: (msg) => page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(msg)} }))`).then(() => undefined),
    close: async () => { await page.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
