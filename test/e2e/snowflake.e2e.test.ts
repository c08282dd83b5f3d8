// End-to-end: the Snowflake target in a real VS Code (code-server 4.100.3) in Chromium, against
// the executing Snowflake emulator (test/emulator/server.ts) running in this test process, set
// up as an administrator and a first deploy leave an account (every part but the tasks, one
// graph run; MariaDB seeded from sample_data/). The extension host is another process: it finds
// the emulator through a connections.toml in a temporary SNOWFLAKE_HOME, which code-server
// inherits from this process's environment. Through the UI only: Select Target -> the
// connection, Show Deploy Plan opens the plan as SQL, Deploy Task Graph deploys the tasks part,
// Execute Task Graph and Run Pipeline run the graph for real, Run Task CALLs a procedure that
// really runs. What was sent is still checked on the emulator's statement log. Screenshots:
// test-output/e2e/snowflake-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { provisionedEmulator, type Provisioned } from '../emulator/provision';
import type { SnowflakeEmulator } from '../emulator/server';
import { mysqlUnreachableReason } from '../helpers/mysql';
import { extensionHostLog, REPO, startVsCode, type VsCodeServer } from './harness';
import { useSnowflakeHome, type SnowflakeHome } from './snowflake-home';
import { e2eGate, expand, openWorkbench, runCommand, screenshots, showPipelineTree, SHOTS, treeRow, treeRows } from './workbench-ui';

const { reason, skip } = e2eGate();
const CONNECTION = 'e2e_double';
const LOGIN_PASSWORD = 'E2e-Double-Login-Pw-5309';
const ROOT = '"RETAIL_PIPELINE"."RETAIL"."RETAIL_ROOT_TASK"';
const ADDED = 'e2e_added';
const ADDED_ENV = 'SNOWFLAKE_CONNECTIONS_E2E_ADDED_';

let vs: VsCodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let account: Provisioned | undefined;
/** The emulator (the name kept from the recording double the assertions were written for). */
let double: SnowflakeEmulator | undefined;
let home: SnowflakeHome | undefined;
/** Logins, statements and session deletes of the provisioning, before the UI's. */
let base = { logins: 0, statements: 0, deleted: 0 };
/** What the UI sent, without the provisioning. */
const uiTexts = () => double!.sqlTexts.slice(base.statements);
let bronzeCustomers = 0;

const screens = screenshots(() => page, 'snowflake-');
const shot = (name: string) => screens.shot(`snowflake-${name}`);
const { ui } = screens;

/** Waits for a notification toast whose text matches, and returns its text. */
async function toast(text: RegExp, timeout = 60_000): Promise<string> {
  const t = page.locator('.notification-toast', { hasText: text }).first();
  await t.waitFor({ timeout });
  return (await t.textContent()) ?? '';
}

/** The extension's log channel as written to disk, once it has a line matching `line` (the
 * file is written asynchronously). */
async function logWith(line: RegExp): Promise<string> {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name === 'Retail Pipeline.log' ? [join(dir, d.name)] : []);
  let log = '';
  for (let i = 0; i < 60 && !line.test(log); i++) {
    await page.waitForTimeout(500);
    log = files(join(vs!.userDataDir, 'logs')).map((f) => readFileSync(f, 'utf8')).join('\n');
  }
  return log;
}

