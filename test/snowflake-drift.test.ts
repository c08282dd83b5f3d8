// Drift (`diff --connection`): the double answers SHOW / INFORMATION_SCHEMA reads the way an
// account looks after a faithful deploy (column types as Snowflake reports them, predecessors as
// qualified quoted names), then with hand-made drift; the real driver reads it back and the
// comparison must list exactly what differs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { streamLogger } from '../src/core/log';
import { LOAD_TASKS, TABLES, TASKS } from '../src/core/manifest';
import { withClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { detectDrift, skipUnchanged, tasksToRecreate, type DriftItem } from '../src/core/snowflake/drift';
import { buildDeployPlan, DEPLOY_PARTS } from '../src/core/snowflake/plan';
import { runCliAsync, snowflakeHome, SnowflakeDouble, type ResultSet } from './helpers/snowflake-double';
import { TaskGraphModel } from './helpers/task-graph-model';

const tmp = mkdtempSync(join(tmpdir(), 'sf-drift-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const cfg = resolveDeployConfig();
const plan = buildDeployPlan({ config: cfg, dataDir: tmp, only: DEPLOY_PARTS.filter((p) => p !== 'admin') });
const logger = streamLogger(() => undefined);

/** DATA_TYPE as INFORMATION_SCHEMA.COLUMNS reports the catalog's logical types. */
const DATA_TYPE: Record<string, string> = {
  VARCHAR: 'TEXT', INTEGER: 'NUMBER', BIGINT: 'NUMBER', 'DECIMAL(10,2)': 'NUMBER', 'DECIMAL(18,2)': 'NUMBER', 'DECIMAL(3,1)': 'NUMBER',
  DOUBLE: 'FLOAT', BOOLEAN: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP_NTZ', VARIANT: 'VARIANT',
};
const ICEBERG_DATA_TYPE: Record<string, string> = { ...DATA_TYPE, VARIANT: 'TEXT' };

interface Account {
  databases: string[]; schemas: string[]; warehouses: Record<string, string>[]; stages: string[]; rules: string[]; secrets: string[];
  integrations: string[]; eventTables: string[]; columns: [string, string, string][]; procedures: [string, string][]; tasks: Record<string, string | null>[];
}

/** The account after a faithful deploy. */
function deployedAccount(): Account {
  const tables = TABLES.filter((t) => plan.some((s) => new RegExp(`^CREATE (ICEBERG )?TABLE IF NOT EXISTS ${t.name} `).test(s.sql)));
  const q = (n: string) => `"RETAIL_PIPELINE"."RETAIL"."${n.toUpperCase()}"`;
  return {
    databases: ['RETAIL_PIPELINE'], schemas: ['RETAIL'], stages: ['SOURCE_FILES', 'CODEFILES'], rules: ['MYSQL_NETWORK_RULE'], secrets: ['MYSQL_CRED', 'MYSQL_HOSTNAME'],
    integrations: ['MYSQL_ACCESS_INTEGRATION'], eventTables: ['RETAIL_EVENTS'],
    warehouses: [{ name: 'RETAIL_WH', size: 'X-Small', auto_suspend: '60', auto_resume: 'true', state: 'SUSPENDED' }],
    columns: tables.flatMap((t) => t.columns.map((c): [string, string, string] => [t.name, c.name.toUpperCase(), (t.kind === 'iceberg' ? ICEBERG_DATA_TYPE : DATA_TYPE)[c.type]])),
    // Snowflake keeps the text between the $$ delimiters.
    procedures: plan.filter((s) => s.sql.startsWith('CREATE OR REPLACE PROCEDURE')).map((s): [string, string] => [
      /PROCEDURE (\w+)\(/.exec(s.sql)![1].toUpperCase(), s.sql.slice(s.sql.indexOf('$$') + 2, s.sql.lastIndexOf('$$'))]),
    tasks: TASKS.filter((t) => t.procedure || t.after.length === 0).map((t) => {
      const st = plan.find((s) => s.sql.startsWith(`CREATE OR REPLACE TASK ${t.name}\n`))!;
      return {
        name: t.name.toUpperCase(), warehouse: 'RETAIL_WH', schedule: /SCHEDULE = '([^']+)'/.exec(st.sql)?.[1] ?? null, state: 'started',
        predecessors: t.after.length ? JSON.stringify(t.after.map(q), null, 2) : '[]', definition: st.sql.split('\nAS\n')[1].trim(),
      };
    }),
  };
}

const text = (rows: Record<string, string | null>[]): ResultSet => {
  const cols = rows.length ? Object.keys(rows[0]) : ['name'];
  return { columns: cols.map((name) => ({ name, type: 'text' as const })), rows: rows.map((r) => cols.map((c) => r[c])) };
};
const names = (list: string[]) => text(list.map((name) => ({ name, created_on: '2026-11-20 08:00:00.000 -0800' })));

function serve(d: SnowflakeDouble, a: Account): void {
  d.respond((st) => {
    const s = st.sqlText;
    const like = /LIKE '([^']*)'/.exec(s)?.[1];
    const pick = (list: string[]) => names(list.filter((n) => !like || n === like));
    if (s.startsWith('SHOW DATABASES')) return pick(a.databases);
    if (s.startsWith('SHOW SCHEMAS')) return a.databases.length ? pick(a.schemas) : { error: { code: '002043', message: 'Database does not exist' } };
    if (s.startsWith('SHOW WAREHOUSES')) return text(a.warehouses.filter((w) => w.name === like));
    if (s.startsWith('SHOW STAGES')) return names(a.stages);
    if (s.startsWith('SHOW NETWORK RULES')) return names(a.rules);
    if (s.startsWith('SHOW SECRETS')) return names(a.secrets);
    if (s.startsWith('SHOW EXTERNAL ACCESS INTEGRATIONS')) return pick(a.integrations);
    if (s.startsWith('SHOW EVENT TABLES')) return pick(a.eventTables);
    if (s.startsWith('SHOW TASKS')) return text(a.tasks);
    if (/INFORMATION_SCHEMA\.COLUMNS/.test(s)) return text(a.columns.map(([TABLE_NAME, COLUMN_NAME, DATA_TYPE]) => ({ TABLE_NAME, COLUMN_NAME, DATA_TYPE })));
    if (/INFORMATION_SCHEMA\.PROCEDURES/.test(s)) return text(a.procedures.map(([PROCEDURE_NAME, PROCEDURE_DEFINITION]) => ({ PROCEDURE_NAME, ARGUMENT_SIGNATURE: '()', PROCEDURE_DEFINITION })));
    return undefined;
  });
}

