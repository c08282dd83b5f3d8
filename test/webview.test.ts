// The webviews outside VS Code: the message protocol's validation (what the extension accepts
// from a page), the panel HTML's CSP, and every panel rendered in headless Chromium (real panel
// HTML, real bundles from dist/media, acquireVsCodeApi stubbed) with hostile strings in every
// field a user or a data file can control: no script may run, the strings must show as text;
// malformed host messages are ignored. The panels on real run data, at scale and paging are
// test/webview-run-data.test.ts. Screenshots go under test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { contentSecurityPolicy, panelHtml, PANEL_SCRIPTS } from '../src/extension/panels/html';
import { isHostMessage, parseWebviewMessage, type HostMessage } from '../src/shared/webview-protocol';
import { REPO } from './helpers/cli';
import { launchChromiumIfReady, openPanel } from './helpers/webview-harness';
import { hostileResponder, PANELS, PAYLOADS } from './helpers/webview-hostile';

const OUT = join(REPO, 'test-output');

// ---- protocol ----------------------------------------------------------------------------

test('parseWebviewMessage accepts the protocol and nothing else', () => {
  assert.deepEqual(parseWebviewMessage({ kind: 'ready', panel: 'dashboard' }), { kind: 'ready', panel: 'dashboard', state: undefined });
  assert.deepEqual(parseWebviewMessage({ kind: 'request', id: 3, method: 'traces.get', params: { traceId: 'a'.repeat(32) } }),
    { kind: 'request', id: 3, method: 'traces.get', params: { traceId: 'a'.repeat(32) } });
  assert.ok(parseWebviewMessage({ kind: 'request', id: 1, method: 'history.retryFailed', params: { graphRunGroupId: '7f8eebbb-9f3e-4d1b-ba26-9453e01a0510' } }));
  assert.ok(parseWebviewMessage({ kind: 'request', id: 1, method: 'dashboard.load' }), 'params may be omitted');
  const bad: unknown[] = [
    null, 'ready', [], { kind: 'ready', panel: 'nope' }, { kind: 'ready' },
    { kind: 'request', id: 1, method: 'constructor', params: {} },
    { kind: 'request', id: 1, method: '__proto__', params: {} },
    { kind: 'request', id: 1, method: 'workbench.action.terminal.new', params: {} },
    { kind: 'request', id: -1, method: 'dashboard.load', params: {} },
    { kind: 'request', id: 1.5, method: 'dashboard.load', params: {} },
    { kind: 'request', id: '1', method: 'dashboard.load', params: {} },
    { kind: 'request', id: 1, method: 'dashboard.load', params: { sql: 'drop table x' } },
    { kind: 'request', id: 1, method: 'traces.get', params: { traceId: "x' or 1=1 --" } },
    { kind: 'request', id: 1, method: 'history.openSql', params: { task: '../../etc/passwd' } },
    { kind: 'request', id: 1, method: 'history.load', params: { limit: 1e9 } },
    { kind: 'request', id: 1, method: 'chart.export', params: { chart: 'other' } },
    { kind: 'request', id: 1, method: 'history.retryFailed', params: [] },
    { kind: 'reply', id: 1, ok: true, result: {} },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('panel HTML: a nonce-only script policy, only our stylesheet, no inline script or style', () => {
  const nonce = 'abcdef0123456789abcdef0123456789';
  const html = panelHtml('dashboard', { cspSource: 'vscode-resource:', nonce, scripts: ['vscode-resource:/m/vega.js', 'vscode-resource:/m/dashboard.js'], styles: ['vscode-resource:/m/webview.css'] });
  const csp = contentSecurityPolicy('vscode-resource:', nonce);
  assert.ok(html.includes(`content="${csp.replace(/'/g, '&#39;')}"`), 'the policy is in the page, attribute-escaped');
  assert.match(csp, /^default-src 'none'; script-src 'nonce-abcdef0123456789abcdef0123456789'; style-src vscode-resource:;/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  const tags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(tags.length, 2);
  for (const t of tags) {
    assert.match(t[1], new RegExp(`nonce="${nonce}"`));
    assert.equal(t[2], '', 'no inline script body');
  }
  assert.doesNotMatch(html, /<style|style=/);
  assert.throws(() => panelHtml('traces', { cspSource: 'x', nonce: 'short', scripts: [], styles: [] }), /nonce/);
});

test('isHostMessage: pushes must carry the payload shape of their topic', () => {
  assert.ok(isHostMessage({ kind: 'push', topic: 'traces', traces: [] }));
  assert.ok(isHostMessage({ kind: 'push', topic: 'history', data: { tasks: [], runs: [], taskRuns: [] } }));
  assert.ok(isHostMessage({ kind: 'reply', id: 1, ok: true, method: 'dashboard.load', result: {} }));
  assert.ok(isHostMessage({ kind: 'reply', id: 1, ok: false, error: 'x' }));
  for (const m of [
    { kind: 'push', topic: 'traces', traces: 'not a list' }, { kind: 'push', topic: 'history', data: { runs: 1 } },
    { kind: 'push', topic: 'dashboard', data: null }, { kind: 'push', topic: 'chart', data: { chart: 'x', spec: [], rows: [] } },
    { kind: 'push', topic: 'error', message: 5 }, { kind: 'push', topic: 'constructor' }, { kind: 'reply', id: 1, ok: false },
    { kind: 'reply', id: 'x', ok: true }, null, [],
  ]) assert.equal(isHostMessage(m), false, JSON.stringify(m));
});

// ---- hostile data in every panel (the strings: test/helpers/webview-hostile.ts) ----------

let browser: Browser | undefined;

before(async () => {
  browser = await launchChromiumIfReady();
  mkdirSync(OUT, { recursive: true });
});
after(async () => { await browser?.close(); });

for (const csp of [true, false]) {
  for (const panel of PANELS) {
    test(`${panel}: hostile data renders as text, no script runs (${csp ? 'with the CSP' : 'escaping alone, CSP removed'})`, { timeout: 60_000 }, async (t) => {
      if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
      const hp = await openPanel(browser, panel, hostileResponder, { csp });
      try {
        const { page } = hp;
        await page.setViewportSize({ width: 1300, height: 900 });
        // Let the page settle, then go through the interactions that render more data.
        await page.waitForFunction('document.getElementById("app").childElementCount > 0');
        if (panel === 'runHistory') {
          await page.locator('svg.dag .node[data-task="productreview_task"]').click();
          await page.waitForSelector('#error-message');
          for (const tab of ['Grid', 'Gantt']) await page.getByRole('tab', { name: tab }).click();
        }
        if (panel === 'traces') await page.waitForSelector('.span-row');
        if (panel === 'dashboard' || panel === 'chartPreview') await page.waitForSelector('body[data-rendered="true"]');
        if (panel === 'chartPreview') {
          await page.locator('#export').click();
          await page.waitForSelector('.message .error');
        }
        await page.waitForTimeout(300);
        const text = await page.evaluate('document.body.innerText') as string;
        const found = await page.evaluate(`({
          pwned: window.__pwned,
          imgs: document.querySelectorAll('img').length,
          handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
          scripts: document.querySelectorAll('script').length,
        })`) as { pwned: unknown; imgs: number; handlers: number; scripts: number };
        await page.screenshot({ path: join(OUT, `webview-xss-${panel}${csp ? '' : '-nocsp'}.png`), fullPage: true });
        assert.equal(found.pwned, undefined, 'no payload ran');
        assert.deepEqual(hp.dialogs, [], 'no alert');
        assert.equal(found.imgs, 0, 'no <img> element was created from data');
        assert.equal(found.handlers, 0, 'no element carries an on* attribute');
        assert.equal(found.scripts, PANEL_SCRIPTS[panel].length, 'no <script> element was added');
        assert.deepEqual(hp.pageErrors, []);
        assert.deepEqual(hp.violations, [], 'nothing tripped the CSP (so nothing depended on it)');
        assert.deepEqual(hp.blocked, []);
        // The strings are shown as text (HTML panels) or drawn as SVG text (charts).
        if (panel === 'runHistory' || panel === 'traces') assert.ok(text.includes(PAYLOADS[0]) && text.includes(PAYLOADS[1]), 'payloads visible as text');
        else {
          const svgText = await page.evaluate(`[...document.querySelectorAll('svg text')].map((t) => t.textContent).join('\\n')`) as string;
          assert.ok(svgText.includes('<img src=x') || svgText.includes('</script>'), 'payloads drawn as chart text');
        }
        // Requests carried ids and known methods only.
        for (const m of hp.posted) assert.ok(parseWebviewMessage(m), `the page sent a valid message: ${JSON.stringify(m)}`);
      } finally {
        await hp.close();
      }
    });
  }
}

test('a page ignores malformed host messages and keeps showing its data', { timeout: 60_000 }, async (t) => {
  if (!browser) return t.skip('Chromium or the dist/media bundles are missing');
  for (const panel of PANELS) {
    const hp = await openPanel(browser!, panel, hostileResponder);
    try {
      await hp.page.waitForFunction('document.getElementById("app").childElementCount > 0');
      await hp.page.waitForTimeout(300);
      const before1 = await hp.page.evaluate('document.body.innerText.length') as number;
      for (const m of [{ kind: 'push', topic: 'traces', traces: 'not a list' }, { kind: 'push', topic: 'history', data: { tasks: 1 } },
        { kind: 'push', topic: 'dashboard', data: { kpis: {}, charts: 'x', missing: [] } }, { kind: 'push', topic: 'chart', data: {} },
        { kind: 'push', topic: 'live', states: null }, { kind: 'reply', id: 99999, ok: true, result: 1 }]) {
        await hp.push(m as unknown as HostMessage);
      }
      await hp.page.waitForTimeout(200);
      assert.deepEqual(hp.pageErrors, [], panel);
      assert.ok(await hp.page.evaluate('document.body.innerText.length') as number >= before1 * 0.9, `${panel} still shows its data`);
    } finally {
      await hp.close();
    }
  }
});
