// What the Dashboard and Chart Preview panels show, read through the target-agnostic
// DashboardSource: KPIs, one Vega-Lite spec per section, and the sections that could not be
// built because their tables do not exist yet.
import type { ChartId, ChartPreviewData, ChartSection, DashboardData } from '../../shared/webview-protocol';
import type { Dialect } from '../sql/dialect';
import { CHART_QUERIES, KPI_QUERY, missingTables, readKpis, runSection, TOP_PREFERENCES_QUERY, type DashboardSource } from './queries';
import { CHART_SPECS, topPreferencesSpec } from './specs';

export async function loadDashboard(src: DashboardSource, dialect: Dialect = 'duckdb'): Promise<DashboardData> {
  const missing = new Set<string>();
  const kpiMissing = await missingTables(src, KPI_QUERY);
  kpiMissing.forEach((t) => missing.add(t));
  const kpis = kpiMissing.length
    ? { totalRevenue: 0, totalOrders: 0, averageOrderValue: 0, totalProducts: 0 }
    : await readKpis(src, dialect);
  const charts: ChartSection[] = [];
  for (const q of CHART_QUERIES) {
    const gone = await missingTables(src, q);
    if (gone.length) {
      gone.forEach((t) => missing.add(t));
      continue;
    }
    const rows = await runSection(src, q, dialect);
    charts.push({ id: q.id, title: q.title, spec: CHART_SPECS[q.id](q.title, rows), rows: rows.length });
  }
  return { kpis, charts, missing: [...missing].sort() };
}

export const CHART_TITLES: Record<ChartId, string> = {
  'top-preferences': TOP_PREFERENCES_QUERY.title,
};

/** Rows and spec of one exportable chart. */
export async function loadChart(src: DashboardSource, chart: ChartId, dialect: Dialect = 'duckdb'): Promise<ChartPreviewData> {
  switch (chart) {
    case 'top-preferences': {
      const gone = await missingTables(src, TOP_PREFERENCES_QUERY);
      if (gone.length) throw new Error(`${gone.join(', ')} does not exist yet: run the pipeline first (bronze_silver_task builds it)`);
      const rows = await runSection(src, TOP_PREFERENCES_QUERY, dialect);
      return { chart, title: CHART_TITLES[chart], spec: topPreferencesSpec(rows, CHART_TITLES[chart]), rows };
    }
    default:
      throw new Error(`unknown chart ${JSON.stringify(chart)}; expected one of ${Object.keys(CHART_TITLES).join(', ')}`);
  }
}
