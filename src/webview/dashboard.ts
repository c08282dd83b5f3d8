// Dashboard webview: every section of the original Streamlit dashboard in its order (key
// business metrics, sales, customers, products, battery and storage specifications, top
// customer preferences, the export box), then the charts this project adds. Charts are drawn by
// the bundled Vega (dist/media/vega.js, loaded beside this script) with VS Code's theme colours;
// tables and lists are built as text nodes only.
import type { ChartSection, DashboardData, SectionGroup } from '../shared/webview-protocol';
import { clear, fmtNumber, h, request, showError } from './common';
import { connectDataPanel } from './data-panel';
import { exportBox } from './dashboard-export';
import { productSpecifications, topProductsTable } from './dashboard-products';
import { themeConfig, vega } from './theme';

const app = document.getElementById('app')!;
const message = h('div', { class: 'message' });
const kpis = h('div', { class: 'kpis', id: 'kpis' });
const updated = h('footer', { class: 'summary', id: 'last-updated' });
let views: { finalize(): void }[] = [];
let current: DashboardData | undefined;

/** A page section: its heading and a body that show() refills. */
function section(id: string, title: string, ...body: HTMLElement[]): HTMLElement {
  return h('section', { class: 'dash-section', id: `section-${id}` }, h('h2', {}, title), ...body);
}

const chartGrid = (group: SectionGroup) => h('div', { class: 'charts', 'data-group': group });
const groups: Record<SectionGroup, HTMLElement> = {
  sales: chartGrid('sales'), customers: chartGrid('customers'), products: chartGrid('products'),
  specifications: chartGrid('specifications'), preferences: chartGrid('preferences'), more: chartGrid('more'),
};
const topProducts = h('div', { class: 'table-wrap' });
const specs = h('div', {});

app.append(
  h('header', {}, h('h1', {}, 'Retail Analytics Dashboard'), h('button', { class: 'secondary', onclick: () => void reload() }, 'Refresh')),
  message,
  section('kpis', 'Key Business Metrics', kpis),
  section('sales', 'Sales Analysis', groups.sales),
  section('customers', 'Customer Insights', groups.customers),
  section('products', 'Product Performance', h('h3', {}, 'Top Selling Products'), topProducts,
    h('h3', {}, 'Product Reviews Analysis'), groups.products, h('h3', {}, 'Product Specifications'), specs),
  section('specifications', 'Battery and Storage Specifications', groups.specifications),
  section('preferences', 'Top Customer Preferences', groups.preferences),
  section('export', 'Export Top Customer Preferences to HTML', exportBox()),
  section('more', 'More Charts', groups.more),
  updated,
);

/** Why a chart has nothing to draw, when its tables exist but hold no rows for it. */
const EMPTY: Record<string, string> = {
  'battery-life': 'No product in SILVER_PRODUCTS has a "Battery Life" specification with a number.',
  'storage': 'No product in SILVER_PRODUCTS has a "Storage" specification with a number.',
};

function kpi(label: string, value: string, id: string): HTMLElement {
  return h('div', { class: 'kpi', id }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value));
}

async function drawChart(c: ChartSection, config: Record<string, unknown>): Promise<void> {
  const target = h('div', { class: 'chart-body' });
  const figure = h('figure', { class: 'chart', 'data-chart': c.id }, target);
  (groups[c.group] ?? groups.more).append(figure);
  if (!c.rows) {
    figure.setAttribute('data-empty', 'true');
    target.append(h('div', { class: 'chart-title' }, c.title), h('div', { class: 'note' }, EMPTY[c.id] ?? 'No rows yet.'));
    return;
  }
  try {
    views.push(await vega().render(target, c.spec, config));
    figure.setAttribute('data-rendered', 'true');
  } catch (e) {
    showError(target, `${c.title}: ${(e as Error).message}`);
  }
}

async function show(d: DashboardData): Promise<void> {
  current = d;
  clear(message);
  if (d.missing.length) message.append(h('div', { class: 'note' }, `Not built yet: ${d.missing.join(', ')}. Run the pipeline to fill every section.`));
  clear(kpis);
  kpis.append(
    kpi('Total Revenue', `$${fmtNumber(d.kpis.totalRevenue, 2)}`, 'kpi-revenue'),
    kpi('Total Orders', fmtNumber(d.kpis.totalOrders), 'kpi-orders'),
    kpi('Average Order Value', `$${fmtNumber(d.kpis.averageOrderValue, 2)}`, 'kpi-aov'),
    kpi('Total Products', fmtNumber(d.kpis.totalProducts), 'kpi-products'));
  clear(topProducts);
  topProducts.append(d.topProducts ? topProductsTable(d.topProducts) : h('div', { class: 'note' }, 'ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE is not built yet.'));
  clear(specs);
  specs.append(d.productReviews ? productSpecifications(d.productReviews) : h('div', { class: 'note' }, 'GOLD_PRODUCT_REVIEWS_ANALYTICS is not built yet.'));
  for (const v of views) v.finalize();
  views = [];
  for (const g of Object.values(groups)) clear(g);
  const config = themeConfig();
  // Appended in the host's order first (so the page order is stable), drawn together.
  await Promise.all(d.charts.map((c) => drawChart(c, config)));
  updated.textContent = `Dashboard last updated: ${new Date().toLocaleString('en-US')}`;
  document.body.setAttribute('data-rendered', 'true');
}

const reload = connectDataPanel({ panel: 'dashboard', topic: 'dashboard', message, show, current: () => current, load: () => request('dashboard.load', {}) });
