// The one context object of the extension (after rust-analyzer's Ctx): the VS Code handles,
// the typed config, the log channel, the current target session, and two disposal scopes,
// extension lifetime vs. session (disposed on target switch).
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { Config, SECTION } from './config';
import { channelLogger } from './log';
import { LocalSession, type Session, type TargetKind } from './session';
import { ERROR_CODES, hasErrorCode } from '../shared/error-code';
import { deployConfigFromSettings } from './snowflake-settings';
import { settingEffects, type SettingEffect } from './settings-policy';
import { SnowflakeSession } from './snowflake-session';
import { CAPABILITIES, capabilityContextKeys, type TargetCapabilities } from '../core/targets/capabilities';

/** workspaceState keys: the target and Snowflake connection picked with Select Target. */
const TARGET_KEY = 'retailPipeline.target';
const CONNECTION_KEY = 'retailPipeline.snowflakeConnection';

/** An error whose message is meant for the user as it is (no stack, no "Show Log" needed). */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly code = ERROR_CODES.user;
}

/** By code, not instanceof: the activation bundle and the commands bundle each have their own
 * copy of the class, and a command can throw either (Ctx's checks come from activation's). */
export function isUserError(e: unknown): e is UserError {
  return hasErrorCode(e, ERROR_CODES.user);
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
    const picked = this.ext.workspaceState.get<TargetKind>(TARGET_KEY);
    if (picked === 'local' || picked === 'snowflake') return picked;
    return vscode.workspace.getConfiguration(SECTION).get<string>('defaultTarget') === 'snowflake' ? 'snowflake' : 'local';
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
    return this.target === 'snowflake' ? `snowflake (${this.snowflakeConnection ?? 'default connection'})` : 'local';
  }

  /** The session of the current target, created on first use. */
  requireSession(): Session {
    return this.target === 'snowflake' ? this.requireSnowflakeSession() : this.requireLocalSession();
  }

  /** The Snowflake session (connection opened on its first statement, not here). */
  requireSnowflakeSession(): SnowflakeSession {
    const ws = this.workspace;
    if (!ws) throw new UserError('Open a folder first: the Snowflake target deploys the data files of <folder>/sample_data.');
    let settings;
    let config;
    try {
      settings = this.config.snowflake;
      config = deployConfigFromSettings(settings);
    } catch (e) {
      if (hasErrorCode(e, ERROR_CODES.invalidSnowflakeSetting)) throw new UserError(e.message);
      throw e;
    }
    const name = this.snowflakeConnection;
    const s = this.session;
    if (s?.kind === 'snowflake' && s.workspace === ws && s.connectionName === name) return s;
    this.disposeSession();
    const session = new SnowflakeSession(ws, name, config, { logger: this.logger, secrets: this.ext.secrets, onConnected: () => this.fireChanged() });
    this.session = session;
    this.pushSessionCleanup(session);
    return session;
  }

  /** For what only the local target has (its DuckDB warehouse): explains itself on Snowflake. */
  requireLocalSession(what = 'This'): LocalSession {
    if (this.target !== 'local') throw new UserError(`${what} works on the local target; the current target is ${this.targetLabel} (Retail Pipeline: Select Target).`);
    const ws = this.workspace;
    if (!ws) throw new UserError('Open a folder first: the local target keeps its warehouse in <folder>/.retail/.');
    // A new folder or a new retailPipeline.stateFolder is another warehouse: a new session.
    const stateDir = this.config.stateDir(ws);
    if (this.session?.kind !== 'local' || this.session.workspace !== ws || this.session.stateDir !== stateDir) {
      this.disposeSession();
      this.session = new LocalSession(ws, stateDir);
      this.pushSessionCleanup(this.session);
    }
    return this.session;
  }

  /** The local session when the target is local (what reads the DuckDB warehouse uses). */
  peekLocalSession(): LocalSession | undefined {
    return this.workspace && this.target === 'local' ? this.requireLocalSession() : undefined;
  }

  /** Target switch: the old session (its warehouse handle or Snowflake connection) goes, a new
   * one starts lazily. `connection`: the Snowflake connection to use (kept for this workspace). */
  async switchTarget(kind: TargetKind, connection?: string): Promise<void> {
    this.disposeSession();
    await this.ext.workspaceState.update(TARGET_KEY, kind);
    if (kind === 'snowflake' && connection !== undefined) await this.ext.workspaceState.update(CONNECTION_KEY, connection);
    this.log.info(`target: ${this.targetLabel}`);
    this.publishCapabilities();
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
