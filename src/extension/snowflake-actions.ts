// What the Snowflake commands do, without VS Code: which deploy parts each deploy command runs,
// and the plan of a deploy command with the role/warehouse/schema context its parts assume.
// (Which commands a target offers at all is its capabilities, core/targets/capabilities.ts.)
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

/** The statements of `parts`. The core's plan itself puts the USE ROLE / WAREHOUSE / DATABASE /
 * SCHEMA context (src/core/snowflake/context.ts) before parts deployed without setup, for the CLI
 * and the editor alike; nothing is added here. */
export function deployPlanFor(build: BuildPlan, parts: readonly DeployPart[], o: Omit<PlanOptions, 'only'>): PlanStatement[] {
  return build({ ...o, only: parts });
}
