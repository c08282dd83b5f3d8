// Chart Preview webview: the "top customer preferences" bar chart and its rows, and "Export to
// stage", which asks the host to write the standalone HTML, the spec and the CSV to the stage.
import type { ChartPreviewData } from '../shared/webview-protocol';
import { clear, fmtNumber, h, request, showError, valueText } from './common';
import { connectDataPanel } from './data-panel';
import { themeConfig, vega } from './theme';

const app = document.getElementById('app')!;
const message = h('div', { class: 'message' });
const chart = h('div', { class: 'chart-body', id: 'chart' });
const table = h('div', { class: 'chart-rows', id: 'rows' });
const title = h('h1', {}, 'Chart Preview');
let current: ChartPreviewData | undefined;
let view: { finalize(): void } | undefined;

const exportButton = h('button', { id: 'export', onclick: () => void exportChart() }, 'Export to stage');
app.append(h('header', {}, title, exportButton, h('button', { class: 'secondary', onclick: () => void reload() }, 'Refresh')), message, h('figure', { class: 'chart' }, chart), table);

async function show(d: ChartPreviewData): Promise<void> {
  current = d;
  title.textContent = d.title;
  clear(table);
  const cols = d.rows.length ? Object.keys(d.rows[0]) : [];
  table.append(h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...d.rows.map((r) => h('tr', {}, ...cols.map((c) => h('td', {}, typeof r[c] === 'number' ? fmtNumber(r[c] as number) : valueText(r[c]))))))));
  view?.finalize();
  clear(chart);
  try {
    view = await vega().render(chart, d.spec, themeConfig());
    document.body.setAttribute('data-rendered', 'true');
  } catch (e) {
    showError(chart, (e as Error).message);
  }
}

async function exportChart(): Promise<void> {
  if (!current) return;
  exportButton.disabled = true;
  try {
    const r = await request('chart.export', { chart: current.chart });
    clear(message);
    message.append(h('div', { class: 'note', id: 'export-result' }, `Exported to @${r.stage}: `, r.files.map((f) => `${f.name} (${fmtNumber(f.size)} bytes)`).join(', ')));
  } catch (e) {
    showError(message, (e as Error).message);
  } finally {
    exportButton.disabled = false;
  }
}

const reload = connectDataPanel({
  panel: 'chartPreview', topic: 'chart', message, show, current: () => current,
  load: () => request('chart.load', { chart: current?.chart ?? 'top-preferences' }),
});
