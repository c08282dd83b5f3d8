// A session is what a target switch throws away: for the local target, the handle on the
// workspace's DuckDB warehouse. (A Snowflake session will own its connection the same way.)
import type * as vscode from 'vscode';
import { WarehouseAccess } from './warehouse-access';

export type TargetKind = 'local';

export class LocalSession implements vscode.Disposable {
  readonly kind: TargetKind = 'local';
  readonly access: WarehouseAccess;

  constructor(readonly workspace: string) {
    this.access = new WarehouseAccess(workspace);
  }

  get label(): string {
    return 'local';
  }

  dispose(): void {
    this.access.dispose();
  }
}
