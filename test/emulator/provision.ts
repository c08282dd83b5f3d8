// An emulated account set up the way an administrator and a first deploy leave a real one: the
// plan's parts run through the real driver (core deploy functions, as the CLI runs them), and
// optionally one graph run to completion, so UI tests start from an account with data, history
// and traces instead of fixtures. MariaDB is seeded from the given data folder first.
import { silentLogger } from '../../src/core/log';
import { seedMysql } from '../../src/core/mysql/seed';
import { SnowflakeClient } from '../../src/core/snowflake/client';
import { resolveDeployConfig } from '../../src/core/snowflake/deploy-config';
import { runDeployPlan } from '../../src/core/snowflake/deploy-run';
import { startGraphRun } from '../../src/core/snowflake/operate';
import { buildDeployPlan, type DeployPart } from '../../src/core/snowflake/plan';
import type { DriverOptions } from '../../src/core/snowflake/connections';
import { tempDatabase, type TempDatabase } from '../helpers/mysql';
import { startEmulator, type EmulatorOptions, type SnowflakeEmulator } from './server';

export interface Provisioned {
  readonly emu: SnowflakeEmulator;
  readonly mysql: TempDatabase;
  /** A client logged in as the account's user (the same credentials the UI uses). */
  readonly client: SnowflakeClient;
  close(): Promise<void>;
}

export interface ProvisionOptions extends EmulatorOptions {
  readonly dataDir: string;
  readonly login: Pick<DriverOptions, 'username' | 'password'>;
  readonly parts: readonly DeployPart[];
  /** Extra statements after the plan (e.g. a second warehouse a test switches to). */
  readonly extra?: readonly string[];
  /** Run the graph once and wait for it. */
  readonly runGraph?: boolean;
}

export async function provisionedEmulator(o: ProvisionOptions): Promise<Provisioned> {
  const mysql = await tempDatabase();
  await seedMysql(mysql.url, o.dataDir, { log: silentLogger });
  const emu = await startEmulator({ ...o, mysqlUrl: mysql.url });
  const client = await SnowflakeClient.connect({ ...emu.connectionOptions(), ...o.login }, silentLogger);
  const config = resolveDeployConfig();
  const plan = buildDeployPlan({ config, dataDir: o.dataDir, only: [...o.parts] });
  await runDeployPlan(client, plan, { secrets: { mysql_user: 'retail_loader', mysql_password: 'Provisioned-Pw-1' }, logger: silentLogger });
  for (const sql of o.extra ?? []) await client.execute(sql);
  if (o.runGraph) {
    const run = await startGraphRun(client, config, 'execute', { intervalMs: 500, timeoutMs: 600_000 });
    if (run?.STATE !== 'SUCCEEDED') throw new Error(`the provisioning graph run ended ${run?.STATE}: ${run?.FIRST_ERROR_TASK_NAME} ${run?.FIRST_ERROR_MESSAGE}`);
  }
  return {
    emu, mysql, client,
    async close() {
      await client.destroy();
      await emu.close();
      await mysql.drop();
    },
  };
}
