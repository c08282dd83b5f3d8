// The current target's capabilities as context keys (ctx.ts publishCapabilities) and package.json's
// `when` clauses on them: the command palette shows a command only on a target where it works.
// Checked both ways: every command the keys hide on a target refuses on it when called anyway
// (another extension or a keybinding can), and the keys follow Select Target and the setting.
import { createHarness, removeWorkspace, sampleWorkspace, waitFor, type Harness } from './harness';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { capabilityContextKeys, type TargetKind } from '../../src/core/targets/capabilities';
import { REPO } from '../helpers/cli';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
};

/** A `when` clause of context keys joined by && (with optional !), as the palette entries use. */
function holds(when: string, keys: ReadonlyMap<string, unknown>): boolean {
  return when.split('&&').map((t) => t.trim()).every((t) => (t === 'false' ? false : t.startsWith('!') ? !keys.get(t.slice(1)) : !!keys.get(t)));
}

function hiddenOn(keys: ReadonlyMap<string, unknown>): string[] {
  return pkg.contributes.menus.commandPalette.filter((e) => !holds(e.when, keys)).map((e) => e.command).filter((c) => c !== 'retailPipeline.copyName').sort();
}

let ws: string;
let h: Harness;
before(() => {
  ws = sampleWorkspace();
  h = createHarness(ws);
});
after(() => {
  h.dispose();
  removeWorkspace(ws);
});

test('context keys: published at start for the current target, and again on Select Target', async () => {
  assert.deepEqual(Object.fromEntries(h.vs.contextKeys), capabilityContextKeys('local'));
  assert.equal(h.vs.contextKeys.get('retailPipeline.canDeploy'), false);
  await h.ctx.switchTarget('snowflake', 'acct');
  assert.deepEqual(Object.fromEntries(h.vs.contextKeys), capabilityContextKeys('snowflake'));
  await h.ctx.switchTarget('local');
  assert.equal(h.vs.contextKeys.get('retailPipeline.target'), 'local');
});

test('context keys: a change of retailPipeline.defaultTarget republishes them (the pick is reset)', async () => {
  h.vs.configure({ defaultTarget: 'snowflake' });
  assert.equal(h.ctx.target, 'snowflake');
  assert.equal(h.vs.contextKeys.get('retailPipeline.canOperateTaskGraph'), true);
  h.vs.configure({ defaultTarget: undefined });
  assert.equal(h.vs.contextKeys.get('retailPipeline.target'), 'local');
});

const PANEL_OF: Record<string, string> = { 'retailPipeline.showDashboard': 'dashboard', 'retailPipeline.previewChart': 'chartPreview' };

/** What each command needs to get as far as its target check when called without the palette. */
const ARGS: Record<string, unknown[]> = {
  'retailPipeline.previewTable': ['SILVER_ORDERS'], 'retailPipeline.revealIcebergFolder': ['GOLD_CUSTOMER_INSIGHTS'],
  'retailPipeline.runFromTask': ['silver_gold_task'], 'retailPipeline.exportChart': ['unit.html'],
};

for (const [kind, expected] of [
  ['local', ['retailPipeline.deployProcedures', 'retailPipeline.deploySetup', 'retailPipeline.deployTaskGraph', 'retailPipeline.executeTaskGraph', 'retailPipeline.resumeTaskGraph', 'retailPipeline.suspendTaskGraph']],
  ['snowflake', ['retailPipeline.exportChart', 'retailPipeline.previewChart', 'retailPipeline.previewTable', 'retailPipeline.revealIcebergFolder', 'retailPipeline.runFromTask', 'retailPipeline.showDashboard']],
] as [TargetKind, string[]][]) {
  test(`${kind} target: the palette hides exactly the commands that do not work there, and each of them refuses if called anyway`, async () => {
    await h.ctx.switchTarget(kind, kind === 'snowflake' ? 'acct' : undefined);
    try {
      const hidden = hiddenOn(h.vs.contextKeys);
      assert.deepEqual(hidden, expected);
      for (const id of hidden) {
        h.vs.clearRecords();
        await h.run(id, ...(ARGS[id] ?? []));
        const panel = h.vs.panels[0];
        if (panel) {
          // A panel says it in the page: the host pushes the error once the page is ready.
          panel.send({ kind: 'ready', panel: PANEL_OF[id] });
          const pushed = await waitFor(() => (panel.posted as { topic?: string; message?: string }[]).find((m) => m.topic === 'error'), `${id}'s error push`);
          assert.match(String(pushed.message), /works on the local target/, id);
          continue;
        }
        const said = h.vs.messages('error');
        assert.equal(said.length, 1, `${id} on ${kind}: ${JSON.stringify(h.vs.shown)}`);
        assert.match(said[0], kind === 'local' ? /acts on a Snowflake account/ : /works on the local target/, id);
      }
    } finally {
      await h.ctx.switchTarget('local');
    }
  });
}

test('every palette when clause names only published context keys (a typo would hide a command for good)', () => {
  const known = new Set(Object.keys(capabilityContextKeys('local')));
  for (const e of pkg.contributes.menus.commandPalette) {
    for (const t of e.when.split('&&').map((x) => x.trim().replace(/^!/, ''))) if (t !== 'false') assert.ok(known.has(t), `${e.command}: ${t}`);
  }
});
