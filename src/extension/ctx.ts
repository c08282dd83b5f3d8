// The one context object of the extension (after rust-analyzer's Ctx): the VS Code handles,
// the typed config, the log channel, the current target session, and two disposal scopes,
// extension lifetime vs. session (disposed on target switch).
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { Config, SECTION } from './config';
import { channelLogger } from './log';
import { LocalSession, type TargetKind } from './session';

/** An error whose message is meant for the user as it is (no stack, no "Show Log" needed). */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export interface LastRun {
  readonly state: string;
  readonly at: Date;
  readonly summary: string;
}

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly config = new Config(() => vscode.workspace.getConfiguration(SECTION));
  /** Fired when what the views show may have changed (run events, target switch, refresh). */
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Task states of the run in progress, ahead of run history. */
  readonly liveStates = new Map<string, string>();
  lastRun?: LastRun;
  running?: AbortController;
  private session?: LocalSession;
  private readonly extCleanup: vscode.Disposable[] = [];
  private sessionCleanup: vscode.Disposable[] = [];

  constructor(readonly ext: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Retail Pipeline', { log: true });
    this.logger = channelLogger(this.log);
    this.pushExtCleanup(this.log, this.changed);
  }

  pushExtCleanup(...d: vscode.Disposable[]): void {
    this.extCleanup.push(...d);
  }

  pushSessionCleanup(...d: vscode.Disposable[]): void {
    this.sessionCleanup.push(...d);
  }

  fireChanged(): void {
    this.changed.fire();
  }

  get workspace(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  get target(): TargetKind {
    return 'local';
  }

  /** The session of the current target, created on first use. */
  requireSession(): LocalSession {
    const ws = this.workspace;
    if (!ws) throw new UserError('Open a folder first: the local target keeps its warehouse in <folder>/.retail/.');
    if (!this.session || this.session.workspace !== ws) {
      this.disposeSession();
      this.session = new LocalSession(ws);
      this.pushSessionCleanup(this.session);
    }
    return this.session;
  }

  peekSession(): LocalSession | undefined {
    return this.workspace ? this.requireSession() : undefined;
  }

  /** Target switch: the old session (and its warehouse handle) goes, a new one starts lazily. */
  switchTarget(kind: TargetKind): void {
    this.disposeSession();
    void this.ext.workspaceState.update('retailPipeline.target', kind);
    this.log.info(`target: ${kind}`);
    this.fireChanged();
  }

  private disposeSession(): void {
    for (const d of this.sessionCleanup.splice(0).reverse()) {
      try { d.dispose(); } catch (e) { this.log.warn(`disposing the session: ${String(e)}`); }
    }
    this.session = undefined;
  }

  dispose(): void {
    this.running?.abort(new Error('VS Code is closing the extension'));
    this.disposeSession();
    for (const d of this.extCleanup.splice(0).reverse()) {
      try { d.dispose(); } catch { /* closing anyway */ }
    }
  }
}
