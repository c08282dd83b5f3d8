// The extension's commands in plain Node: the fake `vscode` module installed first, then a real
// Ctx on fakes of ExtensionContext, Memento and SecretStorage, with every command id registered
// through the real register-commands.ts (so a failure is shown as the editor would show it).
// After vscode-pull-request-github's src/test/mocks (mockExtensionContext, inMemoryMemento).
import { vscodeFake } from './install-vscode';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ctx } from '../../src/extension/ctx';
import { registerCommands } from '../../src/extension/register-commands';
import { EventEmitter, Uri, type FakeVscodeState } from './fake-vscode';
import { REPO } from '../helpers/cli';

export { vscodeFake };

/** workspaceState / globalState kept in memory. */
export class InMemoryMemento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  setKeysForSync(): void {}
}

/** context.secrets kept in memory; onDidChange fires as VS Code's does. */
export class FakeSecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

export interface FakeExtensionContext {
  readonly subscriptions: { dispose(): unknown }[];
  readonly workspaceState: InMemoryMemento;
  readonly globalState: InMemoryMemento;
  readonly secrets: FakeSecretStorage;
  readonly extensionPath: string;
  readonly extensionUri: Uri;
}

/** The extension's folder is the repository: dist/media (built by `npm test`) and media/ exist. */
export function fakeExtensionContext(): FakeExtensionContext {
  return {
    subscriptions: [], workspaceState: new InMemoryMemento(), globalState: new InMemoryMemento(), secrets: new FakeSecretStorage(),
    extensionPath: REPO, extensionUri: Uri.file(REPO),
  };
}

/** A fresh folder with a copy of the repository's sample_data/ (the local target's input). */
export function sampleWorkspace(withData = true): string {
  const ws = mkdtempSync(join(tmpdir(), 'rp-ext-unit-'));
  if (withData) cpSync(join(REPO, 'sample_data'), join(ws, 'sample_data'), { recursive: true });
  return ws;
}

export interface Harness {
  readonly ctx: Ctx;
  readonly vs: FakeVscodeState;
  readonly ext: FakeExtensionContext;
  /** Runs a command as the editor would: through its registered handler. */
  run(id: string, ...args: unknown[]): Promise<unknown>;
  dispose(): void;
}

/** A Ctx on `workspace` (undefined: no folder open) with every command registered. */
export function createHarness(workspace: string | undefined, settings: Record<string, unknown> = {}): Harness {
  vscodeFake.reset();
  vscodeFake.workspaceFolders = workspace ? [{ uri: Uri.file(workspace), name: 'ws', index: 0 }] : undefined;
  for (const [k, v] of Object.entries(settings)) vscodeFake.settings.set(k, v);
  const ext = fakeExtensionContext();
  const ctx = new Ctx(ext as never);
  registerCommands(ctx);
  return {
    ctx, vs: vscodeFake, ext,
    run: (id, ...args) => {
      const fn = vscodeFake.commands.get(id);
      if (!fn) throw new Error(`${id} is not registered`);
      return Promise.resolve(fn(...args));
    },
    dispose: () => ctx.dispose(),
  };
}

/** Removes a folder sampleWorkspace() made (DuckDB handles closed first by Harness.dispose). */
export function removeWorkspace(ws: string): void {
  rmSync(ws, { recursive: true, force: true });
}

/** Polls `probe` until it returns something other than undefined (panels answer asynchronously). */
export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Holds this window's one run (ctx.exclusive) until the returned function releases it: what
 * another command sees while a run is in progress. */
export function holdRun(ctx: Ctx): () => Promise<void> {
  let release!: () => void;
  const held = ctx.exclusive('a held run', () => new Promise<void>((r) => { release = r; }));
  return async () => {
    release();
    await held;
  };
}

/** One test's resources (a workspace copy, the harness on it, trees, servers), released in
 * reverse order by close() in afterEach. */
export class TestScope {
  private readonly cleanups: (() => unknown)[] = [];

  /** A copy of sample_data (or an empty folder) and a harness on it. */
  open(withData = true, settings: Record<string, unknown> = {}): Harness {
    const ws = sampleWorkspace(withData);
    this.defer(() => removeWorkspace(ws));
    const h = createHarness(ws, settings);
    this.defer(() => h.dispose());
    return h;
  }

  /** `x`, disposed when the test ends. */
  use<T extends { dispose(): unknown }>(x: T): T {
    this.defer(() => x.dispose());
    return x;
  }

  defer(fn: () => unknown): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const c of this.cleanups.splice(0).reverse()) await c();
  }
}
