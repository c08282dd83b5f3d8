// export-chart on the Snowflake target: the chart's data comes from the account (the dashboard
// query rendered for Snowflake), the same builder makes the files, and PUT uploads them to the
// stage uncompressed so the HTML opens as it is from a stage URL or after GET.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportChart } from '../../core/dashboard/export';
import type { DashboardSource } from '../../core/dashboard/queries';
import { readVegaBundle } from '../../core/dashboard/standalone';
import { snowflakeLiteral, validateIdentifier } from '../../core/sql/identifiers';
import type { ChartId } from '../../shared/webview-protocol';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import { deployConfigFrom, withConnection } from './snowflake';

/** `fileName`: the HTML's stage file name, as usp_saveChartsToStage(filename) took it in the
 * original (already checked by validateExportFileName; exportChart checks it again). */
export async function exportChartToSnowflake(values: Record<string, unknown>, ctx: CommandContext, chart: ChartId, stageName: string, fileName: string): Promise<number> {
  validateIdentifier(stageName, 'stage name');
  const cfg = deployConfigFrom(values);
  const dir = mkdtempSync(join(tmpdir(), 'retail-chart-'));
  try {
    return await withConnection(values, ctx, async (client) => {
      const src: DashboardSource = {
        query: (sql) => client.execute(sql),
        tableExists: async (name) => {
          const rows = await client.execute<{ N: number }>(`SELECT COUNT(*) AS N FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA() AND TABLE_NAME = ${snowflakeLiteral(name.toUpperCase())}`);
          return Number(rows[0]?.N ?? 0) > 0;
        },
      };
      const result = await exportChart(src, chart, { vegaBundle: readVegaBundle(), dialect: 'snowflake', sourceLabel: `Snowflake database ${cfg.database}`, fileName });
      const out: { name: string; size: number }[] = [];
      for (const f of result.files) {
        const local = join(dir, f.name);
        writeFileSync(local, f.bytes);
        await client.execute(`PUT ${snowflakeLiteral('file://' + local.replace(/\\/g, '/'))} @${stageName.toUpperCase()} AUTO_COMPRESS = FALSE OVERWRITE = TRUE`, { summary: `PUT ${f.name} to @${stageName.toUpperCase()}` });
        out.push({ name: `@${stageName.toUpperCase()}/${f.name}`, size: f.bytes.length });
      }
      ctx.out(formatRows(out, 'table', ['name', 'size']));
      ctx.logger.log('INFO', `exported ${chart}: ${result.rows} rows to @${stageName.toUpperCase()} on Snowflake`);
      return 0;
    }, { warehouse: cfg.warehouse, database: cfg.database, schema: cfg.schema });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
