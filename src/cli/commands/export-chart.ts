// `retail-pipeline export-chart`: the standalone chart HTML (opens offline; its name from --file,
// default the original's All_Customer_Pref_Counts.html), its Vega-Lite spec and its data as CSV
// (preference,count), PUT into a stage (SOURCE_FILES by default): the local stage, or with
// --connection NAME the Snowflake stage (data read from the account, PUT AUTO_COMPRESS = FALSE).
import { CHARTS, type ChartId } from '../../shared/webview-protocol';
import { exportChart, putFiles } from '../../core/dashboard/export';
import { DEFAULT_EXPORT_FILE, exportFileNameProblem } from '../../core/dashboard/export-name';
import { readVegaBundle } from '../../core/dashboard/standalone';
import { LocalStage } from '../../core/stage/local-stage';
import { parse, UsageError } from '../args';
import { LocalWarehouse } from '../../core/targets/local/warehouse';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import { exportChartToSnowflake } from './export-chart-snowflake';
import { LOCATION_OPTIONS } from './snowflake';

/** The warehouse for reading, or why it cannot be opened (a run holds the DuckDB file). */
async function openForReading(workspace: string): Promise<LocalWarehouse> {
  try {
    return await LocalWarehouse.open(workspace);
  } catch (e) {
    // DuckDB lets one process write the file; a run in progress holds it.
    throw new Error(`cannot open the warehouse of ${workspace}: ${(e as Error).message.split('\n')[0]} (is a run in progress? see .retail/run.lock)`);
  }
}

export const exportChartCommand = {
  name: 'export-chart',
  summary: `export-chart [--chart ${CHARTS.join('|')}] [--file ${DEFAULT_EXPORT_FILE}] [--stage SOURCE_FILES] [--connection NAME]  write a standalone chart HTML (named by --file), its spec and CSV to a stage (local, or Snowflake's with --connection)`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parse(argv, { chart: { type: 'string' }, file: { type: 'string' }, stage: { type: 'string' }, ...LOCATION_OPTIONS });
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const chart = String(values.chart ?? 'top-preferences');
    if (!(CHARTS as readonly string[]).includes(chart)) throw new UsageError(`--chart expects one of ${CHARTS.join(', ')}, got ${JSON.stringify(chart)}`);
    const fileName = String(values.file ?? DEFAULT_EXPORT_FILE);
    const problem = exportFileNameProblem(fileName);
    if (problem) throw new UsageError(`--file: ${problem}`);
    const workspace = ctx.workspace(values);
    const stageName = String(values.stage ?? 'SOURCE_FILES').replace(/^@/, '');
    if (values.connection) return exportChartToSnowflake(values, ctx, chart as ChartId, stageName, fileName);
    const stage = new LocalStage(workspace, stageName); // validates the stage name
    const vegaBundle = readVegaBundle();
    const wh = await openForReading(workspace);
    let result;
    try {
      result = await exportChart(wh, chart as ChartId, { vegaBundle, sourceLabel: 'local warehouse', fileName });
    } finally {
      wh.close();
    }
    const written = putFiles(stage, result.files);
    ctx.out(formatRows(written.map((f) => ({ name: `@${stage.stage.toUpperCase()}/${f.name}`, size: f.size })), 'table', ['name', 'size']));
    ctx.logger.log('INFO', `exported ${chart}: ${result.rows} rows to @${stage.stage.toUpperCase()}`);
    return 0;
  },
};
