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
    d.answer(/FROM SILVER_CUSTOMERS AS c, TABLE\(FLATTEN\(input => c\.preferences\)\) AS f/, {
      columns: [{ name: 'PREF_TYPE', type: 'text' }, { name: 'PREF_VALUE', type: 'text' }, { name: 'PREFERENCE', type: 'text' }, { name: 'CUSTOMERS', type: 'fixed', scale: 0 }],
      rows: [['color', 'blue', 'color - blue', '7'], ['size', hostile, `size - ${hostile}`, '3']],
    });
    const r = await runCliAsync(['export-chart', '--connection', 'double'], { SNOWFLAKE_HOME: snowflakeHome(d, tmp) });
    assert.equal(r.code, 0, r.stderr);
    const puts = d.sqlTexts.filter((s) => s.startsWith('PUT '));
    assert.equal(puts.length, 3);
    for (const p of puts) assert.match(p, /@SOURCE_FILES AUTO_COMPRESS = FALSE OVERWRITE = TRUE$/);
    const staged = readdirSync(join(d.stageDir, 'SOURCE_FILES')).sort();
    assert.deepEqual(staged, ['customer_preference_counts.csv', 'top_customer_preferences.html', 'top_customer_preferences.vl.json']);
    const csv = readFileSync(join(d.stageDir, 'SOURCE_FILES', 'customer_preference_counts.csv'), 'utf8');
    assert.match(csv, /color,blue,color - blue,7/);
    const html = readFileSync(join(d.stageDir, 'SOURCE_FILES', 'top_customer_preferences.html'), 'utf8');
    assert.ok(!html.includes(hostile), 'data cannot close the script element');
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/, 'the Vega libraries are inlined');
    assert.match(r.stdout, /@SOURCE_FILES\/top_customer_preferences\.html/);
  } finally {
    await d.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
