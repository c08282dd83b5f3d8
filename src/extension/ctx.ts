// The one context object of the extension (after rust-analyzer's Ctx): the VS Code handles,
// the typed config, the log channel, the current target session, and two disposal scopes,
// extension lifetime vs. session (disposed on target switch).
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { Config, SECTION } from './config';
import { channelLogger } from './log';
import type { Session, TargetKind } from './session';
import { ERROR_CODES, hasErrorCode } from '../shared/error-code';
import { settingEffects, type SettingEffect } from './settings-policy';
import { CAPABILITIES, capabilityContextKeys, isTargetKind, type TargetCapabilities } from '../core/targets/capabilities';
import { TARGET_FACTORIES } from './target-factory';
import { TARGET_NOT_READY } from '../core/targets/target';

/** workspaceState keys: the target and Snowflake connection picked with Select Target. */
const TARGET_KEY = 'retailPipeline.target';
const CONNECTION_KEY = 'retailPipeline.snowflakeConnection';

/** An error whose message is meant for the user as it is (no stack, no "Show Log" needed). */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly code = ERROR_CODES.user;
}

/** By code, not instanceof: the activation bundle and the commands bundle each have their own
 * copy of the class, and a command can throw either (Ctx's checks come from activation's). A
 * target that has nothing to act on yet (TargetNotReadyError: no warehouse before the first run)
 * says what to do, so it is the user's message too. */
export function isUserError(e: unknown): e is Error {
  return hasErrorCode(e, ERROR_CODES.user) || (e instanceof Error && (e as { code?: unknown }).code === TARGET_NOT_READY);
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
  private inProgress?: AbortController;
  private session?: Session;
  /** What the session was made from (target-factory.ts): another key, another session. */
  private sessionKey?: string;
  private readonly extCleanup: vscode.Disposable[] = [];
  private sessionCleanup: vscode.Disposable[] = [];

  constructor(readonly ext: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Retail Pipeline', { log: true });
    this.logger = channelLogger(this.log);
    this.pushExtCleanup(this.log, this.changed);
    // One handler for every setting; what each one sets off is settings-policy.ts's table.
    this.pushExtCleanup(vscode.workspace.onDidChangeConfiguration((e) => this.applySettingEffects(settingEffects((k) => e.affectsConfiguration(k)))));
    this.publishCapabilities();
  }

  private applySettingEffects(effects: ReadonlySet<SettingEffect>): void {
    if (effects.has('forgetTargetPick')) void this.ext.workspaceState.update(TARGET_KEY, undefined);
    if (effects.has('forgetConnectionPick')) void this.ext.workspaceState.update(CONNECTION_KEY, undefined);
    if (effects.has('newSession') && this.session) {
      this.log.info('settings the session is built from changed: it starts again on next use');
      this.disposeSession();
    }
    if (effects.has('capabilities')) this.publishCapabilities();
    if (effects.has('redraw')) this.fireChanged();
  }

  /** What the current target can do (core/targets/capabilities.ts). */
  get capabilities(): TargetCapabilities {
    return CAPABILITIES[this.target];
  }

  /** The current target's capabilities as context keys: package.json's `when` clauses show each
   * command only on a target where it works (the commands keep their own message for a call
   * from elsewhere, such as another extension or a keybinding, which `when` does not stop). */
  private publishCapabilities(): void {
    for (const [key, value] of Object.entries(capabilityContextKeys(this.target))) {
      void vscode.commands.executeCommand('setContext', key, value);
    }
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

  /** The run in progress in this window (graph run, retry, validation), set only by exclusive(). */
  get running(): AbortController | undefined {
    return this.inProgress;
  }

  /** Runs `fn` as this window's one run: while another is in progress it only warns (undefined).
   * It owns the run state: `running` (the controller `fn` gets to cancel with), the live task
   * states (cleared before and after) and the redraws of the views that follow them. */
  async exclusive<T>(title: string, fn: (controller: AbortController) => Promise<T>): Promise<T | undefined> {
    if (this.inProgress) {
      void vscode.window.showWarningMessage(`Retail Pipeline: a run is already in progress in this window; ${title} can start when it has finished.`);
      return undefined;
    }
    const controller = new AbortController();
    this.inProgress = controller;
    this.liveStates.clear();
    this.fireChanged();
    try {
      return await fn(controller);
    } finally {
      this.inProgress = undefined;
      this.liveStates.clear();
      this.fireChanged();
    }
  }

  get workspace(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** The target picked with Select Target in this workspace, else retailPipeline.defaultTarget. */
  get target(): TargetKind {
    const picked = this.ext.workspaceState.get<string>(TARGET_KEY);
    if (isTargetKind(picked)) return picked;
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('defaultTarget');
    return isTargetKind(setting) ? setting : 'local';
  }

  /** The Snowflake connection picked with Select Target, else retailPipeline.snowflake.connection
   * (undefined: the default connection of connections.toml). */
  get snowflakeConnection(): string | undefined {
    const picked = this.ext.workspaceState.get<string>(CONNECTION_KEY);
    if (picked) return picked;
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('snowflake.connection');
    return setting?.trim() || undefined;
  }

  /** "local", or "snowflake (<connection>)": what the tree's Target row and the status bar show. */
  get targetLabel(): string {
    return TARGET_FACTORIES[this.target].label(this);
  }

  /** The current target (core/targets/target.ts), its session created on first use and kept
   * while what it was made from (folder, state folder, connection) stays the same. */
  currentTarget(): Session {
    const ws = this.workspace;
    if (!ws) throw new UserError('Open a folder first: the pipeline\'s data files and its local warehouse live in the workspace folder.');
    const factory = TARGET_FACTORIES[this.target];
    const key = factory.key(this, ws);
    if (this.session && this.sessionKey === key) return this.session;
    this.disposeSession();
    const session = factory.create(this, ws);
    this.session = session;
    this.sessionKey = key;
    this.pushSessionCleanup(session);
    return session;
  }

  /** Target switch: the old session (its warehouse handle or Snowflake connection) goes, a new
   * one starts lazily. `connection`: the Snowflake connection to use (kept for this workspace). */
  async switchTarget(kind: TargetKind, connection?: string): Promise<void> {
    this.disposeSession();
    await this.ext.workspaceState.update(TARGET_KEY, kind);
    if (connection !== undefined) await this.ext.workspaceState.update(CONNECTION_KEY, connection);
    this.log.info(`target: ${this.targetLabel}`);
    this.publishCapabilities();
    this.fireChanged();
  }

  private disposeSession(): void {
    for (const d of this.sessionCleanup.splice(0).reverse()) {
      try { d.dispose(); } catch (e) { this.log.warn(`disposing the session: ${String(e)}`); }
    }
    this.session = undefined;
    this.sessionKey = undefined;
  }

  dispose(): void {
    this.running?.abort(new Error('VS Code is closing the extension'));
    this.disposeSession();
    for (const d of this.extCleanup.splice(0).reverse()) {
      try { d.dispose(); } catch { /* closing anyway */ }
    }
  }
}
