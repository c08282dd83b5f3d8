// Deploy through the REAL snowflake-sdk against the wire double: exactly the plan's statements
// in order (files PUT byte for byte), the MySQL secret sent only inside CREATE SECRET and never
// logged, the first error stops the run naming the statement and Snowflake's message, an
// expired session mid-deploy is recovered; and the same through the CLI with connections.toml.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LOAD_TASKS } from '../src/core/manifest';
import { streamLogger } from '../src/core/log';
import { withClient } from '../src/core/snowflake/client';
import { resolveDeployConfig } from '../src/core/snowflake/deploy-config';
import { DeployError, runDeployPlan, type DeployProgress } from '../src/core/snowflake/deploy-run';
import { buildDeployPlan, DEPLOY_PARTS, type PlanStatement } from '../src/core/snowflake/plan';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from './helpers/snowflake-double';

const tmp = mkdtempSync(join(tmpdir(), 'sf-deploy-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Small source files: the stage part PUTs them.
const dataDir = join(tmp, 'data');
mkdirSync(dataDir);
const FILES = LOAD_TASKS.map((t) => t.source!).filter((s) => s.kind !== 'mysql').map((s) => (s as { file: string }).file);
for (const f of FILES) writeFileSync(join(dataDir, f), `content of ${f}\n`);

const MYSQL_USER = 'retail_loader';
const MYSQL_PASSWORD = 'My-Sql-Pa55-xyz';
const parts = DEPLOY_PARTS.filter((p) => p !== 'admin');
const plan = () => buildDeployPlan({ config: resolveDeployConfig(), dataDir, only: parts });
const q = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
/** The text Snowflake must receive for a plan statement. */
const sent = (st: PlanStatement) => st.sql.replace(/:mysql_user\b/g, q(MYSQL_USER)).replace(/:mysql_password\b/g, q(MYSQL_PASSWORD));

const withDouble = async (fn: (d: SnowflakeDouble) => Promise<void>): Promise<void> => {
  await SnowflakeDouble.around(fn);
};

test('deploy sends exactly the plan, in order; PUT uploads the source files; progress per statement', () => withDouble(async (d) => {
  const lines: string[] = [];
  const logger = streamLogger((l) => lines.push(l), 'DEBUG');
  const p = plan();
  const progress: DeployProgress[] = [];
  const r = await withClient(d.connectionOptions(), logger, (c) => runDeployPlan(c, p, {
    secrets: { mysql_user: MYSQL_USER, mysql_password: MYSQL_PASSWORD }, logger, onProgress: (x) => progress.push(x),
  }));
  assert.equal(r.executed, p.length);
  assert.ok(p.length > 50, `plan of ${p.length} statements`);
  assert.deepEqual(d.sqlTexts, p.map(sent));
  assert.deepEqual(progress.map((x) => x.index), p.map((_, i) => i));
  for (const f of FILES) assert.equal(readFileSync(join(d.stageDir, 'SOURCE_FILES', f), 'utf8'), `content of ${f}\n`);
  // The MySQL password went out exactly once, inside CREATE SECRET; the Snowflake password only at login.
  const carrying = d.requestsCarrying(MYSQL_PASSWORD);
  assert.equal(carrying.length, 1);
  assert.equal(carrying[0].path, '/queries/v1/query-request');
  assert.match(JSON.parse(carrying[0].body).sqlText, /^CREATE OR REPLACE SECRET mysql_cred/);
  assert.deepEqual(d.requestsCarrying('double-login-pw').map((x) => x.path), ['/session/v1/login-request']);
  assert.ok(!lines.join('').includes(MYSQL_PASSWORD));
}));

test('the first error stops the deploy with the statement, Snowflake\'s code and message; nothing after it is sent', () => withDouble(async (d) => {
  d.failOn(/^CREATE ICEBERG TABLE/, { code: '002003', sqlState: '02000', message: "SQL compilation error:\nExternal volume 'RETAIL_ICEBERG_VOLUME' does not exist or not authorized." });
  const logger = streamLogger(() => undefined);
  const p = plan();
  const at = p.findIndex((s) => s.part === 'iceberg');
  await assert.rejects(withClient(d.connectionOptions(), logger, (c) => runDeployPlan(c, p, { secrets: { mysql_user: MYSQL_USER, mysql_password: MYSQL_PASSWORD }, logger })), (e: DeployError) => {
    assert.ok(e instanceof DeployError);
    assert.equal(e.index, at);
    assert.equal(e.cause.code, '002003');
    assert.match(e.message, new RegExp(`^deploy stopped at statement ${at + 1} of ${p.length} \\(iceberg: create the Iceberg table GOLD_\\w+\\): Snowflake error 002003: SQL compilation error:\\nExternal volume 'RETAIL_ICEBERG_VOLUME' does not exist or not authorized\\.\\nstatement:\\n  CREATE ICEBERG TABLE IF NOT EXISTS GOLD_`));
    return true;
  });
  assert.deepEqual(d.sqlTexts, p.slice(0, at + 1).map(sent));
}));

test('an expired session in the middle of the deploy is renewed and the deploy completes', () => withDouble(async (d) => {
  d.expireSessionOn(/^CREATE OR REPLACE PROCEDURE usp_loadSilverToGold/);
  const logger = streamLogger(() => undefined);
  const p = plan();
  await withClient(d.connectionOptions(), logger, (c) => runDeployPlan(c, p, { secrets: { mysql_user: MYSQL_USER, mysql_password: MYSQL_PASSWORD }, logger }));
  assert.equal(d.renewals, 1);
  assert.deepEqual(d.sqlTexts, p.map(sent));
}));

test('a session that ends for good mid-deploy: a fresh login, and every statement still sent exactly once', () => withDouble(async (d) => {
  d.endSessionOn(/^CREATE OR REPLACE TASK bronze_silver_task/);
  const logger = streamLogger(() => undefined);
  const p = plan();
  await withClient(d.connectionOptions(), logger, async (c) => {
    await runDeployPlan(c, p, { secrets: { mysql_user: MYSQL_USER, mysql_password: MYSQL_PASSWORD }, logger });
    assert.equal(c.reconnects, 1);
  });
  assert.equal(d.logins.length, 2);
  assert.deepEqual(d.sqlTexts, p.map(sent));
}));

test('missing secret values are reported before anything is sent', () => withDouble(async (d) => {
  const logger = streamLogger(() => undefined);
  await assert.rejects(withClient(d.connectionOptions(), logger, (c) => runDeployPlan(c, plan(), { secrets: { mysql_user: MYSQL_USER }, logger })),
    /the plan needs values for :mysql_password/);
  assert.deepEqual(d.sqlTexts, []);
}));

test('CLI: deploy --connection runs the plan without the admin part, with progress on stderr and no secret in the output', () => withDouble(async (d) => {
  const home = snowflakeHome(d, tmp, 'dev');
  const env = { SNOWFLAKE_HOME: home, RETAIL_MYSQL_URL: `mysql://${MYSQL_USER}:${encodeURIComponent(MYSQL_PASSWORD)}@127.0.0.1:3306/retail_db`, RETAIL_MYSQL_USER: undefined, RETAIL_MYSQL_PASSWORD: undefined };
  const r = await runCliAsync(['deploy', '--connection', 'dev', '--data', dataDir], env);
  assert.equal(r.code, 0, r.stderr);
  const p = plan();
  assert.deepEqual(d.sqlTexts, p.map(sent));
  assert.match(r.stderr, /the admin part is not run/);
  assert.match(r.stderr, new RegExp(`\\[1/${p.length}\\] setup: use the pipeline role`));
  assert.match(r.stderr, new RegExp(`\\[${p.length}/${p.length}\\] tasks: resume the root task`));
  assert.match(r.stderr, new RegExp(`deployed: ${p.length} statements`));
  assert.ok(!(r.stdout + r.stderr).includes(MYSQL_PASSWORD));
  assert.ok(!(r.stdout + r.stderr).includes('double-login-pw'));

  // A failing statement: exit 1 and the statement and Snowflake's message on stderr.
  const before = d.statements.length;
  d.failOn(/^CREATE OR REPLACE PROCEDURE usp_loadBronzeToSilver/, { code: '100357', message: 'Cortex function SENTIMENT is not available in this region.' });
  const f = await runCliAsync(['deploy', '--connection', 'dev', '--data', dataDir, '--only', 'procedures'], env);
  assert.equal(f.code, 1);
  assert.match(f.stderr, /error: deploy stopped at statement \d+ of \d+ \(procedures: create usp_loadBronzeToSilver from sql\/pipeline\/bronze_silver_task\/\): Snowflake error 100357: Cortex function SENTIMENT is not available in this region\.\nstatement:\n  CREATE OR REPLACE PROCEDURE usp_loadBronzeToSilver\(\)/);
  assert.equal(d.sqlTexts.at(-1)?.startsWith('CREATE OR REPLACE PROCEDURE usp_loadBronzeToSilver()'), true);
  assert.ok(d.statements.length > before);

  // No MySQL credentials and the integrations part in the plan: refused before connecting.
  const logins = d.logins.length;
  const m = await runCliAsync(['deploy', '--connection', 'dev', '--data', dataDir, '--only', 'integrations'], { SNOWFLAKE_HOME: home, RETAIL_MYSQL_URL: undefined, RETAIL_MYSQL_USER: undefined, RETAIL_MYSQL_PASSWORD: undefined });
  assert.equal(m.code, 2);
  assert.match(m.stderr, /needs the MySQL credentials/);
  assert.equal(d.logins.length, logins);
}));

test('CLI: an unknown connection name says where it looked', async () => {
  const home = mkdtempSync(join(tmp, 'empty-'));
  const r = await runCliAsync(['deploy', '--connection', 'nope', '--only', 'setup'], { SNOWFLAKE_HOME: home });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No Snowflake connection named "nope" in .*connections\.toml or .*config\.toml \(no connections defined there\)/);
});
