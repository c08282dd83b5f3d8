// Idempotency of the Snowflake deploy: deploying twice (every part, admin included) through the
// REAL snowflake-sdk against the wire double sends the same statements the second time, each of
// a kind that leaves an account already in that state unchanged (IF NOT EXISTS, OR REPLACE of
// code objects, GRANT, SET, PUT … OVERWRITE of identical bytes), and none that could lose data
// (no DROP/DELETE/TRUNCATE/INSERT, no CREATE OR REPLACE of a table).
// Local runs: two runs give identical gold and analytics tables (minus LAST_UPDATED), proved by
// test/pipeline-local.test.ts ('a second run gives identical gold and analytics tables…').
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LOAD_TASKS } from '../../src/core/manifest';
import { streamLogger } from '../../src/core/log';
import { withClient } from '../../src/core/snowflake/client';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { runDeployPlan } from '../../src/core/snowflake/deploy-run';
import { buildDeployPlan, DEPLOY_PARTS } from '../../src/core/snowflake/plan';
import { SnowflakeDouble } from '../helpers/snowflake-double';

const tmp = mkdtempSync(join(tmpdir(), 'rp-idem-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Statement kinds that change nothing when the account already has what they describe. */
const IDEMPOTENT: RegExp[] = [
  /^USE (ROLE|WAREHOUSE|DATABASE|SCHEMA) /,
  /^CREATE (ROLE|WAREHOUSE|DATABASE|SCHEMA|STAGE|EVENT TABLE|TABLE|ICEBERG TABLE) IF NOT EXISTS /,
  /^CREATE OR REPLACE (NETWORK RULE|SECRET|EXTERNAL ACCESS INTEGRATION|PROCEDURE|FUNCTION|TASK|VIEW) /,
  /^GRANT /,
  /^ALTER DATABASE \S+ SET /,
  /^ALTER ACCOUNT SET EVENT_TABLE = \S+$/,
  /^SET deploy_user = CURRENT_USER\(\)$/,
  /^ALTER TASK IF EXISTS \S+ (SUSPEND|RESUME)$/,
  /^ALTER TASK \S+ RESUME$/,
  /^PUT '[^']+' @\S+ .*OVERWRITE = TRUE/,
  /^SELECT SYSTEM\$TASK_DEPENDENTS_ENABLE\('[A-Za-z_]+'\)$/,
];
/** Never in a deploy: these lose or duplicate data when run on a live account. */
const DESTRUCTIVE = /^(DROP|DELETE|TRUNCATE|INSERT|UPDATE|MERGE|COPY INTO)\b|^CREATE OR REPLACE (TRANSIENT |ICEBERG |EVENT )?TABLE\b/i;

function stageDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = `${statSync(p).size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

test('deploying twice: the second deploy sends the same, idempotent statements, loses no data and re-creates only the code, the MySQL integration objects and the graph', async () => {
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  for (const s of LOAD_TASKS.map((t) => t.source!).filter((x) => x.kind !== 'mysql')) writeFileSync(join(dataDir, (s as { file: string }).file), `content of ${(s as { file: string }).file}\n`);
  const plan = buildDeployPlan({ config: resolveDeployConfig(), sentiment: { positive: 0.05, negative: -0.05 }, dataDir, only: DEPLOY_PARTS });
  const secrets = { mysql_user: 'loader', mysql_password: 'Idem-Pw-123' };
  const logger = streamLogger(() => undefined);
  const d = await SnowflakeDouble.start();
  try {
    const deploy = () => withClient(d.connectionOptions(), logger, (c) => runDeployPlan(c, plan, { secrets, logger }));
    await deploy();
    const first = d.sqlTexts;
    const stageAfterFirst = stageDigest(d.stageDir);
    assert.ok(first.length === plan.length && first.length > 50, `${first.length} statements`);
    assert.ok(Object.keys(stageAfterFirst).length === 3, 'the three source files were uploaded');

    await deploy();
    const second = d.sqlTexts.slice(first.length);
    assert.deepEqual(second, first, 'the second deploy sends exactly what the first did (nothing extra, nothing time- or run-dependent)');
    for (const sql of second) {
      const head = sql.split('\n')[0].trim();
      assert.doesNotMatch(head, DESTRUCTIVE, 'no statement that could lose or duplicate data');
      assert.ok(IDEMPOTENT.some((r) => r.test(head)), `not an idempotent statement: ${head}`);
    }
    // Tables that hold data are only ever created if missing.
    const tables = second.filter((x) => /^CREATE (ICEBERG )?TABLE/.test(x));
    assert.ok(tables.length >= 11 && tables.every((x) => /^CREATE (ICEBERG )?TABLE IF NOT EXISTS /.test(x)), tables.map((x) => x.split('\n')[0]).join('\n'));
    assert.deepEqual(stageDigest(d.stageDir), stageAfterFirst, 'the stage holds the same bytes');
    // What RELIABILITY.md says a second deploy re-creates, and nothing else: the MySQL network
    // rule, the two secrets and the integration (their content follows the configuration and
    // credentials, which cannot be read back), the procedures, and the tasks between the root's
    // suspend and SYSTEM$TASK_DEPENDENTS_ENABLE.
    const replaced: Record<string, number> = {};
    for (const x of second) {
      const kind = /^CREATE OR REPLACE (NETWORK RULE|SECRET|EXTERNAL ACCESS INTEGRATION|PROCEDURE|TASK) /.exec(x)?.[1];
      if (kind) replaced[kind] = (replaced[kind] ?? 0) + 1;
    }
    assert.deepEqual(replaced, { 'NETWORK RULE': 1, SECRET: 2, 'EXTERNAL ACCESS INTEGRATION': 1, PROCEDURE: 9, TASK: 14 });
    const suspend = second.indexOf('ALTER TASK IF EXISTS retail_root_task SUSPEND');
    const enable = second.indexOf("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('retail_root_task')");
    assert.ok(suspend >= 0 && enable === second.length - 1 && second.findIndex((x) => x.startsWith('CREATE OR REPLACE TASK')) > suspend);
  } finally {
    await d.stop();
  }
});