async function drift(a: Account): Promise<{ items: DriftItem[]; sql: string[] }> {
  const d = await SnowflakeDouble.start();
  try {
    serve(d, a);
    const items = await withClient(d.connectionOptions(), logger, (c) => detectDrift(c, cfg, plan));
    return { items, sql: d.sqlTexts };
  } finally {
    await d.stop();
  }
}
const changes = (items: DriftItem[]) => items.filter((i) => i.change !== 'none').map((i) => [i.change, i.kind, i.name, ...i.details]);

test('an account deployed as planned shows no drift; every object of the plan is compared', async () => {
  const { items } = await drift(deployedAccount());
  assert.deepEqual(changes(items), []);
  const kinds = new Set(items.map((i) => i.kind));
  for (const k of ['database', 'schema', 'warehouse', 'stage', 'event table', 'table', 'iceberg table', 'network rule', 'secret', 'integration', 'procedure', 'task']) assert.ok(kinds.has(k as never), k);
  assert.equal(items.filter((i) => i.kind === 'task').length, 14);
  assert.equal(items.filter((i) => i.kind === 'iceberg table').length, 2);
});

test('drift is listed object by object: columns, types, the graph\'s AFTER, a procedure body, the warehouse, a missing stage, a suspended root', async () => {
  const a = deployedAccount();
  a.columns = a.columns.filter(([t, c]) => !(t === 'BRONZE_ORDERS' && c === 'STATUS'));
  a.columns.push(['BRONZE_ORDERS', 'LEGACY_FLAG', 'BOOLEAN']);
  // A timestamp column created as text by hand.
  a.columns = a.columns.map(([t, c, ty]): [string, string, string] => (t === 'BRONZE_CUSTOMERS' && c === 'CREATED_DATE' ? [t, c, 'TEXT'] : [t, c, ty]));
  // The original graph's race: bronze_silver_task did not wait for the two XML loads.
  const bs = a.tasks.find((t) => t.name === 'BRONZE_SILVER_TASK')!;
  bs.predecessors = JSON.stringify(LOAD_TASKS.filter((t) => t.source?.kind !== 'xml').map((t) => `"RETAIL_PIPELINE"."RETAIL"."${t.name.toUpperCase()}"`));
  a.tasks.find((t) => t.name === 'RETAIL_ROOT_TASK')!.state = 'suspended';
  a.procedures = a.procedures.map(([n, b]): [string, string] => [n, n === 'USP_LOADSILVERTOGOLD' ? b.replace('INSERT OVERWRITE', 'INSERT') : b]);
  a.warehouses[0].size = 'Medium';
  a.stages = ['SOURCE_FILES'];
  const { items } = await drift(a);
  const want = [
    ['update', 'warehouse', 'RETAIL_WH', 'size is Medium, planned XSMALL'],
    ['create', 'stage', 'CODEFILES'],
    ['update', 'procedure', 'USP_LOADSILVERTOGOLD', 'body differs from the plan (step SQL or procedure file changed)'],
    ['update', 'task', 'RETAIL_ROOT_TASK', 'state suspended, planned started (SYSTEM$TASK_DEPENDENTS_ENABLE)'],
    ['update', 'task', 'BRONZE_SILVER_TASK', `AFTER ${LOAD_TASKS.filter((t) => t.source?.kind !== 'xml').map((t) => t.name.toUpperCase()).sort().join(', ')}, planned ${LOAD_TASKS.map((t) => t.name.toUpperCase()).sort().join(', ')}`],
    ['update', 'table', 'BRONZE_CUSTOMERS', 'column CREATED_DATE is TEXT, planned TIMESTAMP_NTZ'],
    ['update', 'table', 'BRONZE_ORDERS', 'column STATUS missing', 'column LEGACY_FLAG is not in the plan'],
  ];
  const got = changes(items);
  assert.deepEqual(new Set(got.map((g) => JSON.stringify(g))), new Set(want.map((w) => JSON.stringify(w))));
  // Tables are CREATE … IF NOT EXISTS: deploy would not fix them, and says so.
  assert.equal(items.find((i) => i.name === 'BRONZE_ORDERS')!.deployFixes, false);
  assert.equal(items.find((i) => i.name === 'BRONZE_SILVER_TASK')!.deployFixes, true);
});

