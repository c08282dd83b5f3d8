// The HTML shell of every panel webview: an empty #app that the panel's bundled script fills
// (all data arrives later by message and is rendered as text). The CSP allows only our
// stylesheet and the scripts that carry this render's nonce; nothing else loads or runs. The
// head (CSP, escaping) is the one every page shares: shared/html-page.ts.
// No `vscode` import: the XSS test renders it in a plain browser.
import { checkNonce, escapeHtml, pageHead } from '../../shared/html-page';
import type { PanelKind } from '../../shared/webview-protocol';

export interface PanelAssets {
  /** webview.cspSource */
  readonly cspSource: string;
  /** A fresh random nonce per render. */
  readonly nonce: string;
  /** URIs (already webview URIs) of the scripts, in load order. */
  readonly scripts: readonly string[];
  readonly styles: readonly string[];
}

export const PANEL_SCRIPTS: Record<PanelKind, readonly string[]> = {
  runHistory: ['run-history.js'],
  traces: ['traces.js'],
  dashboard: ['vega.js', 'dashboard.js'],
  chartPreview: ['vega.js', 'chart-preview.js'],
};

export const PANEL_TITLES: Record<PanelKind, string> = {
  runHistory: 'Run History',
  traces: 'Traces',
  dashboard: 'Retail Dashboard',
  chartPreview: 'Chart Preview',
};

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // img-src for the data: URIs Vega may use; nothing else (no connect, no frames, no fonts).
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; img-src ${cspSource} data:; font-src ${cspSource}`;
}

export function panelHtml(panel: PanelKind, a: PanelAssets): string {
  const nonce = checkNonce(a.nonce);
  return `${pageHead({ csp: contentSecurityPolicy(a.cspSource, nonce), title: PANEL_TITLES[panel], stylesheets: a.styles, bodyAttributes: { 'data-panel': panel } })}<div id="app"></div>
${a.scripts.map((s) => `<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(s)}"></script>`).join('\n')}
</body>
</html>
`;
}
