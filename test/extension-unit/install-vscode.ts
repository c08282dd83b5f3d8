// Makes `require('vscode')` (and `import … from 'vscode'`) return the fake module of
// fake-vscode.ts in this test process. Import this before any src/extension module: the test
// files import harness.ts first, which imports this first.
import Module from 'node:module';
import { FakeVscodeState } from './fake-vscode';

export const vscodeFake = new FakeVscodeState();

const ID = 'extension-unit:vscode';
const loader = Module as unknown as {
  _cache: Record<string, unknown>;
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? ID : resolve.call(this, request, ...rest);
};
loader._cache[ID] = { id: ID, filename: ID, loaded: true, exports: vscodeFake.api };
