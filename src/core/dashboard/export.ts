// Export of a chart: the standalone HTML (libraries, spec and data inline), the Vega-Lite spec
// as JSON and the chart's data as CSV. The export only makes the files ({name, bytes}); where
// they go is the caller's: the local SOURCE_FILES stage here, a Snowflake PUT elsewhere.
import type { ChartId } from '../../shared/webview-protocol';
// The chart's CSV: the project's one CSV writer (NULL rule in core/csv/write.ts).
import { toCsv } from '../csv/write';
import type { Dialect } from '../sql/dialect';
import type { LocalStage, StageFile } from '../stage/local-stage';
import { loadChart } from './data';
import { DEFAULT_EXPORT_FILE, specFileFor, validateExportFileName } from './export-name';
import type { DashboardSource } from './queries';
import { standaloneChartHtml } from './standalone';

export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The CSV name and columns per chart, as the original's usp_saveChartsToStage wrote them. */
const CHART_CSV: Record<ChartId, { name: string; columns: readonly string[] }> = {
  'top-preferences': { name: 'customer_preference_counts.csv', columns: ['preference', 'count'] },
};

/** The files of an export: the HTML under the user's name (validated; default the original's
 * All_Customer_Pref_Counts.html), the spec beside it, the CSV under the original's name. */
export function exportNames(chart: ChartId, fileName: string = DEFAULT_EXPORT_FILE): { html: string; spec: string; csv: string } {
  const html = validateExportFileName(fileName);
  return { html, spec: specFileFor(html), csv: CHART_CSV[chart].name };
}

export interface ExportOptions {
  readonly vegaBundle: string;
  readonly dialect?: Dialect;
  /** For the subtitle; default now. */
  readonly at?: Date;
  /** e.g. "local warehouse" or a Snowflake account, for the subtitle. */
  readonly sourceLabel?: string;
  /** The HTML file's name (default DEFAULT_EXPORT_FILE); checked by validateExportFileName. */
  readonly fileName?: string;
}

export async function exportChart(src: DashboardSource, chart: ChartId, o: ExportOptions): Promise<{ files: ExportFile[]; rows: number }> {
  const names = exportNames(chart, o.fileName); // a bad name fails before any query
  const data = await loadChart(src, chart, o.dialect);
  const at = (o.at ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const html = standaloneChartHtml({
    title: data.title, spec: data.spec, vegaBundle: o.vegaBundle,
    subtitle: `${data.rows.length} rows${o.sourceLabel ? ` from the ${o.sourceLabel}` : ''}, exported ${at}`,
  });
  const enc = new TextEncoder();
  return {
    rows: data.rows.length,
    files: [
      { name: names.html, bytes: enc.encode(html) },
      { name: names.spec, bytes: enc.encode(JSON.stringify(data.spec, null, 2) + '\n') },
      { name: names.csv, bytes: enc.encode(toCsv(data.rows, CHART_CSV[chart].columns)) },
    ],
  };
}

/** PUT the files into a local stage (atomically each); returns what LIST then shows. */
export function putFiles(stage: LocalStage, files: readonly ExportFile[]): StageFile[] {
  return files.map((f) => stage.put({ name: f.name, data: f.bytes }));
}
