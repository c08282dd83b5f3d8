// Watches the local target's state folder with VS Code's file watcher (no polling) and
// refreshes the views when another process (the CLI) changed it: see external-changes.ts.
// The folder follows the session (workspace folder, retailPipeline.stateFolder).
import { dirname, isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { ExternalChangeRefresher } from './external-changes';
import { peekLocalSession } from './target-parts';

export function watchStateFolder(ctx: Ctx): vscode.Disposable {
  const refresher = new ExternalChangeRefresher({
    delayMs: 500,
    settleMs: 2_000,
    // Our own run refreshes from its events. (Reads for the tree or a panel write nothing.)
    ownActivity: () => !!ctx.running,
    refresh: () => {
      ctx.log.debug('state folder changed by another process: refreshing');
      ctx.fireChanged();
    },
  });
  let watched: string | undefined;
  let watcher: vscode.FileSystemWatcher | undefined;
  const rewatch = () => {
    const ws = ctx.workspace;
    // Only the local target has a state folder to watch.
    const local = peekLocalSession(ctx);
    const folder = local ? dirname(local.warehouse.path) : undefined;
    if (folder === watched) return;
    watcher?.dispose();
    watcher = undefined;
    watched = folder;
    if (!ws || !folder) return;
    const rel = relative(ws, folder);
    // Inside the workspace: a pattern on the workspace folder, which the workspace's own
    // recursive watcher serves even before .retail/ exists; outside: a watcher of its own.
    const pattern = rel && !rel.startsWith('..') && !isAbsolute(rel)
      ? new vscode.RelativePattern(vscode.Uri.file(ws), `${rel.split(/[\\/]/).join('/')}/**`)
      : new vscode.RelativePattern(vscode.Uri.file(folder), '**');
    watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const notify = () => refresher.notify();
    watcher.onDidCreate(notify);
    watcher.onDidChange(notify);
    watcher.onDidDelete(notify);
    ctx.log.debug(`watching ${folder} for changes by other processes`);
  };
  rewatch();
  const subs = [
    vscode.workspace.onDidChangeWorkspaceFolders(rewatch),
    // A target switch (local ↔ Snowflake) fires a change: start or stop watching.
    ctx.onDidChange(rewatch),
    // A run or validation of this window starts or ends: its late file events stay its own.
    ctx.onDidChange(() => refresher.ownActivityChanged()),
  ];
  return { dispose: () => { for (const s of subs) s.dispose(); watcher?.dispose(); refresher.dispose(); } };
}
