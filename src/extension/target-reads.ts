// What the views (the Pipeline tree, the Quality view) read from the current target, in the
// activation bundle. One implementation over the Target interface: the reads load their drivers
// on first use and never start a login — a target that is not connected yet (Snowflake before
// any command connected) shows nothing rather than pop up a browser sign-in because a view was
// drawn. The commands' operations are target-ops.ts (commands bundle).
import { join, relative } from 'node:path';
import type { TargetKind } from '../core/targets/capabilities';
import type { Ctx } from './ctx';
import type { SuiteView } from './quality-snapshot';
import type { WarehouseSnapshot } from './snapshot';

/** Why a view has nothing to show yet, as a message row. */
export interface NotYet {
  readonly notYet: string;
  readonly tooltip: string;
}

/** How the Pipeline tree's Target row shows the target. */
export interface TargetDescription {
  readonly icon: string;
  readonly description: string;
  readonly tooltip: string;
}

export interface TargetReads {
  /** The Target row: where this target keeps the pipeline. */
  describe(): TargetDescription;
  /** Row counts and last task runs; undefined when there is nothing to read yet. */
  snapshot(): Promise<WarehouseSnapshot | undefined>;
  /** The last validation of each named suite (sql/quality/), or why there is none to read. */
  quality(suites: readonly { name: string; table: string }[]): Promise<SuiteView[] | NotYet>;
}

/** Where each kind of target keeps the pipeline, as the Target row says it. */
const DESCRIPTIONS: Readonly<Record<TargetKind, (ctx: Ctx) => TargetDescription>> = {
  local: (ctx) => {
    // The state folder is a setting (retailPipeline.stateFolder): show where it really is.
    const ws = ctx.workspace;
    const state = ws ? ctx.config.stateDir(ws) : undefined;
    const shown = state && ws ? (relative(ws, state).startsWith('..') ? state : `${relative(ws, state) || '.'}/`) : '.retail/';
    return {
      icon: 'server-environment', description: `DuckDB in ${shown}`,
      tooltip: `The local target: an embedded DuckDB warehouse in ${state ? join(state, 'warehouse.duckdb') : '<folder>/.retail/warehouse.duckdb'}.`,
    };
  },
  snowflake: () => ({
    icon: 'cloud', description: 'task graph on the account',
    tooltip: 'The Snowflake target: the pipeline deployed as procedures and a task graph with the connection of connections.toml named here.',
  }),
};

/** What the views read from the current target. */
export function targetReads(ctx: Ctx): TargetReads {
  return {
    describe: () => DESCRIPTIONS[ctx.target](ctx),
    snapshot: async () => {
      if (!ctx.workspace) return undefined;
      const target = ctx.currentTarget();
      return target.connected ? target.snapshot() : undefined;
    },
    quality: async (suites) => {
      const target = ctx.currentTarget();
      if (!target.connected) {
        return { notYet: `not connected to ${target.label} yet`, tooltip: 'Validate Data (or another Snowflake command) connects; then this view reads GE_VALIDATION_RESULTS from the account.' };
      }
      return target.quality(suites);
    },
  };
}
