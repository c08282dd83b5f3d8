// The CLI's target verbs (issue 17): run | retry | history | traces | validate with
// --connection act on the Snowflake deployment through the same code as on the local warehouse
// (src/cli/target-factory.ts opens the Target; no re-dispatch to `snowflake <verb>`). On
// Snowflake: the built CLI, the REAL snowflake-sdk and the executing emulator (test/emulator),
// provisioned with the full deploy plan and MariaDB seeded from sample_data/; what the CLI prints
// is checked against what the account itself recorded. Locally: a fresh workspace. Usage errors
// exit 2 on both.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { findTable, TASKS } from '../src/core/manifest';
import { defaultSuitesDir, loadSuites } from '../src/core/quality';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { buildDeployPlan } from '../src/core/snowflake/plan';
import { VALIDATED_LAYERS } from '../src/core/snowflake/validation-procedure';
import { provisionedEmulator, type Provisioned } from './emulator/provision';
import { cli, REPO } from './helpers/cli';
import { mysqlUnreachableReason } from './helpers/mysql';
import { runCliAsync, snowflakeHome } from './helpers/snowflake-double';

const DATA = join(REPO, 'sample_data');
const ALL_PARTS = ['admin', 'setup', 'integrations', 'iceberg', 'stage', 'procedures', 'tasks'] as const;
const tmp = mkdtempSync(join(tmpdir(), 'cli-target-verbs-'));
let why: string | undefined;
let account: Provisioned;
let env: Record<string, string>;

before(async () => {
  why = await mysqlUnreachableReason();
  if (why) {
    if (process.env.RETAIL_REQUIRE_MYSQL === '1') throw new Error(`MariaDB not reachable: ${why}`);
    return;
  }
  account = await provisionedEmulator({ login: { username: 'cli_user', password: 'Cli-login-pw-1' }, dataDir: DATA, parts: [...ALL_PARTS], dir: join(tmp, 'engine') });
  env = { SNOWFLAKE_HOME: snowflakeHome(account.emu, tmp, 'emu'), RETAIL_SNOWFLAKE_LOG: 'OFF' };
});

