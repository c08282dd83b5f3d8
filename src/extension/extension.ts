// Entry point. Thin on purpose: build the one Ctx, register every command id (the
// implementations load on first use, register-commands.ts), create the tree and the status bar.
// Nothing here loads DuckDB, MySQL or snowflake-sdk; they load on first use, so activation stays
// cheap.
import * as vscode from 'vscode';
import { registerCommands } from './register-commands';
import { Ctx } from './ctx';
import { createStatusBar } from './status';
import { PipelineTree } from './tree';
import { registerQualityView } from './quality-tree';
import { registerLanguageClient } from './language-client';
import { registerPanelSerializers } from './panels/serializers';
import { watchStateFolder } from './state-watcher';

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const ctx = new Ctx(context);
  current = ctx;
  context.subscriptions.push(ctx);
  registerCommands(ctx);
  registerPanelSerializers(ctx);
  const tree = new PipelineTree(ctx);
  ctx.pushExtCleanup(tree, vscode.window.createTreeView('retailPipeline.pipeline', { treeDataProvider: tree, showCollapseAll: true }));
  registerQualityView(ctx);
  ctx.pushExtCleanup(createStatusBar(ctx));
  // The CLI (another process) ran or exported: redraw without a Refresh click.
  ctx.pushExtCleanup(watchStateFolder(ctx));
  // Settings changes: Ctx's one handler (settings-policy.ts).
  ctx.pushExtCleanup(vscode.workspace.onDidChangeWorkspaceFolders(() => ctx.switchTarget(ctx.target)));
  // Someone else (another window) changed the stored MySQL connection: redraw the sources.
  ctx.pushExtCleanup(context.secrets.onDidChange(() => ctx.fireChanged()));
  // The SQL language server starts on the first SQL file (language-client.ts).
  ctx.pushExtCleanup(registerLanguageClient(ctx));
  ctx.log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  current?.dispose();
  current = undefined;
}
