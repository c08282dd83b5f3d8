// The emulator's server half through the REAL snowflake-sdk (the project's SnowflakeClient):
// sessions and USE, session variables, one statement per request, procedures interpreted as
// Snowflake Scripting (variables, binds, handlers, RAISE, logging into the event table), the
// task-graph rules with Snowflake's errors, EXECUTE TASK / RETRY LAST read back with the
// project's own history readers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../src/core/log';
import { SnowflakeClient, SnowflakeStatementError } from '../../src/core/snowflake/client';
import { taskHistory, toGraphRunRow } from '../../src/core/snowflake/history';
import { startEmulator, type SnowflakeEmulator } from './server';

let emu: SnowflakeEmulator;
let c: SnowflakeClient;
const LOC = { database: 'EMU_DB', schema: 'S1', eventTable: 'EMU_DB.S1.EVENTS' };

before(async () => {
  emu = await startEmulator();
  c = await SnowflakeClient.connect(emu.connectionOptions(), silentLogger);
  for (const sql of ['CREATE DATABASE EMU_DB', 'CREATE SCHEMA EMU_DB.S1', 'USE SCHEMA EMU_DB.S1', 'CREATE EVENT TABLE EVENTS',
    'ALTER DATABASE EMU_DB SET EVENT_TABLE = EMU_DB.S1.EVENTS', "ALTER DATABASE EMU_DB SET LOG_LEVEL = 'INFO' TRACE_LEVEL = 'ALWAYS'",
    'CREATE TABLE T (ID NUMBER, NAME VARCHAR)']) await c.execute(sql);
});
after(async () => {
  await c?.destroy();
  await emu?.close();
});

/** The Snowflake error a statement fails with. */
async function refusal(sql: string, binds?: (string | number)[]): Promise<SnowflakeStatementError> {
  try {
    await c.execute(sql, { binds });
  } catch (e) {
    assert.ok(e instanceof SnowflakeStatementError, String(e));
    return e;
  }
  assert.fail(`${sql} succeeded; Snowflake refuses it`);
}

test('USE of an object that does not exist fails as Snowflake says; CURRENT_DATABASE follows USE', async () => {
  // The engine words the refusal (code and text are its part); the session keeps its database.
  assert.match((await refusal('USE DATABASE NO_SUCH_DB')).snowflakeMessage, /does not exist/);
  assert.equal((await c.execute('SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S'))[0].D, 'EMU_DB');
  // A login naming no database or schema has none: an unqualified name is refused.
  const bare = await SnowflakeClient.connect({ ...emu.connectionOptions() }, silentLogger);
  try {
    await assert.rejects(bare.execute('CREATE TABLE X (A INT)'), /does not have a current database/);
    await assert.rejects(bare.execute('CALL P()'), /does not have a current database/);
  } finally {
    await bare.destroy();
  }
});

test('session variables: SET, $name; an unset one is refused; two statements in one request are refused', async () => {
  await c.execute("SET (tbl, n) = ('T', 41)");
  await c.execute('INSERT INTO T (ID, NAME) SELECT $n + 1, $tbl');
  assert.deepEqual(await c.execute('SELECT ID FROM T WHERE ID = $n + 1'), [{ ID: 42 }]);
  assert.match((await refusal('SELECT $nope')).snowflakeMessage, /Session variable '\$NOPE' does not exist/);
  const two = await refusal('SELECT 1; SELECT 2');
  assert.equal(two.code, '000008');
});