before(async () => {
  if (skip) return;
  if (reason) throw new Error(`RETAIL_REQUIRE_E2E=1 but ${reason}`);
  const noMysql = await mysqlUnreachableReason();
  if (noMysql) throw new Error(`the Snowflake E2E runs the pipeline on the emulator, which loads from MariaDB: ${noMysql}`);
  mkdirSync(SHOTS, { recursive: true });
  // The account as an administrator and a first deploy leave it; the UI deploys the tasks part
  // again. E2E_WH is the warehouse a later test switches the settings to.
  account = await provisionedEmulator({
    expect: { user: 'e2e_user', password: LOGIN_PASSWORD }, login: { username: 'e2e_user', password: LOGIN_PASSWORD },
    dataDir: join(REPO, 'sample_data'), parts: ['admin', 'setup', 'integrations', 'iceberg', 'stage', 'procedures', 'tasks'],
    extra: ['CREATE WAREHOUSE IF NOT EXISTS "E2E_WH" WAREHOUSE_SIZE = XSMALL INITIALLY_SUSPENDED = TRUE'], runGraph: true,
  });
  double = account.emu;
  bronzeCustomers = Number((await account.client.execute('SELECT COUNT(*) AS N FROM "RETAIL_PIPELINE"."RETAIL"."BRONZE_CUSTOMERS"'))[0].N);
  await account.client.destroy();
  base = { logins: double.logins.length, statements: double.statements.length, deleted: double.sessionsDeleted };
  // The user may keep the password in connections.toml (0600) instead of secret storage.
  home = useSnowflakeHome(
    `[${CONNECTION}]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${double.port}\nprotocol = "http"\nuser = "e2e_user"\npassword = "${LOGIN_PASSWORD}"\n`);
  // code-server (and so the extension host) inherits this process's environment. The connection
  // added through the UI later gets the double's address from the core's per-connection
  // environment overrides (SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>).
  Object.assign(process.env, { [`${ADDED_ENV}HOST`]: '127.0.0.1', [`${ADDED_ENV}PORT`]: String(double.port), [`${ADDED_ENV}PROTOCOL`]: 'http' });
  vs = await startVsCode({ sampleData: join(REPO, 'sample_data') });
  ({ browser, page } = await openWorkbench(vs));
});

after(async () => {
  if (vs && process.env.RETAIL_E2E_DEBUG) process.stderr.write(extensionHostLog(vs.userDataDir));
  await browser?.close();
  await vs?.stop();
  await account?.close();
  for (const k of ['HOST', 'PORT', 'PROTOCOL']) delete process.env[`${ADDED_ENV}${k}`];
  home?.restore();
});

