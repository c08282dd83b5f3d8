// Starts the built language server (dist/server.js) as its own process over stdio and talks LSP
// to it through a protocol connection, like VS Code's language client does.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type Diagnostic, type ProtocolConnection,
} from 'vscode-languageserver/node';

export const REPO = join(__dirname, '..', '..');
export const SERVER = join(REPO, 'dist', 'server.js');

export interface LspSession {
  readonly root: string;
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  uri(rel: string): string;
  /** The next diagnostics published for a file after `since` (a counter from publishCount), for
   *  a given document version if one is named. */
  diagnostics(uri: string, since?: number, version?: number): Promise<Diagnostic[]>;
  publishCount(uri: string): number;
  /** Milliseconds from the `initialized` notification to the first diagnostics of every file. */
  readonly readyMs: number;
  /** Every log message (window/logMessage) so far. */
  readonly logs: string[];
  /** Resolves with the first log message (window/logMessage) after now that matches. */
  nextLog(pattern: RegExp): Promise<string>;
  /** Every URI the server has published diagnostics for, with the latest list. */
  readonly published: Map<string, Diagnostic[]>;
  open(rel: string, text: string): Promise<Diagnostic[]>;
  change(rel: string, text: string): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

/** A temp workspace with a copy of the repo's sql/ (and optionally more), and a server on it. */
export async function startServer(opts: { prepare?: (root: string) => Promise<void> | void; initializationOptions?: object; copySql?: boolean } = {}): Promise<LspSession> {
  const root = mkdtempSync(join(tmpdir(), 'lsp-'));
  if (opts.copySql !== false) cpSync(join(REPO, 'sql'), join(root, 'sql'), { recursive: true });
  await opts.prepare?.(root);
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published = new Map<string, Diagnostic[]>();
  const counts = new Map<string, number>();
  const waiters: { uri: string; after: number; version?: number; resolve: (d: Diagnostic[]) => void }[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.set(p.uri, p.diagnostics);
    const n = (counts.get(p.uri) ?? 0) + 1;
    counts.set(p.uri, n);
    for (const w of waiters.splice(0)) {
      if (w.uri === p.uri && n > w.after && (w.version === undefined || w.version === p.version)) w.resolve(p.diagnostics); else waiters.push(w);
    }
  });
  const logWaiters: { pattern: RegExp; resolve: (m: string) => void }[] = [];
  const logs: string[] = [];
  conn.onNotification(LogMessageNotification.type, (p) => {
    logs.push(p.message);
    for (const w of logWaiters.splice(0)) {
      if (w.pattern.test(p.message)) w.resolve(p.message); else logWaiters.push(w);
    }
  });
  const nextLog = (pattern: RegExp) => new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no log message matching ${pattern} within 20 s`)), 20_000);
    logWaiters.push({ pattern, resolve: (m) => { clearTimeout(timer); resolve(m); } });
  });
  conn.listen();
  const rootUri = pathToFileURL(root).href;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: {}, initializationOptions: opts.initializationOptions ?? {},
  });
  const initializedAt = performance.now();
  await conn.sendNotification(InitializedNotification.type, {});
  const versions = new Map<string, number>();
  const uri = (rel: string) => pathToFileURL(join(root, rel)).href;
  const publishCount = (u: string) => counts.get(u) ?? 0;
  const diagnostics = (u: string, since = 0, version?: number) => new Promise<Diagnostic[]>((resolve, reject) => {
    if (version === undefined && publishCount(u) > since) { resolve(published.get(u)!); return; }
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${u}${version ? ` version ${version}` : ''} within 10 s`)), 10_000);
    waiters.push({ uri: u, after: since, version, resolve: (d) => { clearTimeout(timer); resolve(d); } });
  });
  // The server publishes every sql/**/*.sql once after `initialized`: wait for all of them, so a
  // later open or change is never answered by that first round.
  for (const rel of sqlFiles(root)) await diagnostics(uri(rel));
  const readyMs = performance.now() - initializedAt;
  const session: LspSession = {
    root, conn, proc, readyMs, nextLog, logs, published, uri, diagnostics, publishCount,
    async open(rel, text) {
      const u = uri(rel);
      if (versions.has(u)) return session.change(rel, text); // already open in the "editor"
      const version = (versions.get(u) ?? 0) + 1;
      versions.set(u, version);
      const result = diagnostics(u, publishCount(u), version);
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'sql', version, text } });
      return result;
    },
    async change(rel, text) {
      const u = uri(rel);
      const version = (versions.get(u) ?? 1) + 1;
      versions.set(u, version);
      const result = diagnostics(u, publishCount(u), version);
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version }, contentChanges: [{ text }] });
      return result;
    },
    async close() {
      try {
        await conn.sendRequest(ShutdownRequest.type);
        await conn.sendNotification(ExitNotification.type);
      } catch { /* already gone */ }
      conn.dispose();
      await new Promise<void>((r) => { if (proc.exitCode !== null) r(); else { proc.once('exit', () => r()); setTimeout(() => { proc.kill(); r(); }, 3000); } });
      rmSync(root, { recursive: true, force: true });
    },
  };
  return session;
}

/** sql/**\/*.sql under a folder, relative paths. */
export function sqlFiles(root: string): string[] {
  if (!existsSync(join(root, 'sql'))) return [];
  return (readdirSync(join(root, 'sql'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.sql')).map((f) => join('sql', f)).sort();
}
