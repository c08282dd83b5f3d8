// The Quality view's read on the Snowflake account: the deployment's GE_VALIDATION_RESULTS
// (its validation procedure writes the same GE shape as the local validation).
import { RESULTS_TABLE } from '../../quality/results-table';
import type { SnowflakeClient } from '../../snowflake/client';
import { quoteIdent } from '../../sql/identifiers';
import { merge, type Json, type LastRow, type SuiteView } from '../quality-view';

/** Where the Snowflake deployment keeps GE_VALIDATION_RESULTS (the deploy config's database and schema). */
export interface SnowflakeResultsLocation {
  readonly database: string;
  readonly schema: string;
}

/**
 * The same view read from the account: QUALIFY keeps each suite's newest row. A results table
 * that does not exist yet (002003: nothing deployed or never validated) gives the defined names.
 */
export async function readSnowflakeQualitySnapshot(client: SnowflakeClient, loc: SnowflakeResultsLocation, definedSuites: readonly string[] = []): Promise<SuiteView[]> {
  const table = [loc.database, loc.schema, RESULTS_TABLE].map((n) => quoteIdent(n.toUpperCase())).join('.');
  let rows: LastRow[] = [];
  try {
    rows = await client.execute<LastRow & Json>(
      `SELECT SUITE_NAME AS "suite", RUN_STATUS AS "status", TO_JSON(RUN_ID) AS "run_id", TO_JSON(RUN_VALIDATION) AS "validation",
       TO_VARCHAR(VALIDATED_AT, 'YYYY-MM-DD HH24:MI:SS') AS "at"
FROM ${table} WHERE SUITE_NAME IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY SUITE_NAME ORDER BY VALIDATED_AT DESC) = 1`,
      { summary: `read the last validation per suite from ${RESULTS_TABLE}` });
  } catch (e) {
    if ((e as { code?: string }).code !== '002003') throw e;
  }
  return merge(rows, definedSuites, '');
}