test('a Snowflake Scripting procedure: DECLARE, :=, (SELECT …), :var binds, RETURN; logs and events land in the event table with a span', async () => {
  await c.execute(`CREATE OR REPLACE PROCEDURE fill(n NUMBER)
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  written INTEGER DEFAULT 0;
  label VARCHAR DEFAULT 'rows';
BEGIN
  SYSTEM$ADD_EVENT('fill_started', {'n': n});
  DELETE FROM T;
  INSERT INTO T (ID, NAME) VALUES (1, 'one'), (2, 'two'), (3, 'three');
  INSERT INTO T (ID, NAME) VALUES (:n, :label);
  written := (SELECT COUNT(*) FROM T);
  SYSTEM$LOG_INFO('fill: ' || written || ' ' || label);
  SYSTEM$LOG_DEBUG('below the database LOG_LEVEL: not written');
  RETURN written || ' ' || label;
END;
$$`);
  const r = await c.execute('CALL fill(100)');
  assert.deepEqual(r, [{ FILL: '4 rows' }]);
  assert.deepEqual(await c.execute('SELECT ID, NAME FROM T WHERE ID = 100'), [{ ID: 100, NAME: 'rows' }]);
  const events = await emu.events('EMU_DB');
  const mine = events.filter((e) => JSON.stringify(e.RESOURCE_ATTRIBUTES).includes('FILL(NUMBER)'));
  assert.deepEqual(mine.map((e) => e.RECORD_TYPE).sort(), ['LOG', 'SPAN', 'SPAN_EVENT']);
  const span = mine.find((e) => e.RECORD_TYPE === 'SPAN')!;
  const log = mine.find((e) => e.RECORD_TYPE === 'LOG')!;
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, any>;
  assert.equal(json(span.RECORD).name, 'FILL');
  assert.equal(json(span.RECORD).status.code, 'STATUS_CODE_OK');
  assert.equal(json(log.TRACE).trace_id, json(span.TRACE).trace_id);
  assert.equal(log.VALUE, 'fill: 4 rows');
  assert.deepEqual(json(mine.find((e) => e.RECORD_TYPE === 'SPAN_EVENT')!.RECORD_ATTRIBUTES), { n: 100 });
  // The project's trace reader finds the call by its database and schema.
  const traces = await c.execute(`SELECT TRACE:"trace_id"::VARCHAR AS TRACE_ID, COUNT(*) AS N FROM EMU_DB.S1.EVENTS
WHERE RECORD_TYPE = 'SPAN' AND RESOURCE_ATTRIBUTES:"snow.schema.name"::VARCHAR = ? GROUP BY TRACE_ID`, { binds: ['S1'] });
  assert.ok(traces.some((t) => t.TRACE_ID === json(span.TRACE).trace_id));
});

test('EXCEPTION WHEN OTHER sees SQLERRM; RAISE re-raises as Snowflake words an uncaught error, with the failing line', async () => {
  await c.execute(`CREATE OR REPLACE PROCEDURE broken()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
BEGIN
  INSERT INTO T (ID) VALUES (1);
  SELECT * FROM NO_SUCH_TABLE;
  RETURN 'not reached';
EXCEPTION
  WHEN OTHER THEN
    SYSTEM$LOG_ERROR('broken failed: ' || SQLERRM);
    RAISE;
END;
$$`);
  const e = await refusal('CALL broken()');
  assert.equal(e.code, '002003');
  assert.match(e.snowflakeMessage, /^Uncaught exception of type 'STATEMENT_ERROR' on line 4 at position 2 : SQL compilation error:\nObject 'EMU_DB\.S1\.NO_SUCH_TABLE' does not exist or not authorized\./);
  const events = await emu.events('EMU_DB');
  const logs = events.filter((x) => x.RECORD_TYPE === 'LOG' && JSON.stringify(x.RESOURCE_ATTRIBUTES).includes('BROKEN'));
  assert.match(String(logs[0]?.VALUE), /^broken failed: SQL compilation error:\nObject 'EMU_DB\.S1\.NO_SUCH_TABLE' does not exist/);
  const span = events.find((x) => x.RECORD_TYPE === 'SPAN' && JSON.stringify(x.RESOURCE_ATTRIBUTES).includes('BROKEN'))!;
  assert.equal((typeof span.RECORD === 'string' ? JSON.parse(span.RECORD) : span.RECORD as any).status.code, 'STATUS_CODE_ERROR');
  // A handler that does not re-raise ends the block normally; a declared exception carries its code.
  await c.execute(`CREATE OR REPLACE PROCEDURE handled()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  too_few EXCEPTION (-20001, 'fewer rows than expected');
BEGIN
  BEGIN
    SELECT 1/0;
  EXCEPTION
    WHEN OTHER THEN
      LET msg VARCHAR := SQLERRM;
  END;
  RAISE too_few;
END;
$$`);
  const raised = await refusal('CALL handled()');
  assert.equal(raised.code, '-20001');
  assert.equal(raised.snowflakeMessage, "Uncaught exception of type 'TOO_FEW' on line 11 at position 2 : fewer rows than expected");
});

