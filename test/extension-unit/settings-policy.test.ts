// The settings-change policy (settings-policy.ts) and Ctx's one handler applying it: the table
// covers every contributed setting, and a change does what its row says, nothing more.
import { createHarness, removeWorkspace, sampleWorkspace, type Harness } from './harness';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SETTING_EFFECTS, settingEffects } from '../../src/extension/settings-policy';
import { REPO } from '../helpers/cli';

let ws: string;
let h: Harness;
let redraws = 0;
before(() => {
  ws = sampleWorkspace();
  h = createHarness(ws);
  h.ctx.onDidChange(() => void redraws++);
});
after(() => {
  h.dispose();
  removeWorkspace(ws);
});

test('the policy table has a row for every contributed setting, and only those', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const contributed = Object.keys(pkg.contributes.configuration.properties).map((k) => k.replace(/^retailPipeline\./, '')).sort();
  assert.deepEqual(Object.keys(SETTING_EFFECTS).sort(), contributed);
  assert.deepEqual([...settingEffects((k) => k === 'retailPipeline.concurrency')], ['redraw']);
});

test('a setting read on each use (concurrency): one redraw, the warehouse handle kept', () => {
  const session = h.ctx.currentTarget();
  redraws = 0;
  h.vs.configure({ concurrency: 2 });
  assert.equal(redraws, 1);
  assert.equal(h.ctx.currentTarget(), session);
});

test('retailPipeline.stateFolder: the session on the old warehouse ends at once; the next one is on the new folder', () => {
  const session = h.ctx.currentTarget();
  h.vs.configure({ stateFolder: 'elsewhere' });
  const next = h.ctx.currentTarget();
  assert.notEqual(next, session);
  assert.equal(next.warehouse?.stateDir, join(ws, 'elsewhere'));
  assert.ok(h.vs.log.some((l) => /settings the session is built from changed/.test(l.text)));
  h.vs.configure({ stateFolder: undefined });
});

test('retailPipeline.defaultTarget: forgets the Select Target pick, ends the session, republishes the capabilities', async () => {
  await h.ctx.switchTarget('snowflake', 'acct');
  h.vs.configure({ defaultTarget: 'local' });
  assert.equal(h.ctx.target, 'local', 'the setting wins over the earlier pick');
  assert.equal(h.vs.contextKeys.get('retailPipeline.hasLocalWarehouse'), true);
});

test('retailPipeline.snowflake.connection: forgets the picked connection (the setting is the newer choice)', async () => {
  await h.ctx.switchTarget('snowflake', 'picked');
  assert.equal(h.ctx.snowflakeConnection, 'picked');
  h.vs.configure({ 'snowflake.connection': 'from_settings' });
  assert.equal(h.ctx.snowflakeConnection, 'from_settings');
  await h.ctx.switchTarget('local');
});
