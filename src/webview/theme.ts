// A Vega config from VS Code's theme: the webview's --vscode-* CSS variables (set by VS Code on
// the page and changed with the theme), so charts follow light, dark and high-contrast themes.
export interface RetailVegaApi {
  render(el: HTMLElement, spec: Record<string, unknown>, config?: Record<string, unknown>): Promise<{ finalize(): void }>;
}

export function vega(): RetailVegaApi {
  const v = (globalThis as unknown as { RetailVega?: RetailVegaApi }).RetailVega;
  if (!v) throw new Error('The chart library (vega.js) did not load');
  return v;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function themeConfig(): Record<string, unknown> {
  const fg = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#333333'));
  const muted = cssVar('--vscode-descriptionForeground', fg);
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#cccccc'));
  const font = cssVar('--vscode-font-family', 'system-ui, sans-serif');
  const palette = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'].map((c, i) =>
    cssVar(`--vscode-charts-${c}`, ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'][i]));
  return {
    background: null,
    font,
    title: { color: fg, font, fontSize: 13, anchor: 'start' },
    axis: { labelColor: muted, titleColor: fg, gridColor: grid, domainColor: grid, tickColor: grid, labelFont: font, titleFont: font, labelLimit: 260 },
    legend: { labelColor: muted, titleColor: fg, labelFont: font, titleFont: font },
    view: { stroke: null },
    range: { category: palette, ramp: [cssVar('--vscode-charts-blue', '#3794ff'), cssVar('--vscode-charts-purple', '#b180d7')] },
    mark: { color: palette[0] },
    bar: { fill: palette[0] },
    arc: { stroke: cssVar('--vscode-editor-background', '#ffffff') },
  };
}

/** Calls `redraw` when VS Code switches theme: it changes the body's class (vscode-light,
 * vscode-dark, vscode-high-contrast) and the --vscode-* variables; charts keep the colours they
 * were drawn with, so they are drawn again. */
export function onThemeChange(redraw: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
