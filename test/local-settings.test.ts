// The extension's local settings as the core receives them: a state folder outside the
// workspace (retailPipeline.stateFolder) holds the warehouse, the Iceberg tables and the run
// lock of a real graph run on sample_data, and <workspace>/.retail is never created; sentiment
// thresholds (retailPipeline.sentiment.*) reach the silver step's SQL.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { retryPlan } from '../src/core/history/queries';
import { lockPath } from '../src/core/runner/lock';
import { runPipeline } from '../src/core/runner/pipeline-run';
import { LocalStage } from '../src/core/stage/local-stage';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';
import { REPO } from './helpers/cli';
import { memoryLogger } from './helpers/runner-steps';

const root = mkdtempSync(join(tmpdir(), 'rp-local-settings-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a graph run with a state folder elsewhere and sentiment thresholds from the settings', async () => {
  const ws = join(root, 'ws');
  const state = join(root, 'state', 'retail');
  mkdirSync(ws);
  // Thresholds at the ends of the −1..1 scale: VADER's compound score never reaches ±1, so every
  // review is Neutral; the default (±0.05) labels the sample's reviews mostly Positive/Negative.
  const r = await runPipeline({
    workspace: ws, stateDir: state, dataDir: join(REPO, 'sample_data'), log: memoryLogger(),
    sentiment: { positive: 1, negative: -1 },
  });
  assert.equal(r.state, 'SUCCEEDED', JSON.stringify(r.outcomes.filter((o) => o.state !== 'SUCCEEDED')));
  assert.ok(!existsSync(join(ws, '.retail')), '<workspace>/.retail is not created');
  assert.ok(existsSync(join(state, 'warehouse.duckdb')));
  assert.ok(existsSync(join(state, 'iceberg', 'retail_gold_layer', 'GOLD_CUSTOMER_INSIGHTS', 'metadata', 'version-hint.text')));
  assert.ok(!existsSync(lockPath(ws, state)), 'the run lock (in the state folder) was released');
  assert.equal(new LocalStage(ws, 'SOURCE_FILES', state).root, join(state, 'stages', 'SOURCE_FILES'));

  const wh = await LocalWarehouse.open(ws, { stateDir: state, readOnly: true });
  try {
    assert.equal(wh.stateDir, state);
    const labels = await wh.query<{ label: string; n: number }>(
      'select sentiment_score as label, count(*)::int as n from SILVER_PRODUCT_REVIEWS group by 1 order by 1');
    assert.deepEqual(labels.map((l) => l.label), ['Neutral'], JSON.stringify(labels));
    // Gold (Iceberg) reads through the view onto the state folder's files.
    const [gold] = await wh.query<{ n: number }>('select count(*)::int as n from GOLD_CUSTOMER_INSIGHTS');
    assert.ok(gold.n > 0);
    // The run history is in that warehouse too: nothing failed, so nothing to retry.
    await assert.rejects(retryPlan(wh), /SUCCEEDED: nothing to retry/);
  } finally {
    wh.close();
  }
  assert.deepEqual(readdirSync(ws).sort(), [], 'the workspace folder stays empty');
});
