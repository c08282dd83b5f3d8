// export-chart --connection: the chart's data read from the account with the Snowflake rendering
// of the dashboard query, the standalone HTML, spec and CSV PUT uncompressed to @SOURCE_FILES,
// through the real snowflake-sdk and the wire double.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCliAsync, snowflakeHome, SnowflakeDouble } from './helpers/snowflake-double';

test('export-chart --connection PUTs the chart HTML, spec and CSV to the Snowflake stage', async () => {
  const d = await SnowflakeDouble.start();
  const tmp = mkdtempSync(join(tmpdir(), 'rp-sf-chart-'));
  try {
    d.answer(/INFORMATION_SCHEMA\.TABLES/, { columns: [{ name: 'N', type: 'fixed', scale: 0 }], rows: [['1']] });
    const hostile = '</script><script>alert(1)</script>';
    d.answer(/FROM BRONZE_CUSTOMER_PREFERENCES\s/, {
      columns: [{ name: 'PREFERENCE', type: 'text' }, { name: 'COUNT', type: 'fixed', scale: 0 }],
      rows: [['color - blue', '7'], [`size - ${hostile}`, '3']],
    });
    // The HTML's name, as the original's usp_saveChartsToStage(filename) took it.
    const r = await runCliAsync(['export-chart', '--connection', 'double', '--file', 'Prefs_Q1.html'], { SNOWFLAKE_HOME: snowflakeHome(d, tmp) });
    assert.equal(r.code, 0, r.stderr);
    const puts = d.sqlTexts.filter((s) => s.startsWith('PUT '));
    assert.equal(puts.length, 3);
    for (const p of puts) assert.match(p, /@SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE$/);
    const staged = readdirSync(join(d.stageDir, 'SOURCE_FILES')).sort();
    assert.deepEqual(staged, ['Prefs_Q1.html', 'Prefs_Q1.vl.json', 'customer_preference_counts.csv']);
    const csv = readFileSync(join(d.stageDir, 'SOURCE_FILES', 'customer_preference_counts.csv'), 'utf8');
    assert.match(csv, /^preference,count\ncolor - blue,7\n/);
    const html = readFileSync(join(d.stageDir, 'SOURCE_FILES', 'Prefs_Q1.html'), 'utf8');
    assert.ok(!html.includes(hostile), 'data cannot close the script element');
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/, 'the Vega libraries are inlined');
    assert.match(r.stdout, /@SOURCE_FILES\/Prefs_Q1\.html/);
  } finally {
    await d.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
