// What a change of each retailPipeline.* setting sets off, as one table (after rust-analyzer's
// config.ts, whose requiresReloadOpts say which settings restart its server): Ctx applies it in
// its one onDidChangeConfiguration handler. The language server and the state-folder watcher
// follow the redraw (ctx.onDidChange) and restart themselves when the target or state folder
// they were started for changed.
import { SECTION } from './config';

export type SettingEffect =
  /** Forget the target picked with Select Target: the setting is the newer, explicit choice. */
  | 'forgetTargetPick'
  /** Forget the Snowflake connection picked with Select Target, for the same reason. */
  | 'forgetConnectionPick'
  /** End the session (DuckDB handle, Snowflake connection): the next use opens one on the new values. */
  | 'newSession'
  /** Publish the target's capabilities as context keys again (the target may have changed). */
  | 'capabilities'
  /** Redraw the tree, the Quality view, the status bar and the panels. */
  | 'redraw';

const SNOWFLAKE_SESSION: readonly SettingEffect[] = ['newSession', 'redraw'];

/** Every contributed setting (package.json; test/extension-unit checks the two lists agree). */
export const SETTING_EFFECTS: Readonly<Record<string, readonly SettingEffect[]>> = {
  defaultTarget: ['forgetTargetPick', 'newSession', 'capabilities', 'redraw'],
  'snowflake.connection': ['forgetConnectionPick', 'newSession', 'redraw'],
  'snowflake.warehouse': SNOWFLAKE_SESSION,
  'snowflake.database': SNOWFLAKE_SESSION,
  'snowflake.schema': SNOWFLAKE_SESSION,
  'snowflake.eventTable': SNOWFLAKE_SESSION,
  // Another warehouse: the handle on the old one is closed now, not on the next use.
  stateFolder: ['newSession', 'redraw'],
  // Read on each use (a run, a tree redraw): only what is drawn changes.
  dataFolder: ['redraw'],
  concurrency: ['redraw'],
  eventLogLevel: ['redraw'],
  mysqlPartitions: ['redraw'],
  'sentiment.positiveThreshold': ['redraw'],
  'sentiment.negativeThreshold': ['redraw'],
};

/** The effects of one configuration change; `affects` is the event's affectsConfiguration. */
export function settingEffects(affects: (key: string) => boolean): Set<SettingEffect> {
  const out = new Set<SettingEffect>();
  for (const [key, effects] of Object.entries(SETTING_EFFECTS)) {
    if (affects(`${SECTION}.${key}`)) for (const e of effects) out.add(e);
  }
  return out;
}
