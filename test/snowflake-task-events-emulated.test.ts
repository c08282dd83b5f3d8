// Issue 14 §4 on the executing Snowflake emulator: the deploy plan's procedures, CALLed through
// the real snowflake-sdk, leave the local runner's task events in the account's event table as
// SPAN_EVENT rows on the procedure's span (task_started, rows_read / rows_written /
// rows_rejected with numeric counts, task_finished) and the DEBUG log of the counts. The reviews
// load's counts come from COPY's own result (RESULT_SCAN of SQLID).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../src/core/log';
import { TASKS } from '../src/core/manifest';
import { SnowflakeClient } from '../src/core/snowflake/client';
import { ROW_ATTRIBUTE, TASK_EVENT } from '../src/core/telemetry/task-telemetry';
import { REPO } from './helpers/cli';
import { runCliAsync, snowflakeHome } from './helpers/snowflake-double';
import { startEmulator, type SnowflakeEmulator } from './emulator/server';

const DATA = join(REPO, 'sample_data');
const tmp = mkdtempSync(join(tmpdir(), 'sf-emulator-events-'));
let emu: SnowflakeEmulator;
let client: SnowflakeClient;

before(async () => {
  emu = await startEmulator({ dir: join(tmp, 'engine') });
  const env = { SNOWFLAKE_HOME: snowflakeHome(emu, tmp, 'emu'), RETAIL_MYSQL_USER: 'retail_loader', RETAIL_MYSQL_PASSWORD: 'x', RETAIL_SNOWFLAKE_LOG: 'OFF' };
  // No task graph and no MySQL: the file loads are CALLed one by one.
  const dep = await runCliAsync(['deploy', '--connection', 'emu', '--only', 'admin,setup,integrations,iceberg,stage,procedures', '--data', DATA], env, 600_000);
  assert.equal(dep.code, 0, dep.stderr);
  client = await SnowflakeClient.connect(emu.connectionOptions(), silentLogger);
  await client.execute('USE SCHEMA "RETAIL_PIPELINE"."RETAIL"');
});

after(async () => {
  await client?.destroy();
  await emu?.close();
  rmSync(tmp, { recursive: true, force: true });
});

type Ev = { RECORD_TYPE: string; RECORD: unknown; RECORD_ATTRIBUTES: unknown; VALUE: unknown; TRACE: unknown; RESOURCE_ATTRIBUTES: unknown };
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, unknown>;

/** The events of the one CALL of `procedure`: its span's SPAN_EVENT and LOG rows. */
async function eventsOfCall(procedure: string): Promise<{ events: { name: string; attrs: Record<string, unknown> }[]; logs: { severity: string; message: string }[] }> {
  const rows = (await emu.events()) as Ev[];
  const span = rows.find((r) => r.RECORD_TYPE === 'SPAN' && String(obj(r.RESOURCE_ATTRIBUTES)['snow.executable.name']).toUpperCase().startsWith(procedure.toUpperCase()));
  assert.ok(span, `a span of ${procedure}`);
  const spanId = obj(span.TRACE).span_id;
  const own = rows.filter((r) => obj(r.TRACE).span_id === spanId);
  return {
    events: own.filter((r) => r.RECORD_TYPE === 'SPAN_EVENT').map((r) => ({ name: String(obj(r.RECORD).name), attrs: obj(r.RECORD_ATTRIBUTES) })),
    logs: own.filter((r) => r.RECORD_TYPE === 'LOG').map((r) => ({ severity: String(obj(r.RECORD).severity_text), message: String(typeof r.VALUE === 'string' ? r.VALUE.replace(/^"|"$/g, '') : r.VALUE) })),
  };
}

test('CALL usp_loadProductReviews_json: the five task events with COPY\'s counts, and the DEBUG log of them', async () => {
  const [ret] = await client.execute('CALL usp_loadProductReviews_json()');
  assert.match(String(Object.values(ret)[0]), /^BRONZE_PRODUCT_REVIEWS: 220 rows loaded, 0 rejected of 220 read$/);
  const { events, logs } = await eventsOfCall('usp_loadProductReviews_json');
  assert.deepEqual(events.map((e) => e.name), Object.values(TASK_EVENT));
  const attr = (name: string, key: string) => events.find((e) => e.name === name)!.attrs[key];
  assert.equal(attr(TASK_EVENT.started, 'snow.task.name'), 'productreview_task');
  assert.equal(Number(attr(TASK_EVENT.rowsRead, ROW_ATTRIBUTE.read)), 220);
  assert.equal(Number(attr(TASK_EVENT.rowsWritten, ROW_ATTRIBUTE.written)), 220);
  assert.equal(Number(attr(TASK_EVENT.rowsRejected, ROW_ATTRIBUTE.rejected)), 0);
  assert.equal(attr(TASK_EVENT.finished, 'snow.task.state'), 'SUCCEEDED');
  assert.ok(logs.some((l) => l.severity === 'DEBUG' && l.message === 'rows read 220, written 220, rejected 0'), JSON.stringify(logs));
});

test('CALL usp_loadCustomerPreferences_xml: the generated XML procedure adds the same events', async () => {
  await client.execute('CALL usp_loadCustomerPreferences_xml()');
  const { events, logs } = await eventsOfCall('usp_loadCustomerPreferences_xml');
  assert.deepEqual(events.map((e) => e.name), Object.values(TASK_EVENT));
  const written = Number(events.find((e) => e.name === TASK_EVENT.rowsWritten)!.attrs[ROW_ATTRIBUTE.written]);
  assert.ok(written > 0);
  assert.equal(Number(events.find((e) => e.name === TASK_EVENT.rowsRead)!.attrs[ROW_ATTRIBUTE.read]), written);
  assert.ok(logs.some((l) => l.severity === 'DEBUG' && l.message === `rows read ${written}, written ${written}, rejected 0`));
});

test('CALL usp_loadBronzeToSilver: rows_read is the rows of the bronze tables it reads, rows_written the silver rows', async () => {
  await client.execute('CALL usp_loadProductSpecification_xml()');
  await client.execute('CALL usp_loadBronzeToSilver()');
  const { events } = await eventsOfCall('usp_loadBronzeToSilver');
  assert.deepEqual(events.map((e) => e.name), Object.values(TASK_EVENT));
  const task = TASKS.find((t) => t.name === 'bronze_silver_task')!;
  const count = async (table: string) => Number(Object.values((await client.execute(`SELECT COUNT(*) AS N FROM ${table}`))[0])[0]);
  let read = 0;
  for (const t of task.reads) read += await count(t);
  let written = 0;
  for (const t of task.writes) written += await count(t);
  assert.ok(read > 0);
  assert.equal(Number(events.find((e) => e.name === TASK_EVENT.rowsRead)!.attrs[ROW_ATTRIBUTE.read]), read);
  assert.equal(Number(events.find((e) => e.name === TASK_EVENT.rowsWritten)!.attrs[ROW_ATTRIBUTE.written]), written);
});
