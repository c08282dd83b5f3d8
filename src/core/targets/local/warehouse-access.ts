// Opens the local DuckDB warehouse only while someone needs it. DuckDB lets one process at a
// time open the file for writing; holding it for the whole editor session would lock the CLI
// out. Users share one open instance (a tree refresh during a run reuses the run's instance)
// and the last one to finish closes it. DuckDB itself is loaded on first use (the `open`
// function given; the extension's comes from its heavy bundle), so this file imports no driver.
import { existsSync } from 'node:fs';
import { ERROR_CODES } from '../../../shared/error-code';
import { warehouseFile } from './state-dir';
import type { LocalWarehouse } from './warehouse';

/** Opens the warehouse file (LocalWarehouse.open, loaded lazily by whoever passes it). */
export type WarehouseOpener = (workspace: string, stateDir: string | undefined) => Promise<LocalWarehouse>;

export class WarehouseBusyError extends Error {
  override readonly name = 'WarehouseBusyError';
  readonly code = ERROR_CODES.warehouseBusy;
}

export class WarehouseAccess {
  private opening?: Promise<LocalWarehouse>;
  private users = 0;
  private disposed = false;

  /** stateDir: the state folder (retailPipeline.stateFolder), default <workspace>/.retail. */
  constructor(readonly workspace: string, readonly stateDir: string | undefined, private readonly openFile: WarehouseOpener) {}

  get path(): string {
    return warehouseFile(this.workspace, this.stateDir);
  }

  /** True once a run (or the CLI) has created the warehouse file. */
  exists(): boolean {
    return existsSync(this.path);
  }

  get isOpen(): boolean {
    return this.users > 0;
  }

  async use<T>(fn: (wh: LocalWarehouse) => Promise<T>): Promise<T> {
    if (this.disposed) throw new Error('the session was closed (target switched)');
    this.users++;
    try {
      if (!this.opening) this.opening = this.open();
      const wh = await this.opening;
      return await fn(wh);
    } finally {
      this.users--;
      if (this.users === 0) await this.close();
    }
  }

  private async open(): Promise<LocalWarehouse> {
    try {
      return await this.openFile(this.workspace, this.stateDir);
    } catch (e) {
      this.opening = undefined;
      const msg = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(msg)) {
        throw new WarehouseBusyError(`The warehouse ${this.path} is in use by another process (a CLI run?). Try again when it has finished.`);
      }
      throw e;
    }
  }

  private async close(): Promise<void> {
    const p = this.opening;
    this.opening = undefined;
    if (!p) return;
    try {
      (await p).close();
    } catch {
      // It never opened: nothing to close.
    }
  }

  /** Target switch / deactivation: refuse new users; the last current user closes the file. */
  dispose(): void {
    this.disposed = true;
  }
}
