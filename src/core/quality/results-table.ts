// GE_VALIDATION_RESULTS: one row per suite run, the shape the original pipeline's
// usp_generateValidationResults wrote and its dashboards read.
import type { LocalWarehouse } from '../targets/local/warehouse';
import { table } from '../manifest/tables';
import { ident } from '../sql/identifiers';

export const RESULTS_TABLE = 'GE_VALIDATION_RESULTS';

/** DuckDB column types for the catalog's logical types used by this table. */
const DUCKDB_TYPE: Record<string, string> = { BOOLEAN: 'BOOLEAN', VARIANT: 'JSON', VARCHAR: 'VARCHAR', TIMESTAMP: 'TIMESTAMP' };

export function resultsTableDdl(): string {
  const def = table(RESULTS_TABLE);
  const cols = def.columns.map((c) => {
    const t = DUCKDB_TYPE[c.type];
    if (!t) throw new Error(`${RESULTS_TABLE}.${c.name}: no DuckDB type for ${c.type}`);
    return `${ident(c.name, 'column name')} ${t}`;
  });
  return `CREATE TABLE IF NOT EXISTS ${ident(RESULTS_TABLE, 'table name')} (${cols.join(', ')})`;
}

export interface ResultRow {
  readonly runStatus: boolean;
  readonly runId: { run_name: string; run_time: string };
  readonly runValidation: unknown;
  readonly suiteName: string;
  /** UTC. */
  readonly validatedAt: Date;
}

/** Append rows (creating the table on first use) in one transaction. */
export async function appendResults(wh: LocalWarehouse, rows: readonly ResultRow[]): Promise<number> {
  await wh.run(resultsTableDdl());
  if (rows.length === 0) return 0;
  const t = ident(RESULTS_TABLE, 'table name');
  await wh.run('BEGIN TRANSACTION');
  try {
    for (const r of rows) {
      await wh.run(
        `INSERT INTO ${t} (run_status, run_id, run_validation, suite_name, validated_at) VALUES (?, CAST(? AS JSON), CAST(? AS JSON), ?, CAST(? AS TIMESTAMP))`,
        [r.runStatus, JSON.stringify(r.runId), JSON.stringify(r.runValidation), r.suiteName, r.validatedAt.toISOString().replace('T', ' ').replace('Z', '')],
      );
    }
    await wh.run('COMMIT');
  } catch (e) {
    await wh.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return rows.length;
}
