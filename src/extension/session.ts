// A session is what a target switch throws away: the current Target (core/targets/target.ts)
// with what the extension adds to it. For the local target, the handle on the workspace's DuckDB
// warehouse (drivers from the heavy bundle on first use); for Snowflake (snowflake-session.ts),
// its connection. Which one exists is target-factory.ts's business alone.
import type * as vscode from 'vscode';
import { LocalTarget, type LocalExecution } from '../core/targets/local/local-target';
import type { Logger } from '../core/log';
import type { SnowflakeSession } from './snowflake-session';
import { heavy } from './load-heavy';

export type { TargetKind } from '../core/targets/capabilities';

/** The current target's session (ctx.currentTarget()). */
export type Session = LocalSession | SnowflakeSession;

export class LocalSession extends LocalTarget implements vscode.Disposable {
  /** stateDir: where the warehouse, stages and Iceberg tables live (retailPipeline.stateFolder);
   *  execution: what a run takes from the settings and secret storage, read when it starts. */
  constructor(workspace: string, readonly stateDir: string, log: Logger, execution: () => Promise<LocalExecution>) {
    super({ workspace, stateDir, log, execution }, () => heavy().LOCAL_DRIVER);
  }

  dispose(): void {
    void this.close();
  }
}
