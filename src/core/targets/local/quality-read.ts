// The Quality view's read on the local warehouse: the newest GE_VALIDATION_RESULTS row of each
// suite, read in one query while the warehouse is briefly open.
import { RESULTS_TABLE } from '../../quality/results-table';
import { ident } from '../../sql/identifiers';
import { merge, type Json, type LastRow, type SuiteView } from '../quality-view';
import type { LocalWarehouse } from './warehouse';

/**
 * The last validation of every suite in the results table (by validated_at, then insertion
 * order), merged with the suite names defined in sql/quality/ so never-run suites show too.
 * Sorted by name. A warehouse without GE_VALIDATION_RESULTS gives only the defined names.
 */
export async function readQualitySnapshot(wh: LocalWarehouse, definedSuites: readonly string[] = []): Promise<SuiteView[]> {
  let rows: LastRow[] = [];
  if (await wh.tableExists(RESULTS_TABLE)) {
    rows = await wh.query<LastRow & Json>(
      `select suite_name as suite, run_status as status, run_id::varchar as run_id, run_validation::varchar as validation,
              strftime(validated_at, '%Y-%m-%d %H:%M:%S') as at
       from (select *, row_number() over (partition by suite_name order by validated_at desc nulls last, rowid desc) as rn
             from ${ident(RESULTS_TABLE, 'table name')} where suite_name is not null)
       where rn = 1`);
  }
  return merge(rows, definedSuites, 'UTC');
}

