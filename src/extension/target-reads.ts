// What the views (the Pipeline tree, the Quality view) read from the current target, in the
// activation bundle: the one place there that asks which kind of target is current. The reads
// load their drivers on first use (load-heavy.ts) and never start a login: on Snowflake they
// read only once a command connected the session (a browser sign-in must not pop up because a
// view was drawn). The commands' operations are target-ops.ts (commands bundle).
import { join, relative } from 'node:path';
import { findTable } from '../core/manifest';
import type { Ctx } from './ctx';
import { heavy, snowflake } from './load-heavy';
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

function localReads(ctx: Ctx): TargetReads {
  return {
    describe: () => {
      // The state folder is a setting (retailPipeline.stateFolder): show where it really is.
      const ws = ctx.workspace;
      const state = ws ? ctx.config.stateDir(ws) : undefined;
      const shown = state && ws ? (relative(ws, state).startsWith('..') ? state : `${relative(ws, state) || '.'}/`) : '.retail/';
      return {
        icon: 'server-environment', description: `DuckDB in ${shown}`,
        tooltip: `The local target: an embedded DuckDB warehouse in ${state ? join(state, 'warehouse.duckdb') : '<folder>/.retail/warehouse.duckdb'}.`,
      };
    },
    snapshot: async () => {
      const session = ctx.peekLocalSession();
      // No warehouse file yet: nothing to count, and opening would create one.
      if (!session || !session.access.exists()) return undefined;
      return session.access.use((wh) => heavy().readSnapshot(wh));
    },
    quality: async (suites) => {
      const session = ctx.requireLocalSession('The Quality view');
      // No warehouse yet: the suites without results, and no empty database file created.
      if (!session.access.exists()) return suites.map((s): SuiteView => ({ name: s.name }));
      return session.access.use((wh) => heavy().readQualitySnapshot(wh, suites.map((s) => s.name)));
    },
  };
}

function snowflakeReads(ctx: Ctx): TargetReads {
  return {
    describe: () => ({
      icon: 'cloud', description: 'task graph on the account',
      tooltip: 'The Snowflake target: the pipeline deployed as procedures and a task graph with the connection of connections.toml named here.',
    }),
    snapshot: async () => {
      const session = ctx.requireSnowflakeSession();
      return session.connected ? session.snapshot() : undefined;
    },
    quality: async (suites) => {
      const session = ctx.requireSnowflakeSession();
      if (!session.connected) {
        return { notYet: `not connected to ${session.label} yet`, tooltip: 'Validate Data (or another Snowflake command) connects; then this view reads GE_VALIDATION_RESULTS from the account.' };
      }
      // The account's validation procedure runs the bronze and silver suites only.
      const lib = snowflake();
      const validated = suites.filter((s) => lib.VALIDATED_LAYERS.includes(findTable(s.table)?.layer ?? '')).map((s) => s.name);
      return lib.readSnowflakeQualitySnapshot(await session.client(), session.config, validated);
    },
  };
}

/** The factory: what the views read from the current target. */
export function targetReads(ctx: Ctx): TargetReads {
  return ctx.target === 'snowflake' ? snowflakeReads(ctx) : localReads(ctx);
}
