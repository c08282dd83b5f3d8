// Vega-Lite specs of the dashboard charts. Data is inlined (`data.values`), so a spec is
// complete on its own: the webview renders it, the export writes it next to the HTML, and
// anyone can paste it into a Vega editor. The treemap is a Vega spec (treemap-spec.ts): Vega-Lite
// has no hierarchical layout. Colours are not set here: the webview passes a config
// built from VS Code's theme variables, the standalone export a light default (chartConfig).

import { treemapSpec } from './treemap-spec';

export type VlSpec = Record<string, unknown>;
type Rows = readonly Record<string, unknown>[];

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function base(title: string, rows: Rows, extra: VlSpec): VlSpec {
  // The $schema URL is an identifier for editors; nothing loads it.
  return { $schema: SCHEMA, title, data: { values: rows.map((r) => ({ ...r })) }, width: 'container', ...extra };
}

const money = { format: ',.2f' };

export function barSpec(title: string, rows: Rows, o: { category: string; value: string; valueTitle: string; categoryTitle?: string; sort?: boolean; format?: string; tooltip?: string[] }): VlSpec {
  return base(title, rows, {
    height: { step: 22 },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: o.category, type: 'nominal', title: o.categoryTitle ?? null, sort: o.sort === false ? null : '-x' },
      x: { field: o.value, type: 'quantitative', title: o.valueTitle, axis: o.format ? { format: o.format } : {} },
      tooltip: [
        { field: o.category, type: 'nominal' },
        { field: o.value, type: 'quantitative', ...(o.format ? { format: o.format } : {}) },
        ...(o.tooltip ?? []).map((f) => ({ field: f })),
      ],
    },
  });
}

/** Positive vs negative reviews per product, the two bars of a product side by side. */
export function productReviewsSpec(title: string, rows: Rows): VlSpec {
  const kinds = ['Positive', 'Negative'];
  const values = rows.flatMap((r) => [
    { product: r.product, kind: kinds[0], reviews: r.positive_reviews },
    { product: r.product, kind: kinds[1], reviews: r.negative_reviews },
  ]);
  return base(title, values, {
    height: { step: 14 },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      // Data order: the most reviewed product first.
      y: { field: 'product', type: 'nominal', title: null, sort: null },
      yOffset: { field: 'kind', type: 'nominal', sort: kinds },
      x: { field: 'reviews', type: 'quantitative', title: 'Reviews', axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'kind', type: 'nominal', title: null, sort: kinds, scale: { domain: kinds, range: ['#3fa34d', '#d1495b'] } },
      tooltip: [{ field: 'product', type: 'nominal' }, { field: 'kind', type: 'nominal' }, { field: 'reviews', type: 'quantitative' }],
    },
  });
}

/** The charts of the dashboard, by section id. Rows come from queries.ts. */
export const CHART_SPECS: Record<string, (title: string, rows: Rows) => VlSpec> = {
  'top-categories': (t, rows) => barSpec(t, rows, { category: 'category', value: 'total_revenue', valueTitle: 'Revenue', format: money.format }),
  'customer-spending': (t, rows) => base(t, rows, {
    height: 280,
    mark: { type: 'point', filled: true, opacity: 0.7, tooltip: true },
    encoding: {
      x: { field: 'order_count', type: 'quantitative', title: 'Orders' },
      y: { field: 'total_spend', type: 'quantitative', title: 'Total spend', axis: { format: money.format } },
      size: { field: 'avg_order_value', type: 'quantitative', title: 'Average order value' },
      tooltip: [{ field: 'customer', type: 'nominal' }, { field: 'customer_id', type: 'nominal' }, { field: 'order_count', type: 'quantitative' },
        { field: 'total_spend', type: 'quantitative', format: money.format }, { field: 'avg_order_value', type: 'quantitative', format: money.format }],
    },
  }),
  'state-category-treemap': (t, rows) => treemapSpec(t, rows),
  'product-reviews': (t, rows) => productReviewsSpec(t, rows),
  'battery-life': (t, rows) => barSpec(t, rows, { category: 'product', value: 'battery_life_hours', valueTitle: 'Battery life (hours)', sort: false, tooltip: ['spec_value'] }),
  'storage': (t, rows) => barSpec(t, rows, { category: 'product', value: 'storage_gb', valueTitle: 'Storage (GB)', sort: false, tooltip: ['spec_value'] }),
  'revenue-by-category': (t, rows) => barSpec(t, rows, { category: 'category', value: 'revenue', valueTitle: 'Revenue', format: money.format, tooltip: ['orders'] }),
  'order-status': (t, rows) => base(t, rows, {
    height: 220,
    mark: { type: 'arc', innerRadius: 50, tooltip: true },
    encoding: {
      theta: { field: 'orders', type: 'quantitative' },
      color: { field: 'status', type: 'nominal', title: 'Status' },
      tooltip: [{ field: 'status', type: 'nominal' }, { field: 'orders', type: 'quantitative' }],
    },
  }),
  'top-customers': (t, rows) => barSpec(t, rows, { category: 'customer', value: 'total_spend', valueTitle: 'Total spend', format: money.format, tooltip: ['order_count', 'avg_order_value'] }),
  'spend-by-state': (t, rows) => barSpec(t, rows, { category: 'state', value: 'total_spent', valueTitle: 'Total spent', format: money.format, tooltip: ['customers'] }),
  'review-ratings': (t, rows) => base(t, rows, {
    height: 200,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'rating', type: 'ordinal', title: 'Rating' },
      y: { field: 'reviews', type: 'quantitative', title: 'Reviews' },
    },
  }),
  'sentiment': (t, rows) => base(t, rows, {
    height: 200,
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'sentiment', type: 'nominal', title: 'Sentiment', sort: ['Positive', 'Neutral', 'Negative', 'Unknown'] },
      y: { field: 'reviews', type: 'quantitative', title: 'Reviews' },
      color: { field: 'sentiment', type: 'nominal', legend: null, scale: { domain: ['Positive', 'Neutral', 'Negative', 'Unknown'], range: ['#3fa34d', '#9a9a9a', '#d1495b', '#6c757d'] } },
    },
  }),
  'monthly-sales': (t, rows) => base(t, rows, {
    height: 220,
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'order_month', type: 'ordinal', title: 'Month' },
      y: { field: 'revenue', type: 'quantitative', title: 'Revenue', axis: { format: money.format } },
    },
  }),
  'state-category': (t, rows) => base(t, rows, {
    height: { step: 22 },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'category', type: 'nominal', title: 'Category' },
      y: { field: 'state', type: 'nominal', title: 'State' },
      color: { field: 'revenue', type: 'quantitative', title: 'Revenue' },
      tooltip: [{ field: 'state' }, { field: 'category' }, { field: 'revenue', format: money.format }, { field: 'order_count' }],
    },
  }),
  'top-preferences': (t, rows) => topPreferencesSpec(rows, t),
};

/** The "top customer preferences" bar chart: one bar per "type - value", by number of rows. */
export function topPreferencesSpec(rows: Rows, title = 'Top 10 customer preferences'): VlSpec {
  return barSpec(title, rows, { category: 'preference', value: 'count', valueTitle: 'Count', categoryTitle: 'Preference' });
}

/** A light theme for the standalone export (the webview derives its config from VS Code). */
export const STANDALONE_CONFIG: VlSpec = {
  background: '#ffffff',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  bar: { fill: '#4c78a8' },
  axis: { labelLimit: 260 },
};