test('Select Target lists the connections of connections.toml; picking one makes the tree show it', { skip }, ui('select', async () => {
  await showPipelineTree(page);
  assert.ok((await treeRows(page)).some((r) => r.startsWith('Target: local')));
  await runCommand(page, 'Retail Pipeline: Select Target');
  const pick = page.locator('.quick-input-widget', { hasText: 'Select Target' });
  await pick.waitFor({ timeout: 10_000 });
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${CONNECTION}$`) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  // Each row's label and detail line: the connection is the one of SNOWFLAKE_HOME's file.
  const texts = await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
  assert.deepEqual(texts.filter((t) => ['local', CONNECTION, 'Add Snowflake Connection…'].includes(t)), ['local', CONNECTION, 'Add Snowflake Connection…']);
  assert.ok(texts.includes(`connection "${CONNECTION}" of ${home!.connectionsFile}`), JSON.stringify(texts));
  await row.click();
  await treeRow(page, `Target: snowflake (${CONNECTION})`).first().waitFor({ timeout: 15_000 });
  // Switching logs nobody in: the account is contacted by the first command that needs it.
  assert.equal(double!.logins.length, base.logins);
  assert.match((await page.locator('.statusbar').textContent()) ?? '', /snowflake/);
  await shot('01-target');
}));

test('Show Deploy Plan opens the plan as an untitled SQL editor, without a connection', { skip }, ui('plan', async () => {
  await runCommand(page, 'Retail Pipeline: Show Deploy Plan');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ timeout: 20_000 });
  await page.locator('.tab.active', { hasText: /Untitled/ }).waitFor({ timeout: 10_000 });
  // Monaco renders only the visible lines: count the statements with the find widget.
  await editor.click({ position: { x: 200, y: 100 } });
  await page.keyboard.press('Control+F');
  const find = page.locator('.find-widget textarea, .find-widget input').first();
  await find.waitFor({ timeout: 10_000 });
  await find.fill('CREATE OR REPLACE TASK');
  const count = page.locator('.find-widget .matchesCount');
  await page.waitForFunction(() => /of \d+/.test(document.querySelector('.find-widget .matchesCount')?.textContent ?? ''), null, { timeout: 10_000 });
  assert.match((await count.textContent()) ?? '', /of 14$/);
  await find.fill('-- ===== admin');
  await page.waitForFunction(() => /of 1$/.test(document.querySelector('.find-widget .matchesCount')?.textContent ?? ''), null, { timeout: 10_000 });
  await shot('02-deploy-plan');
  await page.keyboard.press('Escape');
  assert.equal(double!.logins.length, base.logins, 'the dry run contacts no account');
}));

test('Deploy Task Graph runs the tasks part on the account with progress; the emulator ran its statements', { skip }, ui('deploy', async () => {
  await runCommand(page, 'Retail Pipeline: Deploy Task Graph');
  const text = await toast(/Deploy Task Graph succeeded|Retail Pipeline: .*(error|stopped|acts on a Snowflake)/i, 90_000);
  await shot('03-deployed');
  assert.match(text, /Deploy Task Graph succeeded \(20 statements/, text);
  assert.equal(double!.logins.length, base.logins + 1);
  assert.equal(double!.logins.at(-1)!.loginName, 'e2e_user');
  // Connected, the tree reads the account's snapshot (row counts from metadata, last task runs).
  await page.locator('.pane-body .monaco-list-row', { hasText: 'Bronze' }).filter({ hasText: '8/8 tables' }).first().waitFor({ timeout: 20_000 });
  await expand(page, 'Bronze', 'BRONZE_CUSTOMERS');
  assert.ok(bronzeCustomers > 0);
  assert.match((await treeRows(page)).find((r) => r.startsWith('BRONZE_CUSTOMERS')) ?? '', new RegExp(`${bronzeCustomers.toLocaleString('en-US')} rows`));
  assert.match((await treeRows(page)).find((r) => r.startsWith('mysql_customer_task')) ?? '', /SUCCEEDED/);
  await shot('03b-tree-from-account');
  const sent = uiTexts().filter((t) => !/INFORMATION_SCHEMA/.test(t));
  assert.deepEqual(sent.slice(0, 5), ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "RETAIL_WH"', 'USE DATABASE "RETAIL_PIPELINE"', 'USE SCHEMA "RETAIL_PIPELINE"."RETAIL"', 'ALTER TASK IF EXISTS retail_root_task SUSPEND']);
  const creates = sent.filter((s) => s.startsWith('CREATE OR REPLACE TASK '));
  assert.equal(creates.length, 14);
  assert.match(creates[0], /^CREATE OR REPLACE TASK retail_root_task\n {2}WAREHOUSE = "RETAIL_WH"\n {2}SCHEDULE = 'USING CRON 0 0 \* \* \* America\/Los_Angeles'/);
  assert.ok(creates.some((s) => /^CREATE OR REPLACE TASK bronze_silver_task\n {2}WAREHOUSE = .*\n {2}COMMENT = .*\n {2}AFTER /.test(s)));
  assert.equal(sent.at(-1), "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')");
  // The graph on the account: 14 tasks, all started.
  assert.equal(double!.tasks.all().filter((t) => t.state === 'started').length, 14);
}));

test('Execute Task Graph sends EXECUTE TASK on the same session', { skip }, ui('execute', async () => {
  const before = double!.sqlTexts.length;
  await runCommand(page, 'Retail Pipeline: Execute Task Graph');
  const text = await toast(/task graph run submitted|Retail Pipeline: .*(error|acts on a Snowflake)/i);
  assert.match(text, new RegExp(`task graph run submitted on snowflake \\(${CONNECTION}\\)`), text);
  assert.deepEqual(double!.sqlTexts.slice(before).filter((t) => !/INFORMATION_SCHEMA/.test(t)), [`EXECUTE TASK ${ROOT}`]);
  assert.equal(double!.logins.length, base.logins + 1, 'the session keeps its connection');
  // The emulator really runs it: a new graph run, which succeeds.
  await double!.runner.idle();
  assert.equal(double!.runner.graphRuns.at(-1)!.STATE, 'SUCCEEDED');
  await shot('04-executed');
}));

test('switching back to local logs the Snowflake session out', { skip }, ui('switch-back', async () => {
  await runCommand(page, 'Retail Pipeline: Select Target');
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^local$/ }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await treeRow(page, 'Target: local').first().waitFor({ timeout: 15_000 });
  for (let i = 0; i < 50 && double!.sessionsDeleted === base.deleted; i++) await page.waitForTimeout(200);
  assert.equal(double!.sessionsDeleted, base.deleted + 1);
}));

/** Answers the open input box (or quick pick) titled `title`. */
async function answer(title: string, value: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: 10_000 });
  const input = page.locator('.quick-input-widget input');
  await input.fill(value);
  await page.keyboard.press('Enter');
}

test('Add Snowflake Connection: the connection goes to connections.toml, its password only to secret storage, and it logs in', { skip }, ui('add', async () => {
  await runCommand(page, 'Retail Pipeline: Add Snowflake Connection…');
  await answer('Add Snowflake Connection (1/8)', ADDED);
  await answer('Add Snowflake Connection (2/8)', 'testaccount');
  await answer('Add Snowflake Connection (3/8)', 'e2e_user');
  await page.locator('.quick-input-widget', { hasText: 'Add Snowflake Connection (4/8)' }).waitFor({ timeout: 10_000 });
  await page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^SNOWFLAKE$/ }) }).first().click();
  for (const n of [5, 6, 7, 8]) await answer(`Add Snowflake Connection (${n}/8)`, '');
  await page.locator('.quick-input-widget', { hasText: `Add Snowflake Connection: ${ADDED}` }).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.quick-input-widget input').getAttribute('type'), 'password');
  await answer(`Add Snowflake Connection: ${ADDED}`, LOGIN_PASSWORD);
  const added = page.locator('.notification-toast', { hasText: `connection "${ADDED}" added` }).first();
  await added.waitFor({ timeout: 15_000 });
  const file = readFileSync(home!.connectionsFile, 'utf8');
  assert.match(file, new RegExp(`\\[${ADDED}\\]\\naccount = "testaccount"\\nuser = "e2e_user"\\nauthenticator = "SNOWFLAKE"\\n$`));
  assert.equal(statSync(home!.connectionsFile).mode & 0o777, 0o600);
  await added.locator('.monaco-button', { hasText: 'Use It Now' }).first().click();
  await treeRow(page, `Target: snowflake (${ADDED})`).first().waitFor({ timeout: 15_000 });
  const logins = double!.logins.length;
  await runCommand(page, 'Retail Pipeline: Suspend Task Graph');
  assert.match(await toast(/task graph suspended on snowflake \(e2e_added\)|Retail Pipeline: .*(error|needs)/i), /suspended/);
  assert.equal(double!.logins.length, logins + 1);
  assert.equal(double!.logins.at(-1)!.password, LOGIN_PASSWORD, 'the password from secret storage logged in');
  // After the login the tree reads the account (INFORMATION_SCHEMA): the command sent just the SUSPEND.
  assert.deepEqual(double!.sqlTexts.filter((t) => !/INFORMATION_SCHEMA/.test(t)).slice(-1), [`ALTER TASK ${ROOT} SUSPEND`]);
  // The password is nowhere but the secret storage: not in settings, not in the log.
  const log = await logWith(/task graph suspended/);
  assert.match(log, new RegExp(`Snowflake connection "${ADDED}" added to .*connections\\.toml \\(SNOWFLAKE; password in secret storage\\)`));
  assert.ok(!log.includes(LOGIN_PASSWORD), 'the password is not in the log');
  for (const f of [join(vs!.userDataDir, 'User', 'settings.json'), join(vs!.workspace, '.vscode', 'settings.json')]) {
    if (existsSync(f)) assert.ok(!readFileSync(f, 'utf8').includes(LOGIN_PASSWORD), `${f} does not contain the password`);
  }
  await shot('05-added-connection');
}));

test('a changed retailPipeline.snowflake.warehouse ends the session; Run Task then CALLs the step on the new one', { skip }, ui('settings-run-task', async () => {
  const deleted = double!.sessionsDeleted;
  const logins = double!.logins.length;
  mkdirSync(join(vs!.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(vs!.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'retailPipeline.snowflake.warehouse': 'E2E_WH' }));
  for (let i = 0; i < 100 && double!.sessionsDeleted === deleted; i++) await page.waitForTimeout(200);
  assert.equal(double!.sessionsDeleted, deleted + 1, 'the settings change logged the old session out');
  const before = double!.sqlTexts.length;
  await runCommand(page, 'Retail Pipeline: Run Task…');
  await page.locator('.quick-input-widget input[placeholder="Task of the pipeline graph"]').waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.quick-input-widget input').fill('order_analytics_task');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'order_analytics_task' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const text = await toast(/Run Task order_analytics_task (SUCCEEDED|FAILED)|Retail Pipeline: .*error/i);
  // The procedure really ran on the emulator: its return value names the tables it wrote.
  assert.match(text, /Run Task order_analytics_task SUCCEEDED: .*ANALYTICS_\w+: \d+ rows/, text);
  assert.equal(double!.logins.length, logins + 1);
  assert.equal(double!.logins.at(-1)!.query.warehouse, 'E2E_WH', 'the new session uses the configured warehouse');
  assert.deepEqual(double!.sqlTexts.slice(before).filter((t) => !/INFORMATION_SCHEMA/.test(t)),
    ['USE ROLE "RETAIL_PIPELINE_ROLE"', 'USE WAREHOUSE "E2E_WH"', 'USE DATABASE "RETAIL_PIPELINE"', 'USE SCHEMA "RETAIL_PIPELINE"."RETAIL"', 'CALL usp_loadOrderAnalytics()']);
  await shot('06-run-task');
}));

test('Run Pipeline on the Snowflake target executes the graph and follows graph history until the run finished', { skip }, ui('run-pipeline', async () => {
  await double!.runner.idle();
  const runs = double!.runner.graphRuns.length;
  const before = double!.sqlTexts.length;
  await runCommand(page, 'Retail Pipeline: Run Pipeline');
  const text = await toast(/Run Pipeline (SUCCEEDED|FAILED)|Retail Pipeline: .*error/i, 240_000);
  assert.match(text, /Run Pipeline SUCCEEDED \(graph run [0-9a-f]{8} SUCCEEDED in \d+\.\d s\)/, text);
  assert.ok(double!.sqlTexts.slice(before).includes(`EXECUTE TASK ${ROOT}`), 'EXECUTE TASK was sent');
  assert.equal(double!.runner.graphRuns.length, runs + 1);
  const run = double!.runner.graphRuns.at(-1)!;
  assert.ok(text.includes(run.GRAPH_RUN_GROUP_ID.slice(0, 8)), `the toast names the run ${run.GRAPH_RUN_GROUP_ID}`);
  assert.match((await page.locator('.statusbar').textContent()) ?? '', /snowflake.*SUCCEEDED/);
  await shot('07-run-pipeline');
}));

test('Deploy Setup SQL: the MySQL credentials of the stored connection are bound into CREATE SECRET only; the files are PUT to @SOURCE_FILES', { skip }, ui('deploy-setup', async () => {
  const mysqlPassword = 'E2e-Mysql-Pw-4242';
  await runCommand(page, 'Retail Pipeline: Set MySQL Connection');
  await answer('MySQL Connection (1/2)', 'mysql://loader@127.0.0.1:3306/retail_db');
  await answer('MySQL Connection (2/2)', mysqlPassword);
  const before = double!.sqlTexts.length;
  await runCommand(page, 'Retail Pipeline: Deploy Setup SQL');
  const text = await toast(/Deploy Setup SQL succeeded|Retail Pipeline: .*(error|stopped)/i, 90_000);
  assert.match(text, /Deploy Setup SQL succeeded \(\d+ statements/, text);
  const sent = double!.sqlTexts.slice(before).filter((t) => !/INFORMATION_SCHEMA/.test(t));
  assert.equal(sent[0], 'USE ROLE "RETAIL_PIPELINE_ROLE"', 'the setup part sets its own context');
  const secret = sent.find((t) => t.startsWith('CREATE OR REPLACE SECRET mysql_cred'));
  assert.equal(secret, `CREATE OR REPLACE SECRET mysql_cred\n  TYPE = PASSWORD\n  USERNAME = 'loader'\n  PASSWORD = '${mysqlPassword}'`);
  assert.equal(sent.filter((t) => t.includes(mysqlPassword)).length, 1, 'the password is in that statement only');
  assert.ok(sent.some((t) => t.startsWith('CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION mysql_access_integration')));
  // The stage part: the driver uploaded the data files (the emulator's LOCAL_FS stage folder, handed on to its engine).
  assert.ok(existsSync(join(double!.stageDir, 'SOURCE_FILES', 'product_reviews.json')), 'product_reviews.json PUT to @SOURCE_FILES');
  const log = await logWith(/Deploy Setup SQL: \d+ statements in/);
  assert.match(log, /integrations: store the MySQL credentials as a secret/);
  assert.ok(!log.includes(mysqlPassword), 'the MySQL password is not in the log');
  await shot('08-deploy-setup');
}));
