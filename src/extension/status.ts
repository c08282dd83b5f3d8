// Status bar: the current target and the state of the last graph run; a click opens run history.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

const ICONS: Record<string, string> = {
  SUCCEEDED: '$(pass)', FAILED: '$(error)', CANCELLED: '$(circle-slash)', EXECUTING: '$(sync~spin)',
};

export function createStatusBar(ctx: Ctx): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('retailPipeline.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Retail Pipeline';
  item.command = 'retailPipeline.showRunHistory';
  const update = () => {
    const last = ctx.lastRun;
    const state = ctx.running ? 'EXECUTING' : last?.state;
    item.text = `$(database) ${ctx.target}${state ? ` ${ICONS[state] ?? ''} ${state}` : ''}`;
    item.tooltip = last
      ? `Retail Pipeline: target ${ctx.target}. Last run ${last.state} at ${last.at.toLocaleTimeString()}: ${last.summary}. Click to open run history.`
      : `Retail Pipeline: target ${ctx.target}. No run in this window yet. Click to open run history.`;
    item.backgroundColor = state === 'FAILED' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  update();
  item.show();
  const sub = ctx.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