test('SQLID, SQLROWCOUNT and SELECT … INTO :vars; RESULT_SCAN(<query id>) reads a statement\'s result back', async () => {
  await c.execute(`CREATE OR REPLACE PROCEDURE counted()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  q VARCHAR;
  n INTEGER DEFAULT 0;
  biggest INTEGER DEFAULT 0;
  changed INTEGER DEFAULT 0;
BEGIN
  DELETE FROM T;
  INSERT INTO T (ID, NAME) VALUES (7, 'seven'), (9, 'nine');
  changed := SQLROWCOUNT;
  SELECT ID, NAME FROM T ORDER BY ID;
  q := SQLID;
  SELECT COUNT(*), MAX(ID) INTO :n, :biggest FROM TABLE(RESULT_SCAN(:q));
  RETURN changed || ' inserted, ' || n || ' read back, max ' || biggest;
END;
$$`);
  assert.deepEqual(await c.execute('CALL counted()'), [{ COUNTED: '2 inserted, 2 read back, max 9' }]);
  const gone = await refusal("SELECT * FROM TABLE(RESULT_SCAN('01b-no-such-query'))");
  assert.equal(gone.code, '000709');
});

test('a CALL inside a procedure joins the caller\'s trace: same trace_id, its span a child of the caller\'s', async () => {
  await c.execute(`CREATE OR REPLACE PROCEDURE inner_step()\nRETURNS VARCHAR\nLANGUAGE SQL\nAS\n$$\nBEGIN\n  RETURN 'inner';\nEND;\n$$`);
  await c.execute(`CREATE OR REPLACE PROCEDURE outer_step()\nRETURNS VARCHAR\nLANGUAGE SQL\nAS\n$$\nBEGIN\n  CALL inner_step();\n  RETURN 'outer';\nEND;\n$$`);
  assert.deepEqual(await c.execute('CALL outer_step()'), [{ OUTER_STEP: 'outer' }]);
  const j = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, any>;
  const spans = (await emu.events('EMU_DB')).filter((e) => e.RECORD_TYPE === 'SPAN' && /^(INNER|OUTER)_STEP$/.test(j(e.RECORD).name));
  const outer = spans.find((e) => j(e.RECORD).name === 'OUTER_STEP')!;
  const inner = spans.find((e) => j(e.RECORD).name === 'INNER_STEP')!;
  assert.equal(j(inner.TRACE).trace_id, j(outer.TRACE).trace_id);
  assert.equal(j(inner.RECORD).parent_span_id, j(outer.TRACE).span_id);
  assert.equal(j(outer.RECORD).parent_span_id, undefined);
});

test('CREATE PROCEDURE refuses a body it cannot compile; CALL of an unknown procedure is refused', async () => {
  const e = await refusal(`CREATE OR REPLACE PROCEDURE bad()\nRETURNS VARCHAR\nLANGUAGE SQL\nAS\n$$\nBEGIN\n  RETURN 1;\n$$`);
  assert.equal(e.code, '001003');
  const u = await refusal('CALL no_such_proc()');
  assert.equal(u.code, '002140');
  assert.match(u.snowflakeMessage, /Unknown function NO_SUCH_PROC/);
});

