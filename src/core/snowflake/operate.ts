// Operating the deployed task graph: execute it (EXECUTE TASK), retry the last failed run
// (EXECUTE TASK … RETRY LAST), suspend / resume (SYSTEM$TASK_DEPENDENTS_ENABLE), run one step
// (CALL its procedure, the same call text the task runs), and drop the graph. Names are the
// manifest's, qualified with the configured database and schema.
import { ROOT_TASK, TASKS, topologicalOrder } from '../manifest';
import { snowflakeLiteral } from '../sql/identifiers';
import type { SnowflakeClient } from './client';
import { useContext } from './context';
import type { SnowflakeDeployConfig } from './deploy-config';
import { listGraphRuns, qualified, type GraphRunRow } from './history';
import { buildDeployPlan } from './plan';

const root = (c: SnowflakeDeployConfig) => qualified(c, ROOT_TASK);

/** Statement texts, exported so tests and the dry-run output name exactly what is sent. */
export const operateSql = {
  execute: (c: SnowflakeDeployConfig) => `EXECUTE TASK ${root(c)}`,
  retry: (c: SnowflakeDeployConfig) => `EXECUTE TASK ${root(c)} RETRY LAST`,
  suspend: (c: SnowflakeDeployConfig) => `ALTER TASK ${root(c)} SUSPEND`,
  // Resumes the root and every task of its graph in one call (ALTER TASK … RESUME one by one
  // would have to go leaves first).
  resume: (c: SnowflakeDeployConfig) => `SELECT SYSTEM$TASK_DEPENDENTS_ENABLE(${snowflakeLiteral(`${c.database}.${c.schema}.${ROOT_TASK}`.toUpperCase())})`,
  drop: (c: SnowflakeDeployConfig, task: string) => `DROP TASK IF EXISTS ${qualified(c, task)}`,
  // The deploy's context (context.ts): the procedure runs as the caller, in the pipeline's schema.
  useContext: (c: SnowflakeDeployConfig) => useContext(c).map((s) => s.sql),
};

/** The CALL a task runs, taken from the deploy plan's CREATE TASK so the two can never differ. */
export function stepCall(c: SnowflakeDeployConfig, taskName: string): string {
  const t = TASKS.find((x) => x.name.toLowerCase() === taskName.toLowerCase());
  if (!t) throw new Error(`Unknown task ${JSON.stringify(taskName)}; tasks: ${TASKS.map((x) => x.name).join(', ')}`);
  if (!t.procedure) throw new Error(`Task ${t.name} runs no procedure (it is the root of the graph); use execute instead`);
  const plan = buildDeployPlan({ config: c, dataDir: '.', only: ['tasks'] });
  const create = plan.find((s) => new RegExp(`^CREATE OR REPLACE TASK ${t.name}\\n`).test(s.sql));
  const call = create?.sql.split('\nAS\n')[1]?.trim();
  if (!call) throw new Error(`the deploy plan has no CREATE TASK for ${t.name}`);
  return call;
}

const runKey = (r: GraphRunRow) => `${r.GRAPH_RUN_GROUP_ID}#${r.ATTEMPT_NUMBER}`;

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly onPoll?: (run: GraphRunRow | undefined) => void;
}

/** Submit the graph run (or the retry), then optionally wait until that run has finished. */
export async function startGraphRun(client: SnowflakeClient, c: SnowflakeDeployConfig, mode: 'execute' | 'retry', wait?: WaitOptions): Promise<GraphRunRow | undefined> {
  const before = wait ? new Set((await listGraphRuns(client, c, 100)).map(runKey)) : undefined;
  await client.execute(mode === 'execute' ? operateSql.execute(c) : operateSql.retry(c), { summary: mode === 'execute' ? `execute ${ROOT_TASK}` : `retry the last run of ${ROOT_TASK}` });
  if (!wait || !before) return undefined;
  const deadline = Date.now() + (wait.timeoutMs ?? 3_600_000);
  const interval = wait.intervalMs ?? 10_000;
  for (;;) {
    wait.signal?.throwIfAborted();
    const fresh = (await listGraphRuns(client, c, 100)).find((r) => !before.has(runKey(r)));
    wait.onPoll?.(fresh);
    if (fresh && fresh.STATE !== 'EXECUTING' && fresh.STATE !== 'SCHEDULED') return fresh;
    if (Date.now() + interval > deadline) throw new Error(`the graph run did not finish within ${Math.round((wait.timeoutMs ?? 3_600_000) / 1000)} s (it keeps running; see history)`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function suspendGraph(client: SnowflakeClient, c: SnowflakeDeployConfig): Promise<void> {
  await client.execute(operateSql.suspend(c), { summary: `suspend ${ROOT_TASK}` });
}

export async function resumeGraph(client: SnowflakeClient, c: SnowflakeDeployConfig): Promise<void> {
  await client.execute(operateSql.resume(c), { summary: `resume ${ROOT_TASK} and its dependents` });
}

/** Run one step now, outside the graph: CALL its procedure. Returns the procedure's return value. */
export async function callStep(client: SnowflakeClient, c: SnowflakeDeployConfig, taskName: string): Promise<unknown> {
  const call = stepCall(c, taskName);
  for (const sql of operateSql.useContext(c)) await client.execute(sql);
  const rows = await client.execute(call, { summary: `${taskName}: ${call}` });
  const first = rows[0];
  return first ? Object.values(first)[0] : undefined;
}

/** Suspend the root, then drop every task, leaves first. */
export async function dropGraph(client: SnowflakeClient, c: SnowflakeDeployConfig): Promise<string[]> {
  await client.execute(`ALTER TASK IF EXISTS ${root(c)} SUSPEND`, { summary: `suspend ${ROOT_TASK}` });
  const order = topologicalOrder().filter((t) => t.procedure || t.name === ROOT_TASK).reverse();
  for (const t of order) await client.execute(operateSql.drop(c, t.name), { summary: `drop task ${t.name}` });
  return order.map((t) => t.name);
}