test('an empty account: everything to create, and nothing under the missing database is read', async () => {
  const a = deployedAccount();
  Object.assign(a, { databases: [], warehouses: [], integrations: [] });
  const { items, sql } = await drift(a);
  assert.ok(items.every((i) => i.change === 'create'), JSON.stringify(changes(items).filter((c) => c[0] !== 'create')));
  assert.ok(!sql.some((s) => /^SHOW (SCHEMAS|STAGES|TASKS)|INFORMATION_SCHEMA/.test(s)), sql.join('\n'));
});

test('CLI: diff --connection prints what a deploy would change and exits 1; 0 when in sync', async () => {
  const d = await SnowflakeDouble.start();
  try {
    const a = deployedAccount();
    serve(d, a);
    const env = { SNOWFLAKE_HOME: snowflakeHome(d, tmp) };
    const same = await runCliAsync(['diff', '--connection', 'double', '--data', tmp], env);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^\d+ objects as planned, 0 to create, 0 to update\n$/);
    a.columns = a.columns.filter(([t]) => t !== 'GE_VALIDATION_RESULTS');
    a.tasks.find((t) => t.name === 'SILVER_GOLD_TASK')!.warehouse = 'OTHER_WH';
    const r = await runCliAsync(['diff', '--connection', 'double', '--data', tmp], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^\+ create  table GE_VALIDATION_RESULTS\n~ update  task SILVER_GOLD_TASK\n      WAREHOUSE OTHER_WH, planned RETAIL_WH\n\d+ objects as planned, 1 to create, 1 to update\n$/);
  } finally {
    await d.stop();
  }
});

