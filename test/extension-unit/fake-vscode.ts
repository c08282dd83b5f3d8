// A minimal `vscode` module for unit tests of src/extension in plain Node (no code-server, no
// browser). Unlike test/helpers/fake-vscode.ts (inert stand-ins, for loading the packaged
// bundles), every member here behaves: commands are a real registry, messages, quick picks and
// input boxes answer from a script the test writes (and are recorded), withProgress hands out a
// cancellation token the test can fire, webview panels record what the host posts and let the
// test post messages in. A member the extension uses but that is missing here is undefined, so
// a test fails loudly instead of passing over an unfaked call.
//
// Installed by install-vscode.ts before any src/extension module is loaded.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Disposable {
  constructor(private readonly fn: () => unknown = () => undefined) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly fsPath: string) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, join(base.fsPath, ...parts));
  }
  static parse(s: string): Uri {
    return s.startsWith('file://') ? new Uri('file', new URL(s).pathname) : new Uri(s.split(':')[0], s);
  }
  toString(): string {
    return this.scheme === 'file' ? pathToFileURL(this.fsPath).href : this.fsPath;
  }
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  constructor(public value = '', public supportThemeIcons = false) {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(s: string): this {
    this.value += s;
    return this;
  }
  appendCodeblock(s: string, lang = ''): this {
    this.value += `\n\`\`\`${lang}\n${s}\n\`\`\`\n`;
    return this;
  }
}

export enum TreeItemCollapsibleState { None = 0, Collapsed = 1, Expanded = 2 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
export enum ViewColumn { Active = -1, Beside = -2, One = 1 }
export enum StatusBarAlignment { Left = 1, Right = 2 }

export class TreeItem {
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: unknown;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  resourceUri?: Uri;
  id?: string;
  constructor(public label: string | { label: string }, public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None) {}
}

export class RelativePattern {
  constructor(readonly base: unknown, readonly pattern: string) {}
}

/** One answer the test scripted for the next dialog of a kind: a value, or a function of what
 *  the dialog offered (the items of a quick pick, the options of an input box, the buttons). */
export type Answer = unknown | ((offered: unknown) => unknown);
export type DialogKind = 'quickPick' | 'inputBox' | 'info' | 'warning' | 'error';

export interface Shown {
  readonly kind: DialogKind;
  readonly message: string;
  readonly offered: unknown;
}

export interface ProgressRecord {
  readonly title: string;
  readonly cancellable: boolean;
  readonly messages: string[];
}

/** A webview panel the extension created: the html it set, what it posted, and a way in. */
export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  html = '';
  disposed = false;
  readonly revealed: number[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly disposedEmitter = new EventEmitter<void>();
  private readonly viewState = new EventEmitter<unknown>();
  iconPath: unknown;
  readonly webview = {
    options: {} as unknown,
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: Uri) => u,
    onDidReceiveMessage: this.received.event,
    postMessage: async (m: unknown) => { this.posted.push(m); return true; },
    html: '',
  };
  readonly onDidDispose = this.disposedEmitter.event;
  readonly onDidChangeViewState = this.viewState.event;
  visible = true;
  active = true;
  constructor(readonly viewType: string, public title: string) {
    // The host sets panel.webview.html; tests read panel.html.
    Object.defineProperty(this.webview, 'html', { get: () => this.html, set: (v: string) => { this.html = v; } });
  }
  /** The page sends a message to the host (as the webview script would). */
  send(message: unknown): void {
    this.received.fire(message);
  }
  reveal(): void {
    this.revealed.push(Date.now());
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEmitter.fire();
  }
}

