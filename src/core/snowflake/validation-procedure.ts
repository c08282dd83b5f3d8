// usp_generateValidationResults on Snowflake: the same suites (sql/quality/) and the same
// expectation SQL as the local target (src/core/quality, rendered for Snowflake), run by a
// Snowflake Scripting procedure. Each suite is one INSERT … SELECT that computes every
// expectation's metrics and builds Great Expectations' result shape with OBJECT_CONSTRUCT, so
// the results land in GE_VALIDATION_RESULTS without leaving the warehouse.
import { findTable } from '../manifest';
import { loadSuites, renderExpectation, type Suite } from '../quality';
import { PARTIAL_LIST_SIZE } from '../quality/expectations';
import { snowflakeLiteral } from '../sql/identifiers';
import { EVENT_ATTRS_DECLARATION, procedureEnding, taskStartedEvent } from './task-events';

/** The layers the validation task checks: it runs after bronze_silver, beside silver_gold. */
export const VALIDATED_LAYERS = ['BRONZE', 'SILVER'];

function expectationRow(suite: Suite, i: number): string {
  const e = suite.expectations[i];
  const r = renderExpectation(e.expectation_type, e.kwargs, { table: suite.table, rowLimit: suite.rowLimit }, 'snowflake');
  const config = snowflakeLiteral(JSON.stringify({ expectation_type: e.expectation_type, kwargs: e.kwargs }));
  if (r.kind === 'aggregate') {
    return `SELECT ${i} AS idx, m.success AS success, OBJECT_CONSTRUCT_KEEP_NULL(
      'success', m.success, 'expectation_config', PARSE_JSON(${config}),
      'result', OBJECT_CONSTRUCT_KEEP_NULL('observed_value', m.observed_value, 'element_count', m.element_count, 'missing_count', m.missing_count,
        'unexpected_count', NULL, 'unexpected_percent', NULL, 'partial_unexpected_list', ARRAY_CONSTRUCT()),
      'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
    FROM (${r.metrics}) AS m`;
  }
  const mostly = typeof e.kwargs.mostly === 'number' ? e.kwargs.mostly : 1;
  // not_be_null judges every row; the others judge only non-null values (GE's rule).
  const judged = r.countsNulls ? 'm.element_count' : '(m.element_count - m.missing_count)';
  const success = `(${judged} = 0 OR (${judged} - m.unexpected_count) / ${judged} >= ${mostly})`;
  const sample = `(SELECT ARRAY_AGG(s.unexpected_value) FROM (${r.sample}) AS s)`;
  return `SELECT ${i} AS idx, ${success} AS success, OBJECT_CONSTRUCT_KEEP_NULL(
      'success', ${success}, 'expectation_config', PARSE_JSON(${config}),
      'result', OBJECT_CONSTRUCT_KEEP_NULL('element_count', m.element_count, 'missing_count', m.missing_count,
        'unexpected_count', m.unexpected_count, 'unexpected_percent', IFF(${judged} = 0, 0, m.unexpected_count * 100 / ${judged}),
        'partial_unexpected_list', COALESCE(${sample}, ARRAY_CONSTRUCT()), 'observed_value', NULL),
      'exception_info', OBJECT_CONSTRUCT('raised_exception', FALSE)) AS result
    FROM (${r.metrics}) AS m`;
}

/** One suite: an INSERT of one GE_VALIDATION_RESULTS row (run id from the procedure's variables). */
export function suiteInsert(suite: Suite): string {
  const rows = suite.expectations.map((_, i) => expectationRow(suite, i)).join('\n    UNION ALL\n    ');
  const name = snowflakeLiteral(suite.name);
  return `INSERT INTO GE_VALIDATION_RESULTS (RUN_STATUS, RUN_ID, RUN_VALIDATION, SUITE_NAME, VALIDATED_AT)
  WITH results AS (
    ${rows}
  )
  SELECT BOOLAND_AGG(success),
         OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
         OBJECT_CONSTRUCT(
           'success', BOOLAND_AGG(success),
           'statistics', OBJECT_CONSTRUCT('evaluated_expectations', COUNT(*), 'successful_expectations', COUNT_IF(success),
             'unsuccessful_expectations', COUNT_IF(NOT success), 'success_percent', COUNT_IF(success) * 100 / COUNT(*)),
           'results', ARRAY_AGG(result) WITHIN GROUP (ORDER BY idx),
           'meta', OBJECT_CONSTRUCT('expectation_suite_name', ${name}, 'run_id', OBJECT_CONSTRUCT('run_name', :run_name, 'run_time', :run_time),
             'batch_spec', OBJECT_CONSTRUCT('table_name', ${snowflakeLiteral(suite.table)}${suite.rowLimit !== undefined ? `, 'row_limit', ${Math.trunc(suite.rowLimit)}` : ''}),
             'engine', 'snowflake', 'validator', 'retail-pipeline', 'partial_unexpected_list_size', ${PARTIAL_LIST_SIZE}),
           'evaluation_parameters', OBJECT_CONSTRUCT()),
         ${name},
         CURRENT_TIMESTAMP()::TIMESTAMP_NTZ
  FROM results`;
}

const VALIDATION_TASK = 'data_validation_task';

/** CREATE OR REPLACE PROCEDURE usp_generateValidationResults() from the suites in `suitesDir`. */
export function validationProcedure(suitesDir: string): string {
  const suites = loadSuites(suitesDir).filter((s) => VALIDATED_LAYERS.includes(findTable(s.table)?.layer ?? ''));
  const body = suites.map((s) => `  -- suite ${s.name} on ${s.table} (${s.file.split(/[\\/]/).pop()})
  ${suiteInsert(s).split('\n').join('\n  ')};
  suites_run := suites_run + 1;`).join('\n');
  return `CREATE OR REPLACE PROCEDURE usp_generateValidationResults()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = 'run the expectation suites (sql/quality) on bronze and silver; one GE_VALIDATION_RESULTS row per suite'
AS
$$
DECLARE
  run_time VARCHAR DEFAULT TO_VARCHAR(CURRENT_TIMESTAMP(), 'YYYY-MM-DD"T"HH24:MI:SS.FF3TZH:TZM');
  run_name VARCHAR DEFAULT TO_VARCHAR(CURRENT_TIMESTAMP(), 'YYYYMMDD"T"HH24MISS.FF6"Z"');
  suites_run INTEGER DEFAULT 0;
${EVENT_ATTRS_DECLARATION}
BEGIN
${taskStartedEvent(VALIDATION_TASK)}
${body}
  SYSTEM$LOG_INFO('validation: ' || suites_run || ' suites written to GE_VALIDATION_RESULTS');
  -- As the local task reports it: no rows read as input, one result row written per suite.
${procedureEnding(VALIDATION_TASK, { read: '0', written: 'suites_run', rejected: '0' }, "suites_run || ' suites validated (run ' || run_name || ')'")}`;
}
