// The Vega libraries as one browser script (dist/media/vega.js) that defines
// `globalThis.RetailVega`. The dashboard and chart-preview webviews load it beside their own
// script, and the chart export inlines it, so a chart renders with no network at all.
// Expressions run through vega-interpreter instead of `new Function`, so neither the webviews'
// CSP nor the export's needs 'unsafe-eval'.
// (Dynamic imports because the packages are ES modules and this project compiles as CommonJS;
// esbuild inlines them into the one iife all the same.)
const libs = Promise.all([import('vega-embed'), import('vega-interpreter')]);

import type { RetailVegaApi } from './theme';

const api: RetailVegaApi = {
  async render(el, spec, config) {
    const [{ default: embed }, { expressionInterpreter }] = await libs;
    const result = await embed(el, spec as Parameters<typeof embed>[1], {
      ast: true,
      expr: expressionInterpreter,
      actions: false,
      renderer: 'svg',
      // vega-embed would inject a <style> element, which a strict style-src refuses.
      defaultStyle: false,
      // Same for the tooltip's default stylesheet; webview.css (and the export) style it instead.
      tooltip: { disableDefaultStyle: true },
      ...(config ? { config } : {}),
    });
    return { finalize: () => result.finalize() };
  },
};

(globalThis as unknown as { RetailVega: RetailVegaApi }).RetailVega = api;