after(async () => {
  await account?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function ready(t: TestContext): boolean {
  if (why) t.skip(`MariaDB not reachable: ${why}`);
  return !why;
}

const sf = (args: string[]) => runCliAsync(args, env, 600_000);
const ON_EMU = ['--connection', 'emu'];
/** Follow the run on the account until it ends, polling every second. */
const FOLLOW = [...ON_EMU, '--wait', '--poll-seconds', '1'];

type RunJson = {
  GRAPH_RUN_GROUP_ID: string; STATE: string; FIRST_ERROR_TASK_NAME: string | null; TASK_COUNT: number;
  graphRunGroupId: string; attemptNumber: number; state: string; traceId: string | null; tasks: Record<string, { state: string; ms: number | null; error?: string }>;
};

/** The account's own record of a graph run's task runs (the emulator's TASK_HISTORY). */
const accountTaskRuns = (graphRunGroupId: string, attempt: number) =>
  account.emu.runner.history.filter((h) => h.GRAPH_RUN_GROUP_ID === graphRunGroupId && Number(h.ATTEMPT_NUMBER) === attempt);

let firstRun = '';

test('run --connection --wait: EXECUTE TASK followed to SUCCEEDED, every task of the account\'s TASK_HISTORY in the report', async (t) => {
  if (!ready(t)) return;
  const r = await sf(['run', ...FOLLOW, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const run = JSON.parse(r.stdout) as RunJson;
  assert.equal(run.state, 'SUCCEEDED');
  // The graph run's history row (as `snowflake execute --json` has always printed it) and the report.
  assert.equal(run.STATE, 'SUCCEEDED');
  assert.equal(run.GRAPH_RUN_GROUP_ID, run.graphRunGroupId);
  assert.equal(run.attemptNumber, 1);
  const recorded = accountTaskRuns(run.graphRunGroupId, 1);
  assert.equal(recorded.length, TASKS.length);
  assert.deepEqual(Object.keys(run.tasks).sort(), TASKS.map((x) => x.name).sort());
  assert.deepEqual(Object.entries(run.tasks).filter(([, x]) => x.state !== 'SUCCEEDED'), []);
  assert.ok(Object.values(run.tasks).every((x) => typeof x.ms === 'number'), 'each task\'s time from TASK_HISTORY');
  assert.match(r.stderr, /graph run (EXECUTING|SUCCEEDED)/, 'the polls are logged');
  firstRun = run.graphRunGroupId;

  const text = await sf(['run', ...FOLLOW]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^task\s+state\s+ms\s+rows_in\s+rows_out\s+message/);
  assert.match(text.stdout, /\nbronze_silver_task\s+SUCCEEDED\s+\d+/);
  assert.match(text.stdout, /graph run [0-9a-f-]{36} attempt 1: SUCCEEDED\n$/);
});

test('history --connection: the account\'s graph runs, one run\'s task runs by id prefix; `snowflake history` is the same code', async (t) => {
  if (!ready(t) || !firstRun) return;
  const h = await sf(['history', ...ON_EMU, '--json']);
  assert.equal(h.code, 0, h.stderr);
  const runs = JSON.parse(h.stdout) as { GRAPH_RUN_GROUP_ID: string; STATE: string; TASK_COUNT: number }[];
  assert.equal(runs.length, 2);
  assert.ok(runs.every((x) => x.STATE === 'SUCCEEDED' && x.TASK_COUNT === TASKS.length), h.stdout);
  assert.equal(runs[1].GRAPH_RUN_GROUP_ID, firstRun, 'newest first');
  const alias = await sf(['snowflake', 'history', ...ON_EMU, '--json']);
  assert.deepEqual(JSON.parse(alias.stdout), runs);

  const table = await sf(['history', ...ON_EMU, '--limit', '1']);
  assert.match(table.stdout, /GRAPH_RUN_GROUP_ID\s+ATTEMPT_NUMBER\s+STATE\s+SCHEDULED_FROM/);
  assert.match(table.stdout, new RegExp(`${runs[0].GRAPH_RUN_GROUP_ID}\\s+1\\s+SUCCEEDED\\s+EXECUTE TASK`));
  assert.match(table.stdout, /\(1 row\)/);

  const one = await sf(['history', ...ON_EMU, '--run', firstRun.slice(0, 8), '--json']);
  assert.equal(one.code, 0, one.stderr);
  const rows = JSON.parse(one.stdout) as { NAME: string; STATE: string; GRAPH_RUN_GROUP_ID: string }[];
  assert.deepEqual(rows.map((x) => x.NAME).sort(), accountTaskRuns(firstRun, 1).map((x) => x.NAME.toLowerCase()).sort());
  assert.ok(rows.every((x) => x.GRAPH_RUN_GROUP_ID === firstRun && x.STATE === 'SUCCEEDED'));
  // TASK_HISTORY has no row counts: the task-run table leaves those columns out.
  const oneTable = await sf(['history', ...ON_EMU, '--run', firstRun]);
  assert.match(oneTable.stdout, /^NAME\s+STATE\s+ATTEMPT_NUMBER\s+SCHEDULED_FROM\s+QUERY_START_TIME\s+DURATION_MS\s+ERROR_CODE/);
});

test('traces --connection: the run\'s spans from the account\'s event table, as a tree and as the event rows', async (t) => {
  if (!ready(t) || !firstRun) return;
  const tr = await sf(['traces', ...ON_EMU, '--run', firstRun]);
  assert.equal(tr.code, 0, tr.stderr);
  const cfg = resolveDeployConfig();
  assert.match(tr.stdout, new RegExp(`^graph run ${firstRun}: \\d+ event rows from ${cfg.eventTable.replace(/\./g, '\\.')}\\ntrace [0-9a-f]{32}\\n`));
  for (const t2 of TASKS.filter((x) => x.procedure)) assert.match(tr.stdout, new RegExp(`\\n  ${t2.procedure}\\S*  \\S+ m?s  OK`, 'i'), t2.procedure);
  const json = await sf(['traces', ...ON_EMU, '--run', firstRun, '--json']);
  const rows = JSON.parse(json.stdout) as { RECORD_TYPE: string; RECORD: string }[];
  const spans = rows.filter((r) => r.RECORD_TYPE === 'SPAN').map((r) => String(JSON.parse(r.RECORD).name).toUpperCase());
  for (const p of TASKS.filter((x) => x.procedure).map((x) => x.procedure!.toUpperCase())) assert.ok(spans.includes(p), `a span of ${p}`);
  const newest = await sf(['traces', ...ON_EMU]);
  assert.equal(newest.code, 0, newest.stderr);
  assert.doesNotMatch(newest.stdout, new RegExp(firstRun), 'without --run: the newest graph run');
});

test('a failing run exits 1 naming the failed task; retry --connection --wait runs attempt 2 of the same graph run to SUCCEEDED', async (t) => {
  if (!ready(t)) return;
  const client = account.client;
  await client.execute('DROP TABLE "RETAIL_PIPELINE"."RETAIL"."GE_VALIDATION_RESULTS"');
  const failed = await sf(['run', ...FOLLOW, '--json']);
  assert.equal(failed.code, 1, failed.stderr);
  const f = JSON.parse(failed.stdout) as RunJson;
  assert.equal(f.state, 'FAILED');
  assert.equal(f.FIRST_ERROR_TASK_NAME, 'data_validation_task');
  assert.equal(f.tasks.data_validation_task.state, 'FAILED');
  assert.match(f.tasks.data_validation_task.error!, /GE_VALIDATION_RESULTS/);
  assert.equal(f.tasks.silver_gold_task.state, 'SUCCEEDED', 'its sibling ran');

  const create = buildDeployPlan({ config: resolveDeployConfig(), dataDir: DATA, only: ['setup'] }).find((st) => /^CREATE TABLE IF NOT EXISTS GE_VALIDATION_RESULTS/.test(st.sql))!;
  await client.execute('USE SCHEMA "RETAIL_PIPELINE"."RETAIL"');
  await client.execute(create.sql);
  const retried = await sf(['retry', ...FOLLOW, '--json']);
  assert.equal(retried.code, 0, retried.stderr);
  const r = JSON.parse(retried.stdout) as RunJson;
  assert.deepEqual([r.graphRunGroupId, r.attemptNumber, r.state], [f.graphRunGroupId, 2, 'SUCCEEDED']);
  assert.deepEqual(Object.keys(r.tasks).sort(), accountTaskRuns(f.graphRunGroupId, 2).map((x) => x.NAME.toLowerCase()).sort());
  assert.ok('data_validation_task' in r.tasks && !('bronze_silver_task' in r.tasks), 'only what failed ran again');

  const nothing = await sf(['retry', ...FOLLOW]);
  assert.equal(nothing.code, 1);
  assert.match(nothing.stderr, /SUCCEEDED: nothing to retry/);
});

test('validate --connection: the account\'s validation procedure runs the bronze and silver suites; each verdict read back from its GE_VALIDATION_RESULTS', async (t) => {
  if (!ready(t)) return;
  const count = async () => Number((await account.client.execute('SELECT COUNT(*) AS N FROM "RETAIL_PIPELINE"."RETAIL"."GE_VALIDATION_RESULTS"'))[0].N);
  const validated = loadSuites(defaultSuitesDir(REPO)).filter((s) => VALIDATED_LAYERS.includes(findTable(s.table)?.layer ?? '')).map((s) => s.name).sort();
  const before = await count();
  const v = await sf(['validate', ...ON_EMU, '--json']);
  assert.equal(v.code, 0, v.stderr);
  const out = JSON.parse(v.stdout) as { suites: { name: string; table: string; evaluated: number; failed: number; success: boolean }[]; summary: string };
  assert.deepEqual(out.suites.map((s) => s.name).sort(), validated);
  assert.ok(out.suites.every((s) => s.evaluated > 0), v.stdout);
  assert.equal(await count(), before + validated.length, 'one result row per suite, written on the account');
  assert.match(out.summary, new RegExp(`^${validated.length} suites validated \\(run `));

  const text = await sf(['validate', ...ON_EMU, '--suite', 'bronze_orders']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^(PASSED|FAILED)  bronze_orders on BRONZE_ORDERS: \d+\/\d+ expectations met\nvalidation on snowflake \(emu\): \d+ suites validated/);
});

test('run --only TASK --connection: a CALL of that step\'s procedure, its return value printed (as `snowflake call`)', async (t) => {
  if (!ready(t)) return;
  const only = await sf(['run', '--only', 'order_analytics_task', ...ON_EMU]);
  assert.equal(only.code, 0, only.stderr);
  // The procedure reports the rows it wrote per table: the account's table has that many.
  const reported = /ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE: (\d+) rows; /.exec(only.stdout);
  assert.ok(reported, only.stdout);
  const [{ N }] = await account.client.execute('SELECT COUNT(*) AS N FROM "RETAIL_PIPELINE"."RETAIL"."ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE"');
  assert.equal(Number(N), Number(reported[1]));
  const call = await sf(['snowflake', 'call', 'order_analytics_task', ...ON_EMU]);
  assert.equal(call.stdout, only.stdout);
});

test('usage errors with --connection exit 2 with the usage line, whether found before or after connecting', async (t) => {
  if (!ready(t)) return;
  const cases: [string[], RegExp, string][] = [
    [['run', '--from', 'silver_gold_task'], /On Snowflake the task graph runs as a whole/, 'run'],
    [['run', '--only', 'order_analytics_task,customer_analytics_task'], /one task at a time/, 'run'],
    [['run', '--only', 'bad_task'], /--only: Unknown task "bad_task"/, 'run'],
    [['run', '--wait', '--poll-seconds', '0'], /--poll-seconds expects a whole number >= 1/, 'run'],
    [['retry', '--only', 'x'], /Unknown option '--only'/, 'retry'],
    [['history', '--limit', '0'], /--limit expects a whole number >= 1/, 'history'],
    [['traces', '--otlp', 'trace.json'], /--otlp: .*not exported as OTLP/, 'traces'],
    [['validate', '--suite', 'no_such_suite'], /Unknown expectation suite "no_such_suite"/, 'validate'],
  ];
  for (const [args, message, command] of cases) {
    const r = await sf([...args, ...ON_EMU]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, new RegExp(`^usage: retail-pipeline ${command} `, 'm'), args.join(' '));
  }
});

test('the same verbs on the local warehouse: run, history, traces, validate, retry (no --connection)', () => {
  const ws = mkdtempSync(join(tmp, 'local-'));
  const run = cli(['run', '--only', 'productreview_task', '--data', DATA, '--workspace', ws, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const r = JSON.parse(run.stdout) as RunJson & { tasks: Record<string, { tries: number; result: { rowsIn: number; rowsOut: number } }> };
  assert.deepEqual([r.state, r.GRAPH_RUN_GROUP_ID, r.TASK_COUNT], ['SUCCEEDED', r.graphRunGroupId, 1]);
  assert.deepEqual([r.tasks.productreview_task.tries, r.tasks.productreview_task.result.rowsIn, r.tasks.productreview_task.result.rowsOut], [1, 220, 220]);

  const h = cli(['history', '--workspace', ws, '--run', r.graphRunGroupId.slice(0, 8)]);
  assert.equal(h.code, 0, h.stderr);
  assert.match(h.stdout, /^NAME\s+STATE\s+ATTEMPT_NUMBER\s+SCHEDULED_FROM\s+QUERY_START_TIME\s+DURATION_MS\s+ROWS_IN\s+ROWS_OUT/);
  assert.match(h.stdout, /\nproductreview_task\s+SUCCEEDED\s+1\s+EXECUTE TASK\s+\S+ \S+\s+\d+\s+220\s+220/);

  const tr = cli(['traces', '--workspace', ws]);
  assert.equal(tr.code, 0, tr.stderr);
  assert.match(tr.stdout, new RegExp(`^graph run ${r.graphRunGroupId}: \\d+ event rows from EVENTS\\ntrace ${r.traceId}  graph run ${r.graphRunGroupId} attempt 1\\n`));
  assert.match(tr.stdout, /\n {4}productreview_task {2}\S+ m?s {2}OK {2}rows in 220 out 220\n/);

  const v = cli(['validate', '--workspace', ws, '--suite', 'bronze_product_reviews', '--json']);
  assert.equal(v.code, 0, v.stderr);
  const vj = JSON.parse(v.stdout) as { rowsWritten: number; suites: { name: string; success: boolean; evaluated: number; failed: number }[] };
  assert.deepEqual(vj.suites.map((s) => [s.name, s.success, s.failed]), [['bronze_product_reviews', true, 0]]);
  assert.equal(vj.rowsWritten, 1);

  const retry = cli(['retry', '--workspace', ws, '--data', DATA]);
  assert.equal(retry.code, 1);
  assert.match(retry.stderr, /SUCCEEDED: nothing to retry/);
  const from = cli(['run', '--from', 'nope', '--workspace', ws]);
  assert.equal(from.code, 2);
  assert.match(from.stderr, /^usage: retail-pipeline run /m);
});
