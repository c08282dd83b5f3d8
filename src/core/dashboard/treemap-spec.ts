// The original dashboard's "State-wise category analysis" treemap (plotly's px.treemap with
// path [state, category]) as a Vega spec: Vega-Lite has no hierarchical layout, Vega's
// stratify + treemap transforms do. The hierarchy (root -> state -> category) is built here
// from the rows, so the spec needs no expression to assemble it; the few expressions it has
// (filters, labels, tooltip) run through vega-interpreter like every other chart.

type Rows = readonly Record<string, unknown>[];

const VEGA_SCHEMA = 'https://vega.github.io/schema/vega/v6.json';

export interface TreemapNode {
  readonly id: string;
  readonly parent: string | null;
  readonly state: string;
  readonly category: string | null;
  readonly revenue: number | null;
}

/** Root, one node per state, one leaf per (state, category) row with its revenue. */
export function treemapNodes(rows: Rows): TreemapNode[] {
  const nodes: TreemapNode[] = [{ id: 'root', parent: null, state: '', category: null, revenue: null }];
  const states = new Set<string>();
  rows.forEach((r, i) => {
    const state = String(r.state);
    if (!states.has(state)) {
      states.add(state);
      nodes.push({ id: `state:${state}`, parent: 'root', state, category: null, revenue: null });
    }
    // The row index keeps ids unique whatever the names contain.
    nodes.push({ id: `leaf:${i}`, parent: `state:${state}`, state, category: String(r.category), revenue: Number(r.total_revenue) });
  });
  return nodes;
}

export function treemapSpec(title: string, rows: Rows): Record<string, unknown> {
  return {
    $schema: VEGA_SCHEMA,
    title: { text: title, anchor: 'start', offset: 10 },
    height: 340,
    // autosize 'none': the padding holds the title, the layout fills width x height exactly.
    padding: { top: 30, left: 2, right: 2, bottom: 2 },
    autosize: 'none',
    // As wide as the figure (less the padding), and again when the window is resized.
    signals: [{ name: 'width', init: 'max(containerSize()[0] - 4, 320)', on: [{ events: 'window:resize', update: 'max(containerSize()[0] - 4, 320)' }] }],
    data: [
      {
        name: 'tree',
        values: treemapNodes(rows),
        transform: [
          { type: 'stratify', key: 'id', parentKey: 'parent' },
          { type: 'treemap', field: 'revenue', sort: { field: 'value', order: 'descending' }, round: true, method: 'squarify', paddingInner: 2, paddingOuter: 0, paddingTop: 16, size: [{ signal: 'width' }, { signal: 'height' }] },
        ],
      },
      { name: 'states', source: 'tree', transform: [{ type: 'filter', expr: 'datum.depth === 1' }] },
      { name: 'leaves', source: 'tree', transform: [{ type: 'filter', expr: 'datum.depth === 2' }] },
    ],
    scales: [{ name: 'color', type: 'ordinal', domain: { data: 'states', field: 'state' }, range: 'category' }],
    marks: [
      {
        type: 'rect', name: 'state-cells', from: { data: 'states' },
        encode: { enter: { x: { field: 'x0' }, y: { field: 'y0' }, x2: { field: 'x1' }, y2: { field: 'y1' }, fill: { scale: 'color', field: 'state' }, fillOpacity: { value: 0.35 } } },
      },
      {
        type: 'text', name: 'state-labels', from: { data: 'states' }, interactive: false,
        encode: { enter: { x: { signal: 'datum.x0 + 4' }, y: { signal: 'datum.y0 + 12' }, text: { field: 'state' }, fontWeight: { value: 'bold' }, fontSize: { value: 11 }, fill: { value: 'currentColor' } } },
      },
      {
        type: 'rect', name: 'leaf-cells', from: { data: 'leaves' },
        encode: {
          enter: {
            x: { field: 'x0' }, y: { field: 'y0' }, x2: { field: 'x1' }, y2: { field: 'y1' },
            fill: { scale: 'color', field: 'state' }, stroke: { value: '#ffffff' }, strokeWidth: { value: 1 },
            tooltip: { signal: "{'State': datum.state, 'Category': datum.category, 'Revenue': format(datum.revenue, ',.2f')}" },
          },
        },
      },
      {
        type: 'text', name: 'leaf-labels', from: { data: 'leaves' }, interactive: false,
        encode: {
          enter: {
            x: { signal: 'datum.x0 + 4' }, y: { signal: 'datum.y0 + 14' }, fontSize: { value: 11 }, fill: { value: '#ffffff' },
            // Only where the cell is big enough to hold a label; the tooltip has the rest.
            text: { signal: "datum.x1 - datum.x0 > 60 && datum.y1 - datum.y0 > 18 ? datum.category : ''" },
            limit: { signal: 'max(datum.x1 - datum.x0 - 8, 0)' },
          },
        },
      },
    ],
  };
}
