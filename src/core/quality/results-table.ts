// GE_VALIDATION_RESULTS: one row per suite run, the shape the original pipeline's
// usp_generateValidationResults wrote and its dashboards read.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createTableSql } from '../load/bronze-writer';
import { table } from '../manifest/tables';
import { ident } from '../sql/identifiers';

export const RESULTS_TABLE = 'GE_VALIDATION_RESULTS';

/** The table as the catalog defines it (VARIANT columns become JSON on DuckDB). */
export function resultsTableDdl(): string {
  return createTableSql(table(RESULTS_TABLE));
}

export interface ResultRow {
  readonly runStatus: boolean;
  readonly runId: { run_name: string; run_time: string };
  readonly runValidation: unknown;
  readonly suiteName: string;
  /** UTC. */
  readonly validatedAt: Date;
}

/**
 * Append rows (creating the table on first use) in one transaction. Takes a connection of its
 * own: the validation task runs beside other steps, and a transaction on a shared connection
 * would capture their statements too.
 */
export async function appendResults(conn: DuckDBConnection, rows: readonly ResultRow[]): Promise<number> {
  await conn.run(resultsTableDdl());
  if (rows.length === 0) return 0;
  const t = ident(RESULTS_TABLE, 'table name');
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const r of rows) {
      await conn.run(
        `INSERT INTO ${t} (run_status, run_id, run_validation, suite_name, validated_at) VALUES (?, CAST(? AS JSON), CAST(? AS JSON), ?, CAST(? AS TIMESTAMP))`,
        [r.runStatus, JSON.stringify(r.runId), JSON.stringify(r.runValidation), r.suiteName, r.validatedAt.toISOString().replace('T', ' ').replace('Z', '')],
      );
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return rows.length;
}
