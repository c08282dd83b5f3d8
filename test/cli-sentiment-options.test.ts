// --sentiment-positive / --sentiment-negative reach the Snowflake plan's silver procedure and the
// local run's silver step, so one pair of cut-offs can be given to both targets (the emulator's
// acceptance test compares them label for label that way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, REPO } from './helpers/cli';
import { LocalWarehouse } from '../src/core/targets/local/warehouse';

const LABEL = /WHEN sentiment_value > (-?[\d.]+) THEN 'Positive' WHEN sentiment_value < (-?[\d.]+) THEN 'Negative'/;

test('deploy --dry-run: the plan labels with the given cut-offs, with Cortex\'s ±0.5 when none are given', () => {
  const given = cli(['deploy', '--dry-run', '--only', 'procedures', '--sentiment-positive', '0.3', '--sentiment-negative', '-0.2']);
  assert.equal(given.code, 0, given.stderr);
  assert.deepEqual(LABEL.exec(given.stdout)?.slice(1), ['0.3', '-0.2']);
  const dflt = cli(['deploy', '--dry-run', '--only', 'procedures']);
  assert.deepEqual(LABEL.exec(dflt.stdout)?.slice(1), ['0.5', '-0.5']);
});

test('the cut-offs go in pairs and in order: usage errors exit 2 and say what is expected', () => {
  const lone = cli(['deploy', '--dry-run', '--sentiment-positive', '0.3']);
  assert.equal(lone.code, 2);
  assert.match(lone.stderr, /--sentiment-positive and --sentiment-negative go together/);
  const crossed = cli(['run', '--sentiment-positive', '-0.5', '--sentiment-negative', '0.5']);
  assert.equal(crossed.code, 2);
  assert.match(crossed.stderr, /negative \(0\.5\) must not exceed positive \(-0\.5\)/);
});

test('run: cut-offs of ±1 label every review Neutral on the local target', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'rp-sentiment-'));
  try {
    cpSync(join(REPO, 'sample_data'), join(ws, 'sample_data'), { recursive: true });
    const r = cli(['run', '--workspace', ws, '--sentiment-positive', '1', '--sentiment-negative', '-1']);
    assert.equal(r.code, 0, r.stderr);
    const wh = await LocalWarehouse.open(ws);
    try {
      const rows = await wh.query('SELECT sentiment_score AS s, COUNT(*) AS n FROM silver_product_reviews WHERE sentiment_score IS NOT NULL GROUP BY 1');
      assert.deepEqual(rows.map((x) => x.s), ['Neutral']);
    } finally {
      wh.close();
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
