// Errors that cross the extension's lazily loaded bundles. dist/extension.js (activation) and
// dist/extension-commands.js (the command implementations) each bundle their own copy of the
// error classes, so `instanceof` fails when one bundle throws and the other checks. This runs
// the packaged bundles themselves (built by `npm test`) under a stand-in `vscode` module, and
// drives a command the way the editor would.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fakeExtensionContext, installFakeVscode, type FakeVscode } from './helpers/fake-vscode';
import { REPO } from './helpers/cli';

const ACTIVATION = join(REPO, 'dist', 'extension.js');
const COMMANDS = join(REPO, 'dist', 'extension-commands.js');
const ws = mkdtempSync(join(tmpdir(), 'retail-bundles-'));
let vscode: FakeVscode;

before(() => {
  assert.ok(existsSync(ACTIVATION) && existsSync(COMMANDS), 'dist/ is built (npm run build)');
  vscode = installFakeVscode(ws);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the packaged bundle, as VS Code loads it
  const ext = require(ACTIVATION) as { activate(context: unknown): void };
  ext.activate(fakeExtensionContext(join(REPO)));
});
after(() => {
  vscode.uninstall();
  rmSync(ws, { recursive: true, force: true });
});

async function run(id: string): Promise<void> {
  const handler = vscode.commands.get(id);
  assert.ok(handler, `${id} is registered at activation`);
  vscode.errors.length = 0;
  await handler();
}

test('a bad Snowflake setting read through the activation bundle is shown as a user error by a command of the commands bundle', async () => {
  // ctx.config.snowflake (activation's copy of the settings reader) throws; Show Deploy Plan
  // (commands bundle) turns it into the user's message: no "Show Log" button, the setting named.
  vscode.settings.set('snowflake.connection', 'not a name!');
  await run('retailPipeline.showDeployPlan');
  assert.equal(vscode.errors.length, 1, JSON.stringify(vscode.errors));
  const [shown] = vscode.errors;
  assert.match(shown.message, /retailPipeline\.snowflake\.connection "not a name!"/);
  assert.deepEqual(shown.actions, [], `a user error offers no Show Log: ${JSON.stringify(shown)}`);
});

test('a bad Snowflake setting found by the commands bundle itself is a user error too', async () => {
  vscode.settings.delete('snowflake.connection');
  // The event table is checked when the deploy config is built (deployConfigFromSettings, in
  // the commands bundle): thrown and checked in the same bundle.
  vscode.settings.set('snowflake.eventTable', 'only_one_part');
  await run('retailPipeline.showDeployPlan');
  assert.equal(vscode.errors.length, 1, JSON.stringify(vscode.errors));
  assert.match(vscode.errors[0].message, /retailPipeline\.snowflake: .*only_one_part/);
  assert.deepEqual(vscode.errors[0].actions, []);
  vscode.settings.delete('snowflake.eventTable');
});
