// What only one kind of target has, reached through the current target's capabilities (never
// its kind): the local warehouse for Preview Table, stages, Iceberg folders and runs in this
// window; the Snowflake account for deploys and the task graph's operations. A command called
// on a target without the part (from a keybinding or another extension, which `when` clauses do
// not stop) explains itself.
import type { Ctx } from './ctx';
import { UserError } from './ctx';
import type { LocalSession } from './session';
import type { SnowflakeSession } from './snowflake-session';

/** The local target's session, or an explanation naming the current target. */
export function localSession(ctx: Ctx, what = 'This'): LocalSession {
  if (!ctx.capabilities.hasLocalWarehouse) throw new UserError(`${what} works on the local target; the current target is ${ctx.targetLabel} (Retail Pipeline: Select Target).`);
  // The capability says which session the factory made (target-factory.ts).
  return ctx.currentTarget() as LocalSession;
}

/** The local session when the target has a local warehouse and a folder is open, else undefined
 *  (the views that show local things only). */
export function peekLocalSession(ctx: Ctx): LocalSession | undefined {
  return ctx.workspace && ctx.capabilities.hasLocalWarehouse ? localSession(ctx) : undefined;
}

/** The Snowflake session (connection opened on its first statement, not here). */
export function snowflakeSession(ctx: Ctx, what: string): SnowflakeSession {
  if (!ctx.capabilities.canOperateTaskGraph) {
    throw new UserError(`${what} acts on a Snowflake account: pick a connection first (Retail Pipeline: Select Target).`);
  }
  return ctx.currentTarget() as SnowflakeSession;
}
