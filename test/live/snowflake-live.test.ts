// Live Snowflake suite (opt-in: `npm run test:live` with SNOWFLAKE_CONNECTION_NAME set; skipped
// otherwise, also inside `npm test`). Deploys into a uniquely named database and warehouse, runs
// the file-load steps and the task graph, checks the contract's bronze tables and the history
// read-back, and drops everything it created.
//
// What it does NOT do, on purpose: the integrations part (the external access integration is an
// account-wide object with a fixed name that a real deployment may own) and the admin part (it
// needs ACCOUNTADMIN; run `deploy --dry-run --only admin` once for the role you test with). So
// the graph's MySQL tasks fail on an account without the integration, and the test expects and
// checks exactly that in TASK_HISTORY.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { streamLogger } from '../../src/core/log';
import { LOAD_TASKS, TABLES } from '../../src/core/manifest';
import { withClient, type SnowflakeClient } from '../../src/core/snowflake/client';
import { resolveConnection } from '../../src/core/snowflake/connections';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { runDeployPlan } from '../../src/core/snowflake/deploy-run';
import { eventsOfGraphRun, listGraphRuns, taskHistory } from '../../src/core/snowflake/history';
import { callStep, dropGraph, startGraphRun } from '../../src/core/snowflake/operate';
import { buildDeployPlan, type DeployPart } from '../../src/core/snowflake/plan';

const NAME = process.env.SNOWFLAKE_CONNECTION_NAME;

test('live: deploy, run the file loads and the graph, read history back, drop', {
  skip: NAME ? false : 'SNOWFLAKE_CONNECTION_NAME is not set (npm run test:live explains how to run the live Snowflake suite)',
  timeout: 30 * 60_000,
}, async () => {
  const logger = streamLogger((l) => process.stderr.write(l), 'INFO');
  const conn = resolveConnection(NAME);
  const suffix = randomBytes(4).toString('hex').toUpperCase();
  const role = process.env.SNOWFLAKE_LIVE_ROLE ?? conn.options.role;
  assert.ok(role, 'set SNOWFLAKE_LIVE_ROLE or give the connection a role');
  const volume = process.env.SNOWFLAKE_LIVE_EXTERNAL_VOLUME;
  const cfg = resolveDeployConfig({
    database: `RETAIL_PIPELINE_TEST_${suffix}`, warehouse: `RETAIL_TEST_WH_${suffix}`, role,
    eventTable: `RETAIL_PIPELINE_TEST_${suffix}.RETAIL.RETAIL_EVENTS`, ...(volume ? { externalVolume: volume } : {}),
  });
  const parts: DeployPart[] = ['setup', ...(volume ? ['iceberg' as const] : []), 'stage', 'procedures', 'tasks'];
  // Without the integration, usp_loadMySQLData cannot be created (it names the integration).
  const plan = buildDeployPlan({ config: cfg, dataDir: join(__dirname, '..', '..', 'sample_data'), only: parts })
    .filter((s) => !s.summary.startsWith('create usp_loadMySQLData'));

  await withClient(conn.options, logger, async (c: SnowflakeClient) => {
    try {
      const r = await runDeployPlan(c, plan, { logger, onProgress: (p) => logger.log('INFO', `[${p.index + 1}/${p.total}] ${p.statement.summary}`) });
      assert.equal(r.executed, plan.length);

      // The three file loads, called directly: bronze tables with the contract's columns and rows.
      for (const t of LOAD_TASKS.filter((x) => x.source?.kind !== 'mysql')) {
        await callStep(c, cfg, t.name);
        const [{ N }] = await c.execute<{ N: number }>(`SELECT COUNT(*) AS N FROM ${cfg.database}.${cfg.schema}.${t.writes[0]}`);
        assert.ok(N > 0, `${t.writes[0]} has rows`);
        const cols = await c.execute<{ COLUMN_NAME: string }>(
          `SELECT COLUMN_NAME FROM ${cfg.database}.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`, { binds: [cfg.schema, t.writes[0]] });
        const expected = TABLES.find((x) => x.name === t.writes[0])!.columns.map((x) => x.name.toUpperCase()).sort();
        assert.deepEqual(cols.map((x) => x.COLUMN_NAME).sort(), expected);
      }

      // The graph: file loads succeed, MySQL loads fail without the integration; history shows it.
      const run = await startGraphRun(c, cfg, 'execute', { timeoutMs: 20 * 60_000, intervalMs: 15_000 });
      assert.ok(run, 'a graph run finished');
      const tasks = await taskHistory(c, cfg, run.GRAPH_RUN_GROUP_ID);
      const state = (n: string) => tasks.find((x) => x.NAME === n)?.STATE;
      assert.equal(state('productreview_task'), 'SUCCEEDED');
      assert.equal(state('mysql_customer_task'), 'FAILED');
      assert.equal((await listGraphRuns(c, cfg, 5))[0].GRAPH_RUN_GROUP_ID, run.GRAPH_RUN_GROUP_ID);
      // Event-table ingestion lags by minutes: only check the read works.
      await eventsOfGraphRun(c, cfg, tasks);
    } finally {
      await dropGraph(c, cfg).catch((e: Error) => logger.log('WARN', `drop graph: ${e.message}`));
      await c.execute(`DROP DATABASE IF EXISTS ${cfg.database}`).catch((e: Error) => logger.log('WARN', `drop database: ${e.message}`));
      await c.execute(`DROP WAREHOUSE IF EXISTS ${cfg.warehouse}`).catch((e: Error) => logger.log('WARN', `drop warehouse: ${e.message}`));
    }
  });
});