test('--skip-unchanged: procedures and tasks deployed as planned are not replaced; a drifted task is changed in place or re-created with every descendant, between suspend and enable', async () => {
  const inSync = skipUnchanged(plan, (await drift(deployedAccount())).items);
  assert.ok(!inSync.plan.some((s) => /^CREATE OR REPLACE (PROCEDURE|TASK)/.test(s.sql) || s.part === 'tasks'));
  assert.equal(inSync.skipped.filter((s) => s.part === 'procedures').length, plan.filter((s) => s.part === 'procedures').length);
  assert.equal(inSync.skipped.filter((s) => s.part === 'tasks').length, plan.filter((s) => s.part === 'tasks').length);
  // Everything else is still sent: the secret's value cannot be compared, PUTs re-upload.
  assert.ok(inSync.plan.some((s) => s.sql.startsWith('CREATE OR REPLACE SECRET')));
  assert.deepEqual(inSync.plan.map((s) => s.summary), plan.filter((s) => s.part !== 'procedures' && s.part !== 'tasks').map((s) => s.summary));

  // A warehouse or a body that drifted is changed in place: the task and its children's links stay.
  const a = deployedAccount();
  a.tasks.find((t) => t.name === 'SILVER_GOLD_TASK')!.warehouse = 'OTHER_WH';
  a.tasks.find((t) => t.name === 'MYSQL_ORDER_TASK')!.definition = 'CALL usp_loadMySQLData(\'retail_db\', \'orders\', \'BRONZE_ORDERS_OLD\')';
  const inPlace = skipUnchanged(plan, (await drift(a)).items);
  assert.deepEqual(inPlace.plan.filter((s) => s.part === 'tasks' || s.part === 'procedures').map((s) => s.sql.split('\n')[0]), [
    'ALTER TASK IF EXISTS retail_root_task SUSPEND',
    "ALTER TASK mysql_order_task MODIFY AS CALL usp_loadMySQLData('retail_db', 'orders', 'BRONZE_ORDERS')",
    'ALTER TASK silver_gold_task SET WAREHOUSE = "RETAIL_WH"',
    "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')",
  ]);
  // A suspended root needs no change of its own: the enable resumes it.
  const s2 = deployedAccount();
  s2.tasks.find((t) => t.name === 'RETAIL_ROOT_TASK')!.state = 'suspended';
  assert.deepEqual(skipUnchanged(plan, (await drift(s2)).items).plan.filter((s) => s.part === 'tasks').map((s) => s.sql.split('\n')[0]), [
    'ALTER TASK IF EXISTS retail_root_task SUSPEND', "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')",
  ]);
  // An AFTER that drifted re-creates the task, and CREATE OR REPLACE drops it: its children would
  // become standalone tasks that SYSTEM$TASK_DEPENDENTS_ENABLE no longer reaches, so every
  // descendant is re-created after it, in dependency order.
  const b = deployedAccount();
  b.tasks.find((t) => t.name === 'SILVER_GOLD_TASK')!.predecessors = '[]';
  assert.deepEqual(skipUnchanged(plan, (await drift(b)).items).plan.filter((s) => s.part === 'tasks').map((s) => s.sql.split('\n')[0]), [
    'ALTER TASK IF EXISTS retail_root_task SUSPEND', 'CREATE OR REPLACE TASK silver_gold_task', 'CREATE OR REPLACE TASK order_analytics_task',
    'CREATE OR REPLACE TASK customer_analytics_task', "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')",
  ]);
  // A missing load task: bronze_silver_task and everything below it follow.
  const c = deployedAccount();
  c.tasks = c.tasks.filter((t) => t.name !== 'MYSQL_ORDER_TASK');
  assert.deepEqual(skipUnchanged(plan, (await drift(c)).items).plan.filter((s) => s.sql.startsWith('CREATE OR REPLACE TASK')).map((s) => s.sql.split('\n')[0].split(' ').pop()), [
    'mysql_order_task', 'bronze_silver_task', 'data_validation_task', 'silver_gold_task', 'order_analytics_task', 'customer_analytics_task',
  ]);
  assert.deepEqual(tasksToRecreate(['RETAIL_ROOT_TASK']).size, 14);
});

