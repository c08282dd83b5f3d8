// The Pipeline tree's nodes (tree.ts) for both targets, read through the real Ctx: the local
// warehouse after one real task run, and a Snowflake account through the wire double, where the
// tree draws without logging in until a command (Refresh) connects.
import { createHarness, TestScope } from './harness';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { TABLES, TASKS } from '../../src/core/manifest';
import { PipelineTree, type Node } from '../../src/extension/tree';
import { connectionSecretKey } from '../../src/extension/snowflake-session';
import { SnowflakeDouble } from '../helpers/snowflake-double';
import { tableRow, tables, taskHistory, taskHistoryRow } from '../builders/snowflake-rows';
import type { TreeItem } from './fake-vscode';

const scope = new TestScope();
afterEach(() => scope.close());

const label = (i: TreeItem) => (typeof i.label === 'string' ? i.label : i.label.label);
async function item(tree: PipelineTree, node: Node): Promise<TreeItem> {
  return (await tree.getTreeItem(node)) as unknown as TreeItem;
}
const tableNode = (name: string): Node => ({ kind: 'table', def: TABLES.find((t) => t.name === name)! });
const taskNode = (name: string): Node => ({ kind: 'task', def: TASKS.find((t) => t.name === name)! });

test('tree, no folder open: no nodes (the view shows its welcome content)', async () => {
  const h = scope.use(createHarness(undefined));
  const tree = scope.use(new PipelineTree(h.ctx));
  assert.deepEqual(await tree.getChildren(), []);
});

test('tree, local target: target row, sources from the data folder, layers counting built tables, task states from run history', async () => {
  const h = scope.open();
  const tree = scope.use(new PipelineTree(h.ctx));
  const roots = await tree.getChildren();
  assert.deepEqual(roots.map((n) => n.kind), ['target', 'sources', 'stages', 'layer', 'layer', 'layer', 'layer', 'tasks']);
  const target = await item(tree, roots[0]);
  assert.equal(label(target), 'Target: local');
  assert.equal(target.command?.command, 'retailPipeline.selectTarget');
  const sources = await tree.getChildren(roots[1]);
  assert.ok(sources.some((n) => n.kind === 'file' && n.rel === 'product_reviews.json'));
  assert.equal((await item(tree, tableNode('BRONZE_PRODUCT_REVIEWS'))).description, 'not built');
  assert.equal((await item(tree, taskNode('productreview_task'))).description, 'never run');

  assert.equal(await h.run('retailPipeline.runTask', 'productreview_task'), 'SUCCEEDED');
  tree.refresh();
  const reviews = await item(tree, tableNode('BRONZE_PRODUCT_REVIEWS'));
  assert.match(String(reviews.description), /^\d[\d,]* rows/);
  assert.equal(reviews.contextValue, 'table.present');
  const bronze = await item(tree, roots[3]);
  assert.equal(bronze.description, `1/${TABLES.filter((t) => t.layer === 'BRONZE').length} tables`);
  const task = await item(tree, taskNode('productreview_task'));
  assert.match(String(task.description), /^SUCCEEDED · /);
  assert.equal((task.iconPath as { id: string }).id, 'pass');
  // Stages are the local target's folders.
  const stages = await tree.getChildren(roots[2]);
  assert.ok(stages.length >= 1 && stages.every((n) => n.kind === 'stage'));
});

test('tree, Snowflake target: drawn without a login; after Refresh, row counts from INFORMATION_SCHEMA.TABLES and task states from TASK_HISTORY', async () => {
  const d = await SnowflakeDouble.start({ expect: { user: 'tester', password: 'Tree-Pw-1' } });
  scope.defer(() => d.stop());
  d.respond((st) => {
    if (/INFORMATION_SCHEMA"?\.TABLES/i.test(st.sqlText)) return tables([tableRow({ TABLE_NAME: 'BRONZE_ORDERS', ROW_COUNT: '1234' })]);
    if (/TASK_HISTORY\(/.test(st.sqlText)) return taskHistory([taskHistoryRow({ NAME: 'SILVER_GOLD_TASK', STATE: 'FAILED', ERROR_MESSAGE: 'Object does not exist' })], st.sqlText);
    return undefined;
  });
  const home = mkdtempSync(join(tmpdir(), 'rp-ext-unit-tree-'));
  writeFileSync(join(home, 'connections.toml'), `[double]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\nuser = "tester"\n`, { mode: 0o600 });
  const previous = process.env.SNOWFLAKE_HOME;
  process.env.SNOWFLAKE_HOME = home;
  scope.defer(() => {
    if (previous === undefined) delete process.env.SNOWFLAKE_HOME;
    else process.env.SNOWFLAKE_HOME = previous;
    rmSync(home, { recursive: true, force: true });
  });
  const h = scope.open();
  await h.ext.secrets.store(connectionSecretKey('double', 'password'), 'Tree-Pw-1');
  await h.ctx.switchTarget('snowflake', 'double');
  const tree = scope.use(new PipelineTree(h.ctx));
  const roots = await tree.getChildren();
  const target = await item(tree, roots[0]);
  assert.equal(label(target), 'Target: snowflake (double)');
  assert.equal(target.description, 'task graph on the account');
  assert.deepEqual(await tree.getChildren(roots[2]), [{ kind: 'message', text: 'local target only', tooltip: 'These are the local stages; on Snowflake, LIST @SOURCE_FILES shows the account\'s.' }]);
  assert.equal((await item(tree, tableNode('BRONZE_ORDERS'))).description, 'not built');
  assert.equal(d.logins.length, 0, 'drawing the tree never logs in');

  await h.run('retailPipeline.refresh');
  tree.refresh();
  assert.equal(d.logins.length, 1);
  assert.match(String((await item(tree, tableNode('BRONZE_ORDERS'))).description), /^1,234 rows/);
  const sg = await item(tree, taskNode('silver_gold_task'));
  assert.match(String(sg.description), /^FAILED/);
  assert.match((sg.tooltip as { value: string }).value, /Object does not exist/);
});
