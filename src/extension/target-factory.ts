// The one place that knows which kinds of target exist: a table from the kind to how its session
// (the current Target, core/targets/target.ts) is made and when an existing one can be kept. Ctx
// asks it for the picked kind; everything else holds the Target it gets and uses its operations
// and capabilities.
import { ERROR_CODES, hasErrorCode } from '../shared/error-code';
import type { SentimentThresholds } from '../core/sql/dialect';
import type { LocalExecution } from '../core/targets/local/local-target';
import type { TargetKind } from '../core/targets/capabilities';
import type { Ctx } from './ctx';
import { UserError } from './ctx';
import { registerSecretEverywhere } from './load-heavy';
import { mysqlPassword, readMysqlUrl } from './secrets';
import { LocalSession, type Session } from './session';
import { SnowflakeSession } from './snowflake-session';
import { deployConfigFromSettings } from './snowflake-settings';

interface TargetFactory {
  /** What the session is made from: an existing session with another key is replaced. */
  key(ctx: Ctx, workspace: string): string;
  create(ctx: Ctx, workspace: string): Session;
  /** The status bar's and the tree's name of the target. */
  label(ctx: Ctx): string;
}

/** The sentiment thresholds for a local run (undefined: the model's default); invalid settings
 *  stop the run before it starts, with the message naming the settings. */
export function sentimentSetting(ctx: Ctx): SentimentThresholds | undefined {
  try {
    return ctx.config.sentiment();
  } catch (e) {
    // By code: ctx.config is the activation bundle's, its error class that bundle's copy.
    if (hasErrorCode(e, ERROR_CODES.invalidSetting)) throw new UserError(e.message);
    throw e;
  }
}

/** What a local run takes from the settings and secret storage, read as it starts. */
async function localExecution(ctx: Ctx, workspace: string): Promise<LocalExecution> {
  const sentiment = sentimentSetting(ctx);
  const mysqlUrl = await readMysqlUrl(ctx.ext.secrets);
  if (mysqlUrl) registerSecretEverywhere(mysqlPassword(mysqlUrl));
  return {
    dataDir: ctx.config.dataDir(workspace), mysqlUrl, mysqlPartitions: ctx.config.mysqlPartitions,
    concurrency: ctx.config.concurrency, logLevel: ctx.config.eventLogLevel, sentiment,
  };
}

function snowflakeConfig(ctx: Ctx) {
  try {
    return deployConfigFromSettings(ctx.config.snowflake);
  } catch (e) {
    if (hasErrorCode(e, ERROR_CODES.invalidSnowflakeSetting)) throw new UserError(e.message);
    throw e;
  }
}

export const TARGET_FACTORIES: Readonly<Record<TargetKind, TargetFactory>> = {
  local: {
    // A new folder or a new retailPipeline.stateFolder is another warehouse: a new session.
    key: (ctx, ws) => `local\n${ws}\n${ctx.config.stateDir(ws)}`,
    create: (ctx, ws) => new LocalSession(ws, ctx.config.stateDir(ws), ctx.logger, () => localExecution(ctx, ws)),
    label: () => 'local',
  },
  snowflake: {
    // Checked on every use: a bad setting explains itself before any session is kept.
    key: (ctx, ws) => (snowflakeConfig(ctx), `snowflake\n${ws}\n${ctx.snowflakeConnection ?? ''}`),
    create: (ctx, ws) => new SnowflakeSession(ws, ctx.snowflakeConnection, snowflakeConfig(ctx), {
      logger: ctx.logger, secrets: ctx.ext.secrets, onConnected: () => ctx.fireChanged(),
    }),
    label: (ctx) => `snowflake (${ctx.snowflakeConnection ?? 'default connection'})`,
  },
};
