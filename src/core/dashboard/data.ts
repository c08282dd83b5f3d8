// What the Dashboard and Chart Preview panels show, read through the target-agnostic
// DashboardSource: KPIs, one chart spec per section, the top-products and product-reviews
// tables, and the tables not built yet (their sections are left out).
import type { ChartId, ChartPreviewData, ChartSection, DashboardData } from '../../shared/webview-protocol';
import type { Dialect } from '../sql/dialect';
import { PRODUCT_REVIEWS_QUERY, TOP_PRODUCTS_QUERY, toProductReviews, toTopProducts } from './product-queries';
import { CHART_QUERIES, KPI_QUERY, kpisFromRow, missingTables, runSection, TOP_PREFERENCES_QUERY, type DashboardSource, type SectionQuery } from './queries';
import { CHART_SPECS, topPreferencesSpec } from './specs';

export async function loadDashboard(src: DashboardSource, dialect: Dialect = 'duckdb'): Promise<DashboardData> {
  const missing = new Set<string>();
  /** The section's rows, or undefined (its tables noted as missing) when it cannot be built yet. */
  const read = async (q: SectionQuery): Promise<Record<string, unknown>[] | undefined> => {
    const gone = await missingTables(src, q);
    gone.forEach((t) => missing.add(t));
    return gone.length ? undefined : runSection(src, q, dialect);
  };
  const kpiRows = await read(KPI_QUERY);
  const kpis = kpiRows ? kpisFromRow(kpiRows[0]) : { totalRevenue: 0, totalOrders: 0, averageOrderValue: 0, totalProducts: 0 };
  const charts: ChartSection[] = [];
  let reviewRows: Record<string, unknown>[] | undefined;
  for (const q of CHART_QUERIES) {
    const rows = await read(q);
    if (!rows) continue;
    if (q.id === PRODUCT_REVIEWS_QUERY.id) reviewRows = rows; // also the specifications list
    charts.push({ id: q.id, title: q.title, group: q.group, spec: CHART_SPECS[q.id](q.title, rows), rows: rows.length });
  }
  const topProducts = await read(TOP_PRODUCTS_QUERY);
  return {
    kpis,
    charts,
    topProducts: topProducts ? toTopProducts(topProducts) : null,
    productReviews: reviewRows ? toProductReviews(reviewRows) : null,
    missing: [...missing].sort(),
  };
}

export const CHART_TITLES: Record<ChartId, string> = {
  'top-preferences': TOP_PREFERENCES_QUERY.title,
};

/** Rows and spec of one exportable chart. */
export async function loadChart(src: DashboardSource, chart: ChartId, dialect: Dialect = 'duckdb'): Promise<ChartPreviewData> {
  switch (chart) {
    case 'top-preferences': {
      const gone = await missingTables(src, TOP_PREFERENCES_QUERY);
      if (gone.length) throw new Error(`${gone.join(', ')} does not exist yet: run the pipeline first (customer_preferences_task loads it)`);
      const rows = await runSection(src, TOP_PREFERENCES_QUERY, dialect);
      return { chart, title: CHART_TITLES[chart], spec: topPreferencesSpec(rows, CHART_TITLES[chart]), rows };
    }
    default:
      throw new Error(`unknown chart ${JSON.stringify(chart)}; expected one of ${Object.keys(CHART_TITLES).join(', ')}`);
  }
}
