// What the extension's tree views share: the change event VS Code listens to, one cached read
// per refresh (dropped and re-read when the view is told to refresh), and the Ctx subscription
// that refreshes it. A subclass says what a read is (load) and when a Ctx change matters.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

export abstract class CachedTree<N, L> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private loaded?: Promise<L>;
  private readonly sub: vscode.Disposable;

  /** refreshOn: whether a Ctx change should redraw the view (default: every one). */
  constructor(protected readonly ctx: Ctx, refreshOn: () => boolean = () => true) {
    this.sub = ctx.onDidChange(() => { if (refreshOn()) this.refresh(); });
  }

  refresh(): void {
    this.loaded = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }

  /** The read of this refresh, started on first use. */
  protected load(): Promise<L> {
    return (this.loaded ??= this.read());
  }

  protected abstract read(): Promise<L>;

  abstract getChildren(node?: N): Promise<N[]>;
  abstract getTreeItem(node: N): vscode.TreeItem | Promise<vscode.TreeItem>;
}

/** A row that says why a view has nothing (else) to show: not connected, unavailable, no folder. */
export function messageItem(text: string, tooltip?: string | vscode.MarkdownString): vscode.TreeItem {
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon('info');
  item.contextValue = 'message';
  return item;
}