test('task graphs: a started root refuses every change (091421); CREATE OR REPLACE orphans the children; DEPENDENTS_ENABLE starts the graph', async () => {
  await c.execute("CREATE OR REPLACE TASK g_root WAREHOUSE = WH SCHEDULE = 'USING CRON 0 0 * * * UTC' AS SELECT 1");
  await c.execute('CREATE OR REPLACE TASK g_a AFTER g_root AS INSERT INTO T (ID, NAME) VALUES (1, \'a\')');
  await c.execute('CREATE OR REPLACE TASK g_b AFTER g_a AS SELECT 2');
  await c.execute("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('EMU_DB.S1.G_ROOT')");
  const show = async () => Object.fromEntries((await c.execute('SHOW TASKS IN SCHEMA EMU_DB.S1')).map((r) => [String(r.name), r]));
  assert.deepEqual(Object.values(await show()).filter((t) => String(t.name).startsWith('G_')).map((t) => t.state), ['started', 'started', 'started']);
  for (const sql of ['CREATE OR REPLACE TASK g_b AFTER g_a AS SELECT 3', 'ALTER TASK g_a MODIFY AS SELECT 4', 'ALTER TASK g_a SUSPEND', 'DROP TASK g_b',
    'CREATE TASK g_c AFTER g_a AS SELECT 5', "ALTER TASK g_root SET SCHEDULE = '5 MINUTE'"]) {
    const e = await refusal(sql);
    assert.equal(e.code, '091421', sql);
    assert.equal(e.snowflakeMessage, 'Unable to update graph with root task EMU_DB.S1.G_ROOT since that root task is not suspended.');
  }
  await c.execute('ALTER TASK g_root SUSPEND');
  await c.execute('CREATE OR REPLACE TASK g_a AFTER g_root AS SELECT 6');
  const t = await show();
  assert.equal(t.G_B.predecessors, '[]');
  assert.equal(t.G_B.state, 'suspended');
  assert.equal(t.G_A.state, 'suspended');
  assert.equal(t.G_A.predecessors, '["\\"EMU_DB\\".\\"S1\\".\\"G_ROOT\\""]');
  const missing = await refusal('CREATE OR REPLACE TASK g_x AFTER no_such_task AS SELECT 1');
  assert.equal(missing.code, '002003');
  // With the root suspended the graph can change: MODIFY AS, REMOVE / ADD AFTER.
  await c.execute('ALTER TASK g_a MODIFY AS SELECT 7');
  await c.execute('ALTER TASK g_b ADD AFTER g_a');
  assert.equal((await show()).G_B.predecessors, '["\\"EMU_DB\\".\\"S1\\".\\"G_A\\""]');
  assert.equal((await show()).G_A.definition, 'SELECT 7');
  await c.execute('ALTER TASK g_b REMOVE AFTER g_a');
  assert.equal((await show()).G_B.predecessors, '[]');
  for (const n of ['g_b', 'g_a', 'g_root']) await c.execute(`DROP TASK ${n}`);
});