/** The state a test drives and inspects; `api` is what `require('vscode')` returns. */
export class FakeVscodeState {
  readonly settings = new Map<string, unknown>();
  readonly commands = new Map<string, (...args: unknown[]) => unknown>();
  /** Commands executed that the extension did not register (workbench ones): id and args. */
  readonly foreignCommands: { id: string; args: unknown[] }[] = [];
  readonly shown: Shown[] = [];
  readonly progress: ProgressRecord[] = [];
  readonly panels: FakeWebviewPanel[] = [];
  readonly openedDocuments: { uri?: string; content?: string; language?: string }[] = [];
  readonly contextKeys = new Map<string, unknown>();
  readonly log: { level: string; text: string }[] = [];
  clipboard = '';
  /** Cancel the next withProgress as soon as it starts (its token fires on the next tick). */
  cancelNextProgress = false;
  workspaceFolders: { uri: Uri; name: string; index: number }[] | undefined;
  private readonly answers: Record<DialogKind, Answer[]> = { quickPick: [], inputBox: [], info: [], warning: [], error: [] };
  readonly configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();
  readonly foldersChanged = new EventEmitter<unknown>();

  /** Forgets what the previous test scripted, saw and registered (one state per test process). */
  reset(): void {
    for (const m of [this.settings, this.commands, this.contextKeys]) m.clear();
    this.clearRecords();
    this.workspaceFolders = undefined;
  }

  /** Forgets what was shown and scripted, keeping the registered commands and settings. */
  clearRecords(): void {
    for (const p of this.panels) p.dispose();
    for (const a of [this.foreignCommands, this.shown, this.progress, this.panels, this.openedDocuments, this.log]) a.length = 0;
    for (const q of Object.values(this.answers)) q.length = 0;
    this.clipboard = '';
    this.cancelNextProgress = false;
  }

  /** Scripts the answers of the next dialogs of a kind, in order; unscripted ones are dismissed. */
  answer(kind: DialogKind, ...answers: Answer[]): void {
    this.answers[kind].push(...answers);
  }

  /** Messages shown of a kind (info / warning / error), in order. */
  messages(kind: 'info' | 'warning' | 'error'): string[] {
    return this.shown.filter((s) => s.kind === kind).map((s) => s.message);
  }

