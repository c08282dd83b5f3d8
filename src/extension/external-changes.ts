// Turns file events in the state folder (<workspace>/.retail: warehouse, run history, stages)
// into one refresh per burst, for changes made by another process: the CLI's `retail-pipeline
// run` writes hundreds of times; the tree should redraw once it is quiet, without polling.
// Changes made while this window's own run (or own warehouse use) is going on are dropped: the
// runner's events refresh the views already. No `vscode` import: unit-tested.

export interface ExternalChangeOptions {
  /** Quiet time after the last event before refreshing. */
  readonly delayMs?: number;
  /** True while this window itself is writing the state folder. */
  readonly ownActivity: () => boolean;
  readonly refresh: () => void;
}

export class ExternalChangeRefresher {
  private timer?: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly opts: ExternalChangeOptions) {}

  /** A file in the state folder was created, changed or deleted. */
  notify(): void {
    if (this.disposed) return;
    if (this.opts.ownActivity()) {
      // Ours: drop it, and anything pending from before our run started (the run refreshes).
      this.cancel();
      return;
    }
    // Trailing debounce: each event restarts the wait, so a burst gives one refresh.
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed && !this.opts.ownActivity()) this.opts.refresh();
    }, this.opts.delayMs ?? 500);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
