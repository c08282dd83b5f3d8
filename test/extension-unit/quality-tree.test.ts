// The Quality view's nodes (quality-tree.ts over target-reads.ts) for both targets: the local
// target lists every suite before any validation without creating a warehouse, and its verdicts
// after Validate Data; on Snowflake it says it is not connected instead of logging in.
import { TestScope } from './harness';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { QualityTree } from '../../src/extension/quality-tree';
import type { SuiteView } from '../../src/extension/quality-snapshot';
import { REPO } from '../helpers/cli';

const scope = new TestScope();
afterEach(() => scope.close());

const SUITES = readdirSync(join(REPO, 'sql', 'quality')).filter((f) => f.endsWith('.json')).length;

test('Quality view, local target: every suite listed as never validated, no warehouse created; verdicts after Validate Data', async () => {
  const h = scope.open();
  const tree = scope.use(new QualityTree(h.ctx));
  const before = await tree.getChildren();
  assert.equal(before.length, SUITES);
  assert.ok(before.every((n) => n.kind === 'suite' && suiteStateOf(n) === undefined));
  assert.equal(existsSync(join(h.ctx.workspace!, '.retail', 'warehouse.duckdb')), false);

  assert.equal(await h.run('retailPipeline.runTask', 'productreview_task'), 'SUCCEEDED');
  await h.run('retailPipeline.validateData');
  tree.refresh();
  const after = await tree.getChildren();
  assert.equal(after.length, SUITES);
  assert.ok(after.some((n) => suiteStateOf(n) !== undefined), 'some suite has a last validation');
});

test('Quality view, Snowflake target: "not connected" instead of a login', async () => {
  const h = scope.open(false);
  await h.ctx.switchTarget('snowflake', 'nowhere');
  const tree = scope.use(new QualityTree(h.ctx));
  const nodes = await tree.getChildren();
  assert.deepEqual(nodes.map((n) => [n.kind, (n as { text?: string }).text]), [['message', 'not connected to snowflake (nowhere) yet']]);
});

/** A suite node's last validation, if it has one. */
function suiteStateOf(n: unknown): unknown {
  return (n as { s?: SuiteView }).s?.last;
}