  /** Changes settings and fires onDidChangeConfiguration for them, as the editor would. */
  configure(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) (v === undefined ? this.settings.delete(k) : this.settings.set(k, v));
    const keys = Object.keys(values).map((k) => `retailPipeline.${k}`);
    this.configChanged.fire({ affectsConfiguration: (s) => keys.some((k) => k === s || k.startsWith(`${s}.`)) });
  }

  private next(kind: DialogKind, message: string, offered: unknown): unknown {
    this.shown.push({ kind, message, offered });
    const a = this.answers[kind].shift();
    return typeof a === 'function' ? (a as (o: unknown) => unknown)(offered) : a;
  }

  private message(kind: 'info' | 'warning' | 'error') {
    return (message: string, ...rest: unknown[]) => {
      const buttons = rest.filter((r): r is string => typeof r === 'string');
      return Promise.resolve(this.next(kind, message, buttons));
    };
  }

  private channel() {
    const line = (level: string) => (text: string) => void this.log.push({ level, text });
    return {
      name: 'Retail Pipeline', trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'),
      append: line('info'), appendLine: line('info'), show: () => void this.log.push({ level: 'show', text: '' }), clear() {}, hide() {}, dispose() {}, replace() {},
      logLevel: 2, onDidChangeLogLevel: new EventEmitter<number>().event,
    };
  }

  readonly api = {
    EventEmitter, Disposable, Uri, ThemeIcon, ThemeColor, MarkdownString, TreeItem, TreeItemCollapsibleState, ProgressLocation, ViewColumn,
    StatusBarAlignment, RelativePattern,
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (this.commands.has(id)) throw new Error(`command '${id}' already exists`);
        this.commands.set(id, fn);
        return new Disposable(() => this.commands.delete(id));
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        if (id === 'setContext') {
          this.contextKeys.set(args[0] as string, args[1]);
          return undefined;
        }
        const fn = this.commands.get(id);
        if (fn) return fn(...args);
        this.foreignCommands.push({ id, args });
        return undefined;
      },
    },
    window: {
      showInformationMessage: this.message('info'),
      showWarningMessage: this.message('warning'),
      showErrorMessage: this.message('error'),
      showQuickPick: async (items: unknown, options?: { title?: string }) => {
        const list = await items;
        const a = this.next('quickPick', options?.title ?? '', list);
        // A string answer picks the item with that label.
        if (typeof a === 'string' && Array.isArray(list)) return list.find((i) => (typeof i === 'string' ? i : i.label) === a);
        return a;
      },
      showInputBox: async (options?: { title?: string; validateInput?: (v: string) => unknown }) => {
        const a = this.next('inputBox', options?.title ?? '', options);
        // The box refuses what its validateInput refuses: the test's answer must pass it.
        if (typeof a === 'string' && options?.validateInput) {
          const problem = await options.validateInput(a);
          if (problem) throw new Error(`fake input box: the scripted answer ${JSON.stringify(a)} fails validation: ${String(problem)}`);
        }
        return a;
      },
      withProgress: async <R>(options: { title?: string; cancellable?: boolean }, task: (p: unknown, t: unknown) => Promise<R>): Promise<R> => {
        const record: ProgressRecord = { title: options.title ?? '', cancellable: !!options.cancellable, messages: [] };
        this.progress.push(record);
        const cancel = new EventEmitter<void>();
        const token = { isCancellationRequested: false, onCancellationRequested: cancel.event };
        if (this.cancelNextProgress) {
          this.cancelNextProgress = false;
          setImmediate(() => { token.isCancellationRequested = true; cancel.fire(); });
        }
        return task({ report: (r: { message?: string }) => { if (r.message) record.messages.push(r.message); } }, token);
      },
      createOutputChannel: () => this.channel(),
      createWebviewPanel: (viewType: string, title: string) => {
        const p = new FakeWebviewPanel(viewType, title);
        this.panels.push(p);
        return p;
      },
      registerWebviewPanelSerializer: () => new Disposable(),
      createTreeView: () => ({ dispose() {}, onDidChangeVisibility: new EventEmitter<unknown>().event, visible: true, reveal: async () => undefined, message: '' }),
      createStatusBarItem: () => ({ text: '', tooltip: '', command: '', show() {}, hide() {}, dispose() {} }),
      showTextDocument: async (doc: unknown) => {
        if (doc instanceof Uri) this.openedDocuments.push({ uri: doc.fsPath });
        return {};
      },
    },
    workspace: {
      workspaceFolders: undefined as unknown,
      textDocuments: [] as unknown[],
      getConfiguration: () => ({
        get: (key: string, fallback?: unknown) => (this.settings.has(key) ? this.settings.get(key) : fallback),
        update: async (key: string, value: unknown) => void this.configure({ [key]: value }),
        has: (key: string) => this.settings.has(key),
        inspect: () => undefined,
      }),
      onDidChangeConfiguration: this.configChanged.event,
      onDidChangeWorkspaceFolders: this.foldersChanged.event,
      onDidOpenTextDocument: new EventEmitter<unknown>().event,
      createFileSystemWatcher: () => ({
        onDidChange: new EventEmitter<unknown>().event, onDidCreate: new EventEmitter<unknown>().event,
        onDidDelete: new EventEmitter<unknown>().event, dispose() {},
      }),
      openTextDocument: async (o: { content?: string; language?: string }) => {
        this.openedDocuments.push({ content: o.content, language: o.language });
        return { getText: () => o.content ?? '' };
      },
      asRelativePath: (p: string | Uri) => String(typeof p === 'string' ? p : p.fsPath),
    },
    env: {
      clipboard: { writeText: async (t: string) => { this.clipboard = t; }, readText: async () => this.clipboard },
    },
    languages: {},
    extensions: { getExtension: () => undefined },
  };

  constructor() {
    // Live: a test opens or closes the folder by assigning state.workspaceFolders.
    Object.defineProperty(this.api.workspace, 'workspaceFolders', { get: () => this.workspaceFolders, enumerable: true });
  }
}

/** The repo's package.json contributed command ids (the list every command test is held to). */
export function contributedCommandIds(repo: string): string[] {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  return pkg.contributes.commands.map((c) => c.command);
}
