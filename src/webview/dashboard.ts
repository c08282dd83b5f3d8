// Dashboard webview: the KPIs and the charts of the original Streamlit dashboard, drawn by the
// bundled Vega (dist/media/vega.js, loaded beside this script) with VS Code's theme colours.
import type { DashboardData } from '../shared/webview-protocol';
import { clear, fmtNumber, h, onPush, ready, request, showError } from './common';
import { onThemeChange, themeConfig, vega } from './theme';

const app = document.getElementById('app')!;
const message = h('div', { class: 'message' });
const kpis = h('section', { class: 'kpis', id: 'kpis' });
const charts = h('section', { class: 'charts', id: 'charts' });
let views: { finalize(): void }[] = [];
let current: DashboardData | undefined;

app.append(h('header', {}, h('h1', {}, 'Retail Dashboard'), h('button', { class: 'secondary', onclick: () => void reload() }, 'Refresh')), message, kpis, charts);

function kpi(label: string, value: string, id: string): HTMLElement {
  return h('div', { class: 'kpi', id }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value));
}

async function show(d: DashboardData): Promise<void> {
  current = d;
  clear(message);
  if (d.missing.length) message.append(h('div', { class: 'note' }, `Not built yet: ${d.missing.join(', ')}. Run the pipeline to fill every section.`));
  clear(kpis);
  kpis.append(
    kpi('Total revenue', `$${fmtNumber(d.kpis.totalRevenue, 2)}`, 'kpi-revenue'),
    kpi('Total orders', fmtNumber(d.kpis.totalOrders), 'kpi-orders'),
    kpi('Average order value', `$${fmtNumber(d.kpis.averageOrderValue, 2)}`, 'kpi-aov'),
    kpi('Total products', fmtNumber(d.kpis.totalProducts), 'kpi-products'));
  for (const v of views) v.finalize();
  views = [];
  clear(charts);
  const config = themeConfig();
  await Promise.all(d.charts.map(async (c) => {
    const target = h('div', { class: 'chart-body' });
    charts.append(h('figure', { class: 'chart', 'data-chart': c.id }, target));
    try {
      views.push(await vega().render(target, c.spec, config));
      target.parentElement!.setAttribute('data-rendered', 'true');
    } catch (e) {
      showError(target, `${c.title}: ${(e as Error).message}`);
    }
  }));
  document.body.setAttribute('data-rendered', 'true');
}

async function reload(): Promise<void> {
  try {
    await show(await request('dashboard.load', {}));
  } catch (e) {
    showError(message, (e as Error).message);
  }
}

onPush((p) => {
  if (p.topic === 'dashboard') void show(p.data);
  else if (p.topic === 'error') showError(message, p.message);
});

onThemeChange(() => { if (current) void show(current); });
ready('dashboard');
