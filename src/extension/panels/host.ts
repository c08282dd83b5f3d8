// One webview panel of a kind (Run History, Traces, Dashboard, Chart Preview): its HTML with a
// fresh nonce, resources limited to dist/media, and the host side of the message protocol.
// Every message from the page is validated (parseWebviewMessage) before anything reads it;
// nothing is posted before the page's `ready`; requests get exactly one reply with their id.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type Method, type PanelKind, type Push, type RequestMessage, type Requests } from '../../shared/webview-protocol';
import type { Ctx } from '../ctx';
import { errorText } from '../log';
import { panelHtml, PANEL_SCRIPTS, PANEL_TITLES } from './html';

export type RequestHandlers = { [M in Method]?: (params: Requests[M]['params']) => Promise<Requests[M]['result']> };

export interface PanelBehaviour {
  /** Data pushed after the page says `ready` (and after every change, see onChange). */
  initial(): Promise<Push[]>;
  readonly requests: RequestHandlers;
  /** What to push when the extension's views change (runs, refresh); default: initial(). */
  onChange?(): Promise<Push[]>;
}

export const VIEW_TYPES: Record<PanelKind, string> = {
  runHistory: 'retailPipeline.runHistory',
  traces: 'retailPipeline.traces',
  dashboard: 'retailPipeline.dashboard',
  chartPreview: 'retailPipeline.chartPreview',
};

export function mediaRoot(ctx: Ctx): vscode.Uri {
  return vscode.Uri.joinPath(ctx.ext.extensionUri, 'dist', 'media');
}

export class PanelHost implements vscode.Disposable {
  private isReady = false;
  /** Pushes asked for before the page was listening, sent right after the initial data. */
  private readonly queued: HostMessage[] = [];
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private changeTimer?: NodeJS.Timeout;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(private readonly ctx: Ctx, readonly kind: PanelKind, readonly panel: vscode.WebviewPanel, private readonly behaviour: PanelBehaviour) {
    const media = mediaRoot(ctx);
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(ctx.ext.extensionUri, 'media', 'retail.svg');
    panel.webview.html = panelHtml(kind, {
      cspSource: panel.webview.cspSource,
      nonce: randomUUID().replace(/-/g, ''),
      scripts: PANEL_SCRIPTS[kind].map((s) => panel.webview.asWebviewUri(vscode.Uri.joinPath(media, s)).toString()),
      styles: [panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css')).toString()],
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      ctx.onDidChange(() => this.changedSoon()),
    );
  }

  /** Posts a message; before the page is listening, it waits in a queue. */
  async post(msg: HostMessage): Promise<void> {
    if (this.disposed) return;
    if (!this.isReady) {
      this.queued.push(msg);
      return;
    }
    await this.panel.webview.postMessage(msg);
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.ctx.log.warn(`${PANEL_TITLES[this.kind]}: dropped a message that is not part of the webview protocol`);
      return;
    }
    if (msg.kind === 'ready') {
      this.isReady = true;
      await this.pushAll(() => this.behaviour.initial());
      for (const m of this.queued.splice(0)) await this.post(m);
      return;
    }
    await this.answer(msg);
  }

  private async answer(msg: RequestMessage): Promise<void> {
    const handler = this.behaviour.requests[msg.method] as ((p: unknown) => Promise<unknown>) | undefined;
    try {
      if (!handler) throw new Error(`${PANEL_TITLES[this.kind]} does not handle ${msg.method}`);
      const result = await handler(msg.params);
      await this.post({ kind: 'reply', id: msg.id, ok: true, method: msg.method, result } as HostMessage);
    } catch (e) {
      const error = errorText(e);
      this.ctx.log.error(`${PANEL_TITLES[this.kind]}: ${msg.method}: ${error}`);
      await this.post({ kind: 'reply', id: msg.id, ok: false, error });
    }
  }

  private async pushAll(make: () => Promise<Push[]>): Promise<void> {
    try {
      for (const p of await make()) await this.post(p);
    } catch (e) {
      const message = errorText(e);
      this.ctx.log.warn(`${PANEL_TITLES[this.kind]}: ${message}`);
      await this.post({ kind: 'push', topic: 'error', message });
    }
  }

  /** Runs fire many changes in a burst; one reload per half second is enough. */
  private changedSoon(): void {
    if (!this.isReady || this.disposed || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.pushAll(() => (this.behaviour.onChange ?? this.behaviour.initial).call(this.behaviour));
    }, 500);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
