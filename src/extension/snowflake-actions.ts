// What the Snowflake commands do, without VS Code: which deploy parts each deploy command runs,
// which commands need a live connection (Show Deploy Plan and the connection editors do not),
// and the plan of a deploy command with the role/warehouse/schema context its parts assume.
// The plan itself is the core's (plan.ts); only its parts are chosen here.
import type { DeployPart, PlanOptions, PlanStatement } from '../core/snowflake/plan';

type BuildPlan = (o: PlanOptions) => PlanStatement[];

/** Deploy commands and the core plan parts they run, in the core's order. The admin part
 * (ACCOUNTADMIN) is never run from the editor: Show Deploy Plan prints it for an administrator. */
export const DEPLOY_COMMANDS = {
  'retailPipeline.deploySetup': { title: 'Deploy Setup SQL', parts: ['setup', 'integrations', 'iceberg', 'stage'] },
  'retailPipeline.deployProcedures': { title: 'Deploy Procedures', parts: ['procedures'] },
  'retailPipeline.deployTaskGraph': { title: 'Deploy Task Graph', parts: ['tasks'] },
} as const satisfies Record<string, { title: string; parts: readonly DeployPart[] }>;

export type DeployCommandId = keyof typeof DEPLOY_COMMANDS;

/** Commands of the Snowflake target that open a connection to the account. */
export const NEEDS_CONNECTION: ReadonlySet<string> = new Set([
  ...Object.keys(DEPLOY_COMMANDS),
  'retailPipeline.executeTaskGraph', 'retailPipeline.suspendTaskGraph', 'retailPipeline.resumeTaskGraph',
  // Run Pipeline / Run Task act on the account when the target is Snowflake.
  'retailPipeline.runPipeline', 'retailPipeline.runTask',
]);

/** Commands that work without an account: they only read or write local files. */
export const OFFLINE_COMMANDS: ReadonlySet<string> = new Set([
  'retailPipeline.showDeployPlan', 'retailPipeline.addSnowflakeConnection', 'retailPipeline.editConnectionsFile', 'retailPipeline.selectTarget',
]);

export const needsConnection = (commandId: string): boolean => NEEDS_CONNECTION.has(commandId);

/** The statements of `parts`. The core's plan itself puts the USE ROLE / WAREHOUSE / DATABASE /
 * SCHEMA context (src/core/snowflake/context.ts) before parts deployed without setup, for the CLI
 * and the editor alike; nothing is added here. */
export function deployPlanFor(build: BuildPlan, parts: readonly DeployPart[], o: Omit<PlanOptions, 'only'>): PlanStatement[] {
  return build({ ...o, only: parts });
}
