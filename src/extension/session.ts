// A session is what a target switch throws away: for the local target, the handle on the
// workspace's DuckDB warehouse; for Snowflake (snowflake-session.ts), its connection.
import type * as vscode from 'vscode';
import type { SnowflakeSession } from './snowflake-session';
import { WarehouseAccess } from '../core/targets/local/warehouse-access';
import { heavy } from './load-heavy';

export type { TargetKind } from '../core/targets/capabilities';

/** The current target's session (ctx.requireSession()); narrow on `kind`. */
export type Session = LocalSession | SnowflakeSession;

export class LocalSession implements vscode.Disposable {
  readonly kind = 'local' as const;
  readonly access: WarehouseAccess;

  /** stateDir: where the warehouse, stages and Iceberg tables live (retailPipeline.stateFolder). */
  constructor(readonly workspace: string, readonly stateDir: string) {
    this.access = new WarehouseAccess(workspace, stateDir, (ws, dir) => heavy().LocalWarehouse.open(ws, { stateDir: dir }));
  }

  get label(): string {
    return 'local';
  }

  dispose(): void {
    this.access.dispose();
  }
}
