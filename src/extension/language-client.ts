// Starts the pipeline SQL language server (dist/server.js, its own Node process over IPC) the
// first time a SQL file is opened, not at activation: most sessions never open one. Restarts it
// when the target or the workspace folder changes (the server reads that target's warehouse),
// and tells it to re-read column types and row counts after other changes (a run finished).
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CATALOG_CHANGED_NOTIFICATION, LANGUAGE_SERVER_ID, type ServerInitOptions } from '../shared/lsp-protocol';
import type { Ctx } from './ctx';

const SQL_FILES = '**/sql/**/*.sql';

export function registerLanguageClient(ctx: Ctx): vscode.Disposable {
  let client: LanguageClient | undefined;
  let starting: Promise<void> | undefined;
  let key = '';
  let refreshTimer: NodeJS.Timeout | undefined;
  const disposables: vscode.Disposable[] = [];
  const stateDir = () => (ctx.workspace ? ctx.config.stateDir(ctx.workspace) : undefined);
  const keyOf = () => `${ctx.target}|${ctx.workspace ?? ''}|${stateDir() ?? ''}`;

  const create = (): LanguageClient => {
    // Loaded here, not at the top: see lsp-lib.ts (a separate bundle in the packaged extension).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
    const { LanguageClient, TransportKind } = require('./lsp-lib') as typeof import('./lsp-lib');
    const module = ctx.ext.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: ServerInitOptions = { workspace: ctx.workspace, stateDir: stateDir(), target: ctx.target };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'sql', pattern: SQL_FILES }, { scheme: 'untitled', language: 'sql' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(SQL_FILES) },
      initializationOptions,
    };
    return new LanguageClient(LANGUAGE_SERVER_ID, 'Retail Pipeline SQL', serverOptions, clientOptions);
  };

  const start = (): Promise<void> => {
    if (starting) return starting;
    key = keyOf();
    client = create();
    const c = client;
    starting = c.start().then(
      () => ctx.log.info('SQL language server started'),
      (e) => { ctx.log.error(`SQL language server failed to start: ${e instanceof Error ? e.message : String(e)}`); },
    );
    return starting;
  };

  const stop = async (): Promise<void> => {
    const c = client;
    const s = starting;
    client = undefined;
    starting = undefined;
    if (!c) return;
    await s;
    try { await c.stop(); } catch (e) { ctx.log.warn(`stopping the SQL language server: ${String(e)}`); }
  };

  const isSql = (d: vscode.TextDocument) => d.languageId === 'sql' || d.fileName.endsWith('.sql');
  if (vscode.workspace.textDocuments.some(isSql)) void start();
  else {
    const once = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isSql(d)) return;
      once.dispose();
      void start();
    });
    disposables.push(once);
  }

  disposables.push(ctx.onDidChange(() => {
    if (!client) return;
    if (keyOf() !== key) {
      // A target switch: a fresh server for the new target, after the old one has exited.
      void stop().then(start);
      return;
    }
    // Runs fire many changes; ask once things settle, and not while a run holds the warehouse.
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (client && !ctx.running) void client.sendNotification(CATALOG_CHANGED_NOTIFICATION).catch(() => undefined);
    }, 2000);
  }));

  return new vscode.Disposable(() => {
    if (refreshTimer) clearTimeout(refreshTimer);
    for (const d of disposables.splice(0)) d.dispose();
    void stop();
  });
}
