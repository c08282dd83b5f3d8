// The one page head (src/shared/html-page.ts) of the three pages the project writes: the panel
// webviews, the table preview and the standalone chart export. Each keeps its own policy; all
// three start the same way, with the policy before anything that loads, and escape what they
// put in the markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standaloneChartHtml } from '../src/core/dashboard/standalone';
import { panelHtml } from '../src/extension/panels/html';
import { previewHtml } from '../src/extension/preview-html';
import { checkNonce, escapeHtml, pageHead } from '../src/shared/html-page';

const NONCE = '0123456789abcdef0123456789abcdef';
const EVIL = '</title><script>alert(1)</script>"\'&';

function pages(): Record<string, string> {
  return {
    panel: panelHtml('dashboard', { cspSource: 'vscode-resource:', nonce: NONCE, scripts: ['vscode-resource:/m/dashboard.js'], styles: ['vscode-resource:/m/webview.css'] }),
    preview: previewHtml({ table: EVIL, columns: [{ name: 'a', type: 'VARCHAR' }], rows: [{ a: EVIL }], total: 1, limit: 10 }, { cspSource: 'vscode-resource:', nonce: NONCE, styleUri: 'vscode-resource:/m/preview.css' }),
    standalone: standaloneChartHtml({ title: EVIL, spec: { mark: 'bar' }, vegaBundle: 'void 0;' }),
  };
}

test('every page starts with the same head: charset, then the page\'s own CSP, before any stylesheet or script', () => {
  for (const [name, html] of Object.entries(pages())) {
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;'), name);
    const head = html.slice(0, html.indexOf('</head>'));
    assert.equal((head.match(/Content-Security-Policy/g) ?? []).length, 1, name);
    assert.ok(!/<script/i.test(head), `${name}: no script in the head`);
    assert.doesNotMatch(html, /unsafe-eval/, name);
  }
});

test('titles and values are escaped: markup in a table name or a chart title stays text', () => {
  const { preview, standalone } = pages();
  for (const html of [preview, standalone]) {
    assert.ok(html.includes(`<title>${escapeHtml(EVIL)}</title>`));
    assert.ok(!html.includes('<script>alert(1)</script>'));
  }
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('nonces and body attributes are checked', () => {
  assert.throws(() => checkNonce('short'), /16\+ random characters/);
  assert.throws(() => checkNonce(`${NONCE}" onload="x`), /16\+ random characters/);
  assert.throws(() => previewHtml({ table: 't', columns: [], rows: [], total: 0, limit: 1 }, { cspSource: 'x', nonce: 'abc', styleUri: 'x' }), /nonce/);
  assert.throws(() => pageHead({ csp: "default-src 'none'", title: 't', bodyAttributes: { onload: 'x' } }), /not allowed/);
  assert.match(pageHead({ csp: "default-src 'none'", title: 't', bodyAttributes: { 'data-panel': '"x' } }), /<body data-panel="&quot;x">/);
  assert.match(pageHead({ csp: "default-src 'none'", title: 't', inlineStyle: 'a{}</style><script>' }), /<style>a\{\}<\\\/style><script><\/style>/);
});