test('CLI: deploy --skip-unchanged after a task changed leaves all 14 tasks reachable from the root and enabled (Snowflake\'s task rules applied to what was sent)', async () => {
  const d = await SnowflakeDouble.start();
  try {
    const a = deployedAccount();
    // silver_gold_task lost its AFTER on the account (it must be re-created, with its children),
    // and mysql_order_task's body drifted (changed in place).
    a.tasks.find((t) => t.name === 'SILVER_GOLD_TASK')!.predecessors = '[]';
    a.tasks.find((t) => t.name === 'MYSQL_ORDER_TASK')!.definition = 'CALL usp_loadMySQLData(\'retail_db\', \'orders\', \'BRONZE_ORDERS_OLD\')';
    // One step SQL edited too: its procedure differs, the tasks that CALL it do not.
    a.procedures = a.procedures.map(([n, body]): [string, string] => [n, n === 'USP_LOADSILVERTOGOLD' ? body.replace('INSERT OVERWRITE', 'INSERT') : body]);
    serve(d, a);
    const graph = new TaskGraphModel(a.tasks.map((t) => ({ name: String(t.name), after: t.predecessors ? (JSON.parse(String(t.predecessors)) as string[]).map((q) => q.split('.').pop()!.replace(/"/g, '')) : [], started: true })));
    const r = await runCliAsync(['deploy', '--connection', 'double', '--data', tmp, '--only', 'procedures,tasks', '--skip-unchanged'], { SNOWFLAKE_HOME: snowflakeHome(d, tmp) });
    assert.equal(r.code, 0, r.stderr);
    for (const sql of d.sqlTexts) graph.apply(sql);
    assert.deepEqual(graph.unreachableOrSuspended('RETAIL_ROOT_TASK'), []);
    assert.equal(graph.size, 14);
    // Every task waits for exactly the manifest's predecessors again.
    assert.deepEqual(graph.predecessors(), Object.fromEntries(TASKS.filter((t) => t.procedure || !t.after.length).map((t) => [t.name.toUpperCase(), t.after.map((x) => x.toUpperCase()).sort()])));
    assert.ok(d.sqlTexts.some((s) => s.startsWith('CREATE OR REPLACE PROCEDURE usp_loadSilverToGold()')));
    assert.ok(d.sqlTexts.some((s) => s.startsWith('ALTER TASK mysql_order_task MODIFY AS ')));
    assert.equal(d.sqlTexts.filter((s) => s.startsWith('CREATE OR REPLACE TASK')).length, 3);
  } finally {
    await d.stop();
  }
});

test('CLI: deploy --skip-unchanged reads the account first and sends only what changed', async () => {
  const d = await SnowflakeDouble.start();
  try {
    const a = deployedAccount();
    a.procedures = a.procedures.map(([n, b]): [string, string] => [n, n === 'USP_LOADORDERANALYTICS' ? `${b}\n-- edited on the account` : b]);
    serve(d, a);
    const r = await runCliAsync(['deploy', '--connection', 'double', '--data', tmp, '--only', 'procedures,tasks', '--skip-unchanged'], { SNOWFLAKE_HOME: snowflakeHome(d, tmp) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--skip-unchanged: \d+ statements skipped \(procedures and tasks deployed as planned; the task graph is left running\)/);
    const writes = d.sqlTexts.filter((s) => !/^(SHOW|SELECT TABLE_NAME|SELECT PROCEDURE_NAME|USE )/.test(s));
    assert.deepEqual(writes.map((s) => s.split('\n')[0]), ['CREATE OR REPLACE PROCEDURE usp_loadOrderAnalytics()']);
    // An edited step SQL changes its procedure only: the graph is not touched and stays whole and running.
    const graph = new TaskGraphModel(a.tasks.map((t) => ({ name: String(t.name), after: (JSON.parse(String(t.predecessors)) as string[]).map((q) => q.split('.').pop()!.replace(/"/g, '')), started: true })));
    for (const sql of d.sqlTexts) graph.apply(sql);
    assert.deepEqual(graph.unreachableOrSuspended('RETAIL_ROOT_TASK'), []);
    // The parts deployed without setup first take the pipeline's context.
    assert.deepEqual(d.sqlTexts.filter((s) => s.startsWith('USE ')), ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "RETAIL_WH"', 'USE DATABASE "RETAIL_PIPELINE"', 'USE SCHEMA "RETAIL_PIPELINE"."RETAIL"']);
  } finally {
    await d.stop();
  }
});
