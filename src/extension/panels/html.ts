// The HTML shell of every panel webview: an empty #app that the panel's bundled script fills
// (all data arrives later by message and is rendered as text). The CSP allows only our
// stylesheet and the scripts that carry this render's nonce; nothing else loads or runs.
// No `vscode` import: the XSS test renders it in a plain browser.
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

function attr(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // img-src for the data: URIs Vega may use; nothing else (no connect, no frames, no fonts).
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; img-src ${cspSource} data:; font-src ${cspSource}`;
}

export function panelHtml(panel: PanelKind, a: PanelAssets): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(a.nonce)) throw new Error('a panel nonce must be 16+ random characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(a.cspSource, a.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${a.styles.map((s) => `<link rel="stylesheet" href="${attr(s)}">`).join('\n')}
<title>${attr(PANEL_TITLES[panel])}</title>
</head>
<body data-panel="${attr(panel)}">
<div id="app"></div>
${a.scripts.map((s) => `<script nonce="${attr(a.nonce)}" src="${attr(s)}"></script>`).join('\n')}
</body>
</html>
`;
}
