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
  /** How long after this window's own activity ended its file events still count as its own:
   * the file watcher delivers events late (hundreds of ms, more on a busy machine), so the
   * writes at the very end of a validation would otherwise come back as an "external" change
   * and redraw the views once more, racing whatever the user is clicking. */
  readonly settleMs?: number;
  readonly refresh: () => void;
}

export class ExternalChangeRefresher {
  private timer?: NodeJS.Timeout;
  private disposed = false;
  private wasOwn = false;
  private settleUntil = 0;

  constructor(private readonly opts: ExternalChangeOptions) {}

  /** A file in the state folder was created, changed or deleted. */
  notify(): void {
    if (this.disposed) return;
    if (this.isOwn()) {
      // Ours: drop it, and anything pending from before our run started (the run refreshes).
      this.cancel();
      return;
    }
    // Trailing debounce: each event restarts the wait, so a burst gives one refresh.
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed && !this.isOwn()) this.opts.refresh();
    }, this.opts.delayMs ?? 500);
  }

  /** Call when this window's own activity may have started or ended (the session's change
   * event): the end starts the settle time. */
  ownActivityChanged(): void {
    const own = this.opts.ownActivity();
    if (this.wasOwn && !own) this.settleUntil = Date.now() + (this.opts.settleMs ?? 0);
    this.wasOwn = own;
  }

  private isOwn(): boolean {
    this.ownActivityChanged();
    return this.wasOwn || Date.now() < this.settleUntil;
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
