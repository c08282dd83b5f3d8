// Export of a chart: the standalone HTML (libraries, spec and data inline), the Vega-Lite spec
// as JSON and the chart's data as CSV. The export only makes the files ({name, bytes}); where
// they go is the caller's: the local SOURCE_FILES stage here, a Snowflake PUT elsewhere.
import type { ChartId } from '../../shared/webview-protocol';
import type { Dialect } from '../sql/dialect';
import type { LocalStage, StageFile } from '../stage/local-stage';
import { loadChart } from './data';
import type { DashboardSource } from './queries';
import { standaloneChartHtml } from './standalone';

export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** File names per chart: the CSV keeps the name users of the original pipeline know. */
export const EXPORT_NAMES: Record<ChartId, { html: string; spec: string; csv: string }> = {
  'top-preferences': { html: 'top_customer_preferences.html', spec: 'top_customer_preferences.vl.json', csv: 'customer_preference_counts.csv' },
};

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n') + '\n';
}

export interface ExportOptions {
  readonly vegaBundle: string;
  readonly dialect?: Dialect;
  /** For the subtitle; default now. */
  readonly at?: Date;
  /** e.g. "local warehouse" or a Snowflake account, for the subtitle. */
  readonly sourceLabel?: string;
}

export async function exportChart(src: DashboardSource, chart: ChartId, o: ExportOptions): Promise<{ files: ExportFile[]; rows: number }> {
  const data = await loadChart(src, chart, o.dialect);
  const names = EXPORT_NAMES[chart];
  const at = (o.at ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const html = standaloneChartHtml({
    title: data.title, spec: data.spec, vegaBundle: o.vegaBundle,
    subtitle: `${data.rows.length} rows${o.sourceLabel ? ` from the ${o.sourceLabel}` : ''}, exported ${at}`,
  });
  const columns = data.rows.length ? Object.keys(data.rows[0]) : ['pref_type', 'pref_value', 'preference', 'customers'];
  const enc = new TextEncoder();
  return {
    rows: data.rows.length,
    files: [
      { name: names.html, bytes: enc.encode(html) },
      { name: names.spec, bytes: enc.encode(JSON.stringify(data.spec, null, 2) + '\n') },
      { name: names.csv, bytes: enc.encode(toCsv(data.rows, columns)) },
    ],
  };
}

/** PUT the files into a local stage (atomically each); returns what LIST then shows. */
export function putFiles(stage: LocalStage, files: readonly ExportFile[]): StageFile[] {
  return files.map((f) => stage.put({ name: f.name, data: f.bytes }));
}
