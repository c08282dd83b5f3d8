// A chart as one self-contained HTML file: the Vega libraries, the Vega-Lite spec and its data
// all inline, so it opens from a stage download, an e-mail or a file:// URL with no network.
// Data never passes through HTML parsing as markup: the spec sits in a JSON <script> block
// with every '<', '>', '&' and line separator escaped as \uXXXX (it cannot close the block),
// and the text around it is HTML-escaped. The file's own CSP allows exactly its three inline
// scripts by hash, so even a spec that somehow closed its block could not run a script.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { escapeHtml, pageHead } from '../../shared/html-page';
import { STANDALONE_CONFIG, type VlSpec } from './specs';

export const VEGA_BUNDLE = 'vega.js';

/** JSON that is safe inside <script>: no '<', '>' or '&' (so no "</script>" or "<!--"), and no
 * U+2028/U+2029 (line terminators for old JavaScript parsers). JSON.parse reads it unchanged. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Finds dist/media/<name>: beside the running bundle (dist/cli.js, dist/extension.js) or, when
 * run from the sources (tests, tsx), in the dist/ of the package root above. */
export function mediaFile(name: string, from = __dirname): string {
  const candidates: string[] = [join(from, 'media', name)];
  for (let dir = from; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'dist', 'media', name));
    if (dirname(dir) === dir) break;
  }
  const hit = candidates.find((p) => existsSync(p));
  if (!hit) throw new Error(`${name} not found next to ${from} or in a dist/media/ above it: build the project first (node scripts/build.mjs)`);
  return hit;
}

export function readVegaBundle(): string {
  const src = readFileSync(mediaFile(VEGA_BUNDLE), 'utf8');
  // esbuild escapes "</script" inside strings; make sure, since the file is inlined as is.
  if (/<\/script|<!--/i.test(src)) throw new Error(`${VEGA_BUNDLE} contains "</script" or "<!--" and cannot be inlined safely`);
  return src;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface StandaloneOptions {
  readonly title: string;
  readonly spec: VlSpec;
  /** The text of dist/media/vega.js (readVegaBundle()). */
  readonly vegaBundle: string;
  /** Shown under the title, e.g. where the data came from. */
  readonly subtitle?: string;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}p.sub{color:#59636e;margin:0 0 16px;font-size:13px}#chart{max-width:960px}
#error{color:#b42318;white-space:pre-wrap}
#vg-tooltip-element{visibility:hidden;position:fixed;z-index:1000;padding:6px 8px;border:1px solid #d9d9d9;border-radius:3px;background:#fff;font-size:12px;white-space:pre-line}
#vg-tooltip-element.visible{visibility:visible}#vg-tooltip-element td.key{color:#808080;text-align:right;padding-right:4px}`;

export function standaloneChartHtml(o: StandaloneOptions): string {
  const specJson = scriptSafeJson(o.spec);
  const configJson = scriptSafeJson(STANDALONE_CONFIG);
  // Reads the JSON blocks as text (never as markup) and renders; errors show as text.
  const boot = `(function(){var s=JSON.parse(document.getElementById('chart-spec').textContent);` +
    `var c=JSON.parse(document.getElementById('chart-config').textContent);` +
    `RetailVega.render(document.getElementById('chart'),s,c).then(function(){document.body.setAttribute('data-rendered','true')},` +
    `function(e){document.getElementById('error').textContent=String(e&&e.message||e)})})();`;
  const csp = `default-src 'none'; script-src ${sha256(o.vegaBundle)} ${sha256(boot)}; style-src 'unsafe-inline'; img-src data:`;
  return `${pageHead({ csp, title: o.title, inlineStyle: STYLE })}<h1>${escapeHtml(o.title)}</h1>
${o.subtitle ? `<p class="sub">${escapeHtml(o.subtitle)}</p>\n` : ''}<div id="chart"></div>
<div id="error"></div>
<script type="application/json" id="chart-spec">${specJson}</script>
<script type="application/json" id="chart-config">${configJson}</script>
<script>${o.vegaBundle}</script>
<script>${boot}</script>
</body>
</html>
`;
}
