// Issue 14 §4 on Snowflake: every procedure of the deploy plan emits the local runner's task
// events (task_started, rows_read, rows_written, rows_rejected, task_finished) with the same
// attribute names, logs at DEBUG and ERROR, and the database records DEBUG logs and metrics.
// The statements are Snowflake Scripting as documented (SYSTEM$ADD_EVENT('name', object)).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TASKS } from '../src/core/manifest';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { buildDeployPlan } from '../src/core/snowflake/plan';
import { ROW_ATTRIBUTE, TASK_EVENT } from '../src/core/telemetry/task-telemetry';

const plan = buildDeployPlan({ config: resolveDeployConfig(), dataDir: '/data/retail' });
const procedureOf = (name: string) => plan.find((s) => s.sql.startsWith(`CREATE OR REPLACE PROCEDURE ${name}(`))?.sql ?? '';
const SQL_PROCEDURES = [...new Set(TASKS.filter((t) => t.procedure && t.procedure !== 'usp_loadMySQLData').map((t) => t.procedure!))];

test('every Snowflake Scripting procedure adds the five task events with the local attribute names', () => {
  assert.equal(SQL_PROCEDURES.length, 8, SQL_PROCEDURES.join(', '));
  for (const name of SQL_PROCEDURES) {
    const sql = procedureOf(name);
    assert.ok(sql, `${name} is in the plan`);
    const task = TASKS.find((t) => t.procedure === name)!.name;
    const events = [...sql.matchAll(/SYSTEM\$ADD_EVENT\('(\w+)', (\w+)\);/g)].map((m) => m[1]);
    // Started once; finished on success and in the EXCEPTION handler.
    assert.deepEqual(events, [TASK_EVENT.started, TASK_EVENT.rowsRead, TASK_EVENT.rowsWritten, TASK_EVENT.rowsRejected, TASK_EVENT.finished, TASK_EVENT.finished], name);
    for (const key of [ROW_ATTRIBUTE.read, ROW_ATTRIBUTE.written, ROW_ATTRIBUTE.rejected]) {
      assert.match(sql, new RegExp(`event_attrs := OBJECT_CONSTRUCT\\('${key.replace(/\./g, '\\.')}', \\w+\\);`), `${name}: ${key} from a variable or a number`);
    }
    assert.ok(sql.includes(`OBJECT_CONSTRUCT('snow.task.name', '${task}', 'snow.task.state', 'SUCCEEDED')`), `${name}: finished SUCCEEDED names ${task}`);
    assert.ok(sql.includes(`OBJECT_CONSTRUCT('snow.task.name', '${task}', 'snow.task.state', 'FAILED')`), `${name}: finished FAILED in the handler`);
    assert.match(sql, /\n {2}event_attrs OBJECT;\n/, `${name}: the attributes variable is declared`);
    assert.match(sql, /SYSTEM\$LOG_DEBUG\('rows read ' \|\| \w+ \|\| ', written ' \|\| \w+ \|\| ', rejected ' \|\| \w+\);/, `${name}: the DEBUG log of the counts`);
    assert.match(sql, /EXCEPTION\n {2}WHEN OTHER THEN\n[\s\S]*SYSTEM\$LOG_ERROR\([\s\S]*RAISE;\nEND;\n\$\$$/, `${name}: failures are logged and re-raised`);
    // The started event comes first, before any work.
    assert.match(sql, new RegExp(`\\nBEGIN\\n {2}event_attrs := OBJECT_CONSTRUCT\\('snow\\.task\\.name', '${task}'\\);\\n {2}SYSTEM\\$ADD_EVENT\\('task_started', event_attrs\\);\\n`), name);
  }
});

test('transform procedures read ROWS_IN as the local target counts it: the rows of the tables the task reads', () => {
  for (const t of TASKS.filter((x) => x.kind === 'transform')) {
    const sql = procedureOf(t.procedure!);
    const inputs = t.reads.filter((r) => !t.writes.includes(r));
    assert.ok(sql.includes(`  rows_read := (SELECT ${inputs.map((r) => `(SELECT COUNT(*) FROM ${r})`).join(' + ')});\n`), t.name);
    assert.ok(sql.includes(`event_attrs := OBJECT_CONSTRUCT('snow.output.rows', total_written);`), `${t.name}: the rows of every table written`);
    assert.equal(sql.match(/total_written := total_written \+ rows_written;/g)?.length, sql.match(/rows_written := \(SELECT COUNT\(\*\) FROM/g)?.length);
  }
});

test('the reviews load reports COPY\'s own counts: rows parsed and errors seen, through RESULT_SCAN of its query id', () => {
  const sql = procedureOf('usp_loadProductReviews_json');
  assert.match(sql, /FORCE = TRUE;\n {2}copy_query := SQLID;\n/);
  assert.ok(sql.includes(`SELECT COALESCE(SUM("rows_parsed"), 0), COALESCE(SUM("errors_seen"), 0) INTO :rows_read, :rows_rejected\n    FROM TABLE(RESULT_SCAN(:copy_query));`));
  assert.match(sql, /RETURN 'BRONZE_PRODUCT_REVIEWS: ' \|\| loaded \|\| ' rows loaded, ' \|\| rows_rejected \|\| ' rejected of ' \|\| rows_read \|\| ' read';/);
});

test('the Python MySQL load adds the same events through snowflake-telemetry-python, per task of the manifest', () => {
  const sql = procedureOf('usp_loadMySQLData');
  assert.match(sql, /^PACKAGES = \(.*'snowflake-telemetry-python'.*\)$/m);
  assert.match(sql, /^from snowflake import telemetry$/m);
  for (const e of Object.values(TASK_EVENT)) assert.ok(sql.includes(`telemetry.add_event("${e}"`), e);
  for (const t of TASKS.filter((x) => x.source?.kind === 'mysql')) assert.ok(sql.includes(`"${(t.source as { table: string }).table}": "${t.name}"`), t.name);
});

test('the database records DEBUG logs, traces and metrics', () => {
  assert.ok(plan.some((s) => /^ALTER DATABASE "RETAIL_PIPELINE" SET LOG_LEVEL = 'DEBUG' TRACE_LEVEL = 'ALWAYS' METRIC_LEVEL = 'ALL'$/.test(s.sql)));
});
