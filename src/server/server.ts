// The pipeline SQL language server, its own process (stdio or IPC, whatever the client chose).
// It indexes sql/**/*.sql of the workspace, checks them against the manifest's catalog and task
// graph, and answers hover, completion, navigation, symbols, code lens and quick fixes.
// Bundled by scripts/build.mjs to dist/server.js; started by src/extension/language-client.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { CATALOG_CHANGED_NOTIFICATION, type ServerInitOptions } from '../shared/lsp-protocol';
import { Catalog } from './catalog';
import { diagnose } from './diagnostics';
import { codeActions, codeLenses, completion, definition, documentSymbols, hover, references } from './features';
import { readLiveCatalog } from './live-catalog';
import { SqlWorkspace, uriToPath, type SqlFile } from './workspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const catalog = new Catalog();
let ws = new SqlWorkspace();
let options: ServerInitOptions = {};

connection.onInitialize((params): InitializeResult => {
  options = (params.initializationOptions ?? {}) as ServerInitOptions;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  const root = options.sqlRoot ?? (folder ? uriToPath(folder) : undefined);
  ws = new SqlWorkspace(root && existsSync(join(root, 'sql')) ? root : undefined);
  if (!ws.roots.length) ws = new SqlWorkspace(extensionRoot());
  options = { ...options, workspace: options.workspace ?? root };
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['.', '{', ' '] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'retail-pipeline-sql' },
  };
});

/** The package this server was built into (dist/server.js -> ..), whose sql/ the extension runs. */
function extensionRoot(): string | undefined {
  const up = dirname(__dirname);
  return existsSync(join(up, 'sql', 'pipeline')) ? up : undefined;
}

connection.onInitialized(() => {
  const t0 = performance.now();
  ws.scan();
  publishAll();
  connection.console.log(`indexed ${ws.all().length} SQL files under ${ws.roots.join(', ') || '(no folder)'}; diagnostics in ${(performance.now() - t0).toFixed(1)} ms`);
  void refreshLive();
});

/** What was last sent per URI, so an edit re-sends only the lists that changed. */
const sent = new Map<string, string>();
let headersSeen = '';

function publish(f: SqlFile, force = true): void {
  const diagnostics = diagnose(f, ws, catalog);
  const json = JSON.stringify(diagnostics);
  if (!force && sent.get(f.uri) === json) return;
  sent.set(f.uri, json);
  // The version tells the client which text of an open document these diagnostics are for.
  const version = f.open ? documents.get(f.uri)?.version : undefined;
  void connection.sendDiagnostics({ uri: f.uri, version, diagnostics });
}

/** The edited file always; the others only when a step header changed (the headers decide the
 *  DAG checks of every other step), and then only the ones whose diagnostics differ. */
function publishAll(edited?: SqlFile): void {
  const headers = ws.all().map((f) => `${f.path}=${ws.model(f).header?.table ?? ''}`).sort().join('|');
  const all = headers !== headersSeen;
  headersSeen = headers;
  for (const f of ws.all()) {
    if (f === edited) publish(f);
    else if (all || !sent.has(f.uri)) publish(f, !sent.has(f.uri));
  }
}

async function refreshLive(): Promise<void> {
  const workspace = options.workspace;
  if (!workspace || (options.target && options.target !== 'local')) return;
  try {
    const r = await readLiveCatalog(workspace, catalog.tables.map((t) => t.name), options.stateDir);
    if (r.ok) {
      catalog.live = r.catalog;
      connection.console.log(`catalog: column types and row counts of ${r.catalog.tables.size} warehouse tables`);
    } else {
      connection.console.log(`catalog: manifest only (${r.reason})`);
    }
  } catch (e) {
    connection.console.warn(`catalog: manifest only (${e instanceof Error ? e.message : String(e)})`);
  }
}

const fileOf = (uri: string): SqlFile | undefined => ws.byUri(uri) ?? (documents.get(uri) ? ws.open(uri, documents.get(uri)!.getText()) : undefined);

// Fired on open as well as on every edit.
documents.onDidChangeContent((e) => {
  publishAll(ws.change(e.document.uri, e.document.getText()));
});
documents.onDidClose((e) => {
  ws.close(e.document.uri);
  const f = ws.byUri(e.document.uri);
  if (f) publishAll(f);
  else {
    sent.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }
});

connection.onDidChangeWatchedFiles(() => {
  ws.scan();
  headersSeen = '';
  publishAll();
});
connection.onNotification(CATALOG_CHANGED_NOTIFICATION, () => void refreshLive());

connection.onHover((p) => { const f = fileOf(p.textDocument.uri); return f ? hover(f, ws, catalog, p.position) : null; });
connection.onDefinition((p) => { const f = fileOf(p.textDocument.uri); return f ? definition(f, ws, catalog, p.position) : null; });
connection.onReferences((p) => { const f = fileOf(p.textDocument.uri); return f ? references(f, ws, catalog, p.position, p.context.includeDeclaration) : []; });
connection.onDocumentSymbol((p) => { const f = fileOf(p.textDocument.uri); return f ? documentSymbols(f, ws, catalog) : []; });
connection.onCodeLens((p) => { const f = fileOf(p.textDocument.uri); return f ? codeLenses(f, catalog) : []; });
connection.onCodeAction((p) => { const f = fileOf(p.textDocument.uri); return f ? codeActions(f, p.context.diagnostics) : []; });
connection.onCompletion((p) => { const f = fileOf(p.textDocument.uri); return f ? completion(f, ws, catalog, p.position) : []; });

documents.listen(connection);
connection.listen();
