// A stand-in `vscode` module for loading the packaged extension bundles (dist/extension*.js) in
// plain Node: what a test needs to see (configuration, registered commands, error messages) is
// real; every other API is an inert stand-in that accepts any call, construction or property
// read, so activation runs through without an editor. Installed by resolving 'vscode' to a
// cache entry, as Node would resolve the real module inside the editor.
import Module from 'node:module';

export interface FakeVscode {
  /** The retailPipeline.* settings the extension reads (keys without the section). */
  readonly settings: Map<string, unknown>;
  /** Commands registered by the extension, by id. */
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  /** Every showErrorMessage call: the message and the action buttons offered. */
  readonly errors: { message: string; actions: string[] }[];
  /** Removes the 'vscode' resolution again. */
  uninstall(): void;
}

/** Anything: callable, constructible, every property another stand-in unless assigned (then
 *  the assigned value); a primitive when converted, and not a thenable (awaiting it must not
 *  hang). */
function inert(): unknown {
  const assigned = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as object;
  const handler: ProxyHandler<object> = {
    get(_t, key) {
      if (assigned.has(key)) return assigned.get(key);
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      if (typeof key === 'symbol') return undefined;
      return inert();
    },
    set(_t, key, value) {
      assigned.set(key, value);
      return true;
    },
    defineProperty(_t, key, d) {
      assigned.set(key, d.value ?? d.get?.());
      return true;
    },
    apply: () => inert(),
    construct: () => inert() as object,
  };
  return new Proxy(target, handler);
}

/** An object whose listed members are real and whose other members are inert stand-ins. */
function partly(real: Record<string, unknown>): unknown {
  return new Proxy(real, { get: (t, key) => (key in t ? t[key as string] : typeof key === 'symbol' ? undefined : inert()) });
}

/** The `vscode` members the extension uses besides the ones faked for real below. */
const API_NAMES = [
  'Disposable', 'EventEmitter', 'MarkdownString', 'ProgressLocation', 'RelativePattern', 'StatusBarAlignment', 'ThemeColor',
  'ThemeIcon', 'TreeItem', 'TreeItemCollapsibleState', 'Uri', 'ViewColumn', 'env', 'languages', 'extensions',
];

export function installFakeVscode(workspaceFolder: string): FakeVscode {
  const settings = new Map<string, unknown>();
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const errors: FakeVscode['errors'] = [];
  const disposable = { dispose() {} };
  // esbuild's CommonJS interop copies the module's own keys: the API's names are listed.
  const inertNames = Object.fromEntries(API_NAMES.map((n) => [n, inert()]));
  const api = partly({
    ...inertNames,
    workspace: partly({
      workspaceFolders: [{ uri: { fsPath: workspaceFolder }, name: 'ws', index: 0 }],
      textDocuments: [],
      getConfiguration: () => partly({ get: (key: string, fallback?: unknown) => (settings.has(key) ? settings.get(key) : fallback) }),
    }),
    commands: partly({
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        commands.set(id, fn);
        return disposable;
      },
    }),
    window: partly({
      showErrorMessage: (message: string, ...actions: string[]) => {
        errors.push({ message, actions });
        return Promise.resolve(undefined);
      },
    }),
  });
  const id = 'fake-vscode:vscode';
  const cache = Module as unknown as { _cache: Record<string, unknown>; _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = cache._resolveFilename;
  cache._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? id : resolve.call(this, request, ...rest);
  };
  cache._cache[id] = { id, filename: id, loaded: true, exports: api };
  return {
    settings, commands, errors,
    uninstall() {
      cache._resolveFilename = resolve;
      delete cache._cache[id];
    },
  };
}

/** A minimal ExtensionContext: state in memory, no secrets stored. */
export function fakeExtensionContext(extensionPath: string): unknown {
  const state = new Map<string, unknown>();
  return partly({
    subscriptions: [],
    extensionPath,
    workspaceState: { get: (k: string) => state.get(k), update: (k: string, v: unknown) => Promise.resolve(void state.set(k, v)), keys: () => [...state.keys()] },
    secrets: partly({ get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve() }),
  });
}
