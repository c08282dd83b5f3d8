// The one place the CLI picks a target. `--connection NAME` (or `snowflake <verb>`, which
// means the default connection when none is named) opens the Snowflake deployment; anything
// else opens the workspace's local warehouse. The verbs that act on a target (run, retry,
// history, traces, validate) take it from here and work through the Target interface
// (src/core/targets/target.ts) and the run records beside it (run-records.ts), never asking
// which kind it is. The Snowflake half is imported only when asked for, so a local command
// never loads snowflake-sdk.
import type { LocalExecution } from '../core/targets/local/local-target';
import type { Target } from '../core/targets/target';
import { intOption, type Options } from './args';
import type { CommandContext } from './main';
import { localRecords, snowflakeRecords, type RunRecords } from './run-records';
import { connectionFrom, deployConfigFrom, driverOptionsFor, LOCATION_OPTIONS } from './snowflake-connection';

/** Options every target verb accepts: where the Snowflake deployment is, and how a run on it is
 * followed (--wait polls every --poll-seconds until it ends or --timeout-seconds pass). */
export const TARGET_OPTIONS: Options = { ...LOCATION_OPTIONS, 'poll-seconds': { type: 'string' }, 'timeout-seconds': { type: 'string' } };
export const TARGET_USAGE = '[--connection NAME [--database DB --schema S --warehouse WH --event-table DB.S.T]]';
export const FOLLOW_USAGE = '[--poll-seconds N] [--timeout-seconds N]';

export interface CliTarget {
  readonly target: Target;
  readonly records: RunRecords;
  /** Where a graph run goes on without us (an account's task graph): submit it and return;
   *  Target.run follows it to the end instead. */
  readonly submit?: (mode: 'execute' | 'retry') => Promise<void>;
}

export interface TargetChoice {
  /** `snowflake <verb>`: the account, through the default connection when none is named. */
  readonly snowflake?: boolean;
  /** What a local run takes from the command line, asked when the run starts. */
  readonly execution?: () => LocalExecution;
  /** --suites-dir for a local validation. */
  readonly suitesDir?: string;
}

const noExecution = (): LocalExecution => {
  throw new Error('this command does not run tasks');
};

async function openTarget(values: Record<string, unknown>, ctx: CommandContext, choice: TargetChoice): Promise<CliTarget> {
  if (choice.snowflake || values.connection !== undefined) {
    // Checked before connecting: a bad number is the command line's mistake.
    const pollIntervalMs = intOption(values, 'poll-seconds', 10, 1) * 1000;
    const runTimeoutMs = intOption(values, 'timeout-seconds', 3600, 1) * 1000;
    const config = deployConfigFrom(values);
    const conn = connectionFrom(values, ctx.logger);
    const [{ openSnowflakeTarget }, { SnowflakeClient }] = await Promise.all([
      import('../core/targets/snowflake/snowflake-driver.js'), import('../core/snowflake/client.js'),
    ]);
    const target = openSnowflakeTarget({
      connectionName: conn.name, config, logger: ctx.logger, pollIntervalMs, runTimeoutMs,
      // INFORMATION_SCHEMA reads need a warehouse: the pipeline's when the connection names none.
      connect: () => SnowflakeClient.connect(driverOptionsFor(conn, ctx.logger, { warehouse: config.warehouse.toUpperCase() }), ctx.logger),
    });
    const submit = async (mode: 'execute' | 'retry') => {
      const { startGraphRun } = await import('../core/snowflake/operate.js');
      await startGraphRun(await target.account.client(), config, mode);
    };
    return { target, records: snowflakeRecords(target.account), submit };
  }
  const { openLocalTarget } = await import('../core/targets/local/local-driver.js');
  const target = await openLocalTarget({ workspace: ctx.workspace(values), log: ctx.logger, execution: choice.execution ?? noExecution, suitesDir: choice.suitesDir });
  return { target, records: localRecords(target.warehouse) };
}

/** Open the target the options name, hand it to `fn`, close it (warehouse or connection). */
export async function withTarget<T>(values: Record<string, unknown>, ctx: CommandContext, choice: TargetChoice, fn: (t: CliTarget) => Promise<T>): Promise<T> {
  const t = await openTarget(values, ctx, choice);
  try {
    return await fn(t);
  } finally {
    await t.target.close();
  }
}