test('EXECUTE TASK runs the graph in AFTER order and returns at once; a failure stops its descendants; RETRY LAST re-runs from it', async () => {
  await c.execute('CREATE OR REPLACE TABLE RUNS (STEP VARCHAR, AT TIMESTAMP_NTZ)');
  await c.execute("CREATE OR REPLACE TASK r_root SCHEDULE = '60 MINUTE' AS SELECT 'start'");
  await c.execute("CREATE OR REPLACE TASK r_a AFTER r_root AS INSERT INTO RUNS SELECT 'a', CURRENT_TIMESTAMP()::TIMESTAMP_NTZ");
  await c.execute("CREATE OR REPLACE TASK r_b AFTER r_root AS INSERT INTO RUNS SELECT 'b', CURRENT_TIMESTAMP()::TIMESTAMP_NTZ");
  // r_gate fails while the table GATE does not exist, so r_last cannot run.
  await c.execute("CREATE OR REPLACE TASK r_gate AFTER r_a, r_b AS INSERT INTO RUNS SELECT 'gate', CURRENT_TIMESTAMP()::TIMESTAMP_NTZ FROM GATE");
  await c.execute("CREATE OR REPLACE TASK r_last AFTER r_gate AS INSERT INTO RUNS SELECT 'last', CURRENT_TIMESTAMP()::TIMESTAMP_NTZ");
  await c.execute("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('EMU_DB.S1.R_ROOT')");
  assert.equal((await refusal('EXECUTE TASK r_root RETRY LAST')).code, '091094');
  assert.equal((await refusal('EXECUTE TASK no_such_task')).code, '002003');
  await c.execute('EXECUTE TASK r_root');
  await emu.runner.idle();
  const loc = { ...LOC };
  // listGraphRuns reads the pipeline's root only; the same table function, for this graph.
  const graphRuns = async () => (await c.execute(`SELECT * FROM TABLE(EMU_DB.INFORMATION_SCHEMA.COMPLETE_TASK_GRAPHS(RESULT_LIMIT => 100, ROOT_TASK_NAME => ?))
WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? ORDER BY ATTEMPT_NUMBER DESC`, { binds: ['R_ROOT', 'EMU_DB', 'S1'] })).map((r) => toGraphRunRow(r, 0));
  const [run] = await graphRuns();
  assert.equal(run.STATE, 'FAILED');
  assert.equal(run.FIRST_ERROR_TASK_NAME, 'R_GATE');
  const tasks = await taskHistory(c, loc, run.GRAPH_RUN_GROUP_ID);
  assert.deepEqual(tasks.map((t) => `${t.NAME}:${t.STATE}`).sort(), ['R_A:SUCCEEDED', 'R_B:SUCCEEDED', 'R_GATE:FAILED', 'R_ROOT:SUCCEEDED']);
  const gate = tasks.find((t) => t.NAME === 'R_GATE')!;
  assert.equal(gate.ERROR_CODE, '002003');
  assert.match(gate.ERROR_MESSAGE!, /Object 'EMU_DB\.S1\.GATE' does not exist or not authorized/);
  assert.deepEqual((await c.execute('SELECT STEP FROM RUNS ORDER BY STEP')).map((r) => r.STEP), ['a', 'b']);
  await c.execute('CREATE TABLE GATE AS SELECT TRUE AS OK');
  await c.execute('EXECUTE TASK r_root RETRY LAST');
  await emu.runner.idle();
  const runs = (await graphRuns()).filter((g) => g.GRAPH_RUN_GROUP_ID === run.GRAPH_RUN_GROUP_ID);
  assert.deepEqual(runs.map((r) => `${r.ATTEMPT_NUMBER}:${r.STATE}`), ['2:SUCCEEDED', '1:FAILED']);
  const attempt2 = (await taskHistory(c, loc, run.GRAPH_RUN_GROUP_ID)).filter((t) => t.ATTEMPT_NUMBER === 2);
  assert.deepEqual(attempt2.map((t) => `${t.NAME}:${t.STATE}`), ['R_GATE:SUCCEEDED', 'R_LAST:SUCCEEDED']);
  // Only the failed task and what followed it ran again.
  assert.deepEqual((await c.execute('SELECT STEP FROM RUNS ORDER BY STEP')).map((r) => r.STEP), ['a', 'b', 'gate', 'last']);
  // The panel's read with binds in the table function's arguments (minutes back, database, schema).
  const recent = await c.execute(`SELECT NAME, STATE FROM TABLE(EMU_DB.INFORMATION_SCHEMA.TASK_HISTORY(
    SCHEDULED_TIME_RANGE_START => DATEADD(MINUTE, ?, CURRENT_TIMESTAMP()), SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP(), RESULT_LIMIT => 10000))
WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?
QUALIFY ROW_NUMBER() OVER (PARTITION BY NAME ORDER BY QUERY_START_TIME DESC, ATTEMPT_NUMBER DESC) = 1`, { binds: [-60, 'EMU_DB', 'S1'] });
  assert.deepEqual(recent.map((r) => `${r.NAME}:${r.STATE}`).sort(), ['R_A:SUCCEEDED', 'R_B:SUCCEEDED', 'R_GATE:SUCCEEDED', 'R_LAST:SUCCEEDED', 'R_ROOT:SUCCEEDED']);
  assert.equal((await refusal('EXECUTE TASK r_gate')).code, '091093');
  await c.execute('ALTER TASK r_root SUSPEND');
});
