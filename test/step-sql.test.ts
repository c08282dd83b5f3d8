// Golden renderings of every step's SQL for both dialects (test/golden/<dialect>/…). A change to
// a template or to the dialect layer shows up here as a diff a reviewer can read.
// Regenerate deliberately with UPDATE_GOLDEN=1 npm test -- test/step-sql.test.ts
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { TASKS } from '../src/core/manifest';
import { renderSql, type Dialect } from '../src/core/sql/dialect';
import { findMacros, TemplateError } from '../src/core/sql/template';
import { loadStepSql, renderStatement } from '../src/core/transform/step-sql';

const thresholds = { positive: 0.5, negative: -0.5 };
const transformTasks = TASKS.filter((t) => t.kind === 'transform');

for (const dialect of ['duckdb', 'snowflake'] as Dialect[]) {
  test(`every step statement renders for ${dialect} and matches its golden file`, () => {
    let count = 0;
    for (const t of transformTasks) {
      for (const s of loadStepSql(t.name)) {
        const rendered = renderStatement(s, { dialect, sentiment: thresholds }) + '\n';
        assert.ok(!rendered.includes('{{'), `${s.file}: macro left unrendered`);
        const golden = join(__dirname, 'golden', dialect, s.file);
        if (process.env.UPDATE_GOLDEN === '1') {
          mkdirSync(dirname(golden), { recursive: true });
          writeFileSync(golden, rendered);
        }
        assert.ok(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npm test -- test/step-sql.test.ts and review it`);
        assert.equal(rendered, readFileSync(golden, 'utf8'), `${s.file} (${dialect}) differs from ${golden}`);
        count++;
      }
    }
    // 4 silver + 3 gold + 13 analytics tables.
    assert.equal(count, 20);
  });
}

test('renderings use only their own dialect\'s functions', () => {
  const duckOnly = /\b(struct_pack|json_each|strftime|json_extract_string|list\(|ai_sentiment|ai_us_state)/i;
  const snowOnly = /\b(OBJECT_CONSTRUCT|FLATTEN|SNOWFLAKE\.CORTEX|TO_CHAR|WITHIN GROUP|IFF|DECODE)\b/;
  for (const t of transformTasks) {
    for (const s of loadStepSql(t.name)) {
      const duck = renderStatement(s, { dialect: 'duckdb', sentiment: thresholds });
      const snow = renderStatement(s, { dialect: 'snowflake', sentiment: thresholds });
      assert.doesNotMatch(duck, snowOnly, `${s.file}: Snowflake function in the DuckDB rendering`);
      assert.doesNotMatch(snow, duckOnly, `${s.file}: DuckDB function in the Snowflake rendering`);
    }
  }
});

test('Cortex renderings read EXTRACT_ANSWER[0]:answer and map answers to state codes', () => {
  const s = loadStepSql('bronze_silver_task').find((x) => x.table.name === 'SILVER_CUSTOMERS')!;
  const snow = renderStatement(s, { dialect: 'snowflake', sentiment: thresholds });
  assert.match(snow, /SNOWFLAKE\.CORTEX\.EXTRACT_ANSWER\(address, 'What is the US state of this address\?'\) AS state_answer/);
  assert.match(snow, /IFF\(IS_ARRAY\(state_answer\), state_answer\[0\]:answer::VARCHAR, state_answer::VARCHAR\)/);
  assert.equal(snow.match(/EXTRACT_ANSWER/g)?.length, 1, 'Cortex is called once per distinct address');
  assert.match(snow, /'ARIZONA', 'AZ'/);
  const r = loadStepSql('bronze_silver_task').find((x) => x.table.name === 'SILVER_PRODUCT_REVIEWS')!;
  assert.match(renderStatement(r, { dialect: 'snowflake', sentiment: { positive: 0.6, negative: -0.2 } }), /SNOWFLAKE\.CORTEX\.SENTIMENT\(.*\) AS sentiment_value[\s\S]*> 0\.6 THEN 'Positive' WHEN sentiment_value < -0\.2 THEN 'Negative'/);
});

test('template errors name the file and line and say what was expected', () => {
  assert.throws(() => renderSql('select 1,\n {{ nope(x) }}', 'a.sql', { dialect: 'duckdb', sentiment: thresholds }), (e: Error) => e instanceof TemplateError && /a\.sql:2: unknown macro nope; expected one of/.test(e.message));
  assert.throws(() => renderSql('select {{ month_text(a, b) }}', 'b.sql', { dialect: 'duckdb', sentiment: thresholds }), /b\.sql:1: month_text expects 1 argument\(s\), got 2/);
  assert.throws(() => renderSql('select {{ field(x, name, \'VARCHAR\') }}', 'c.sql', { dialect: 'snowflake', sentiment: thresholds }), /c\.sql:1: field: expected a quoted string argument, got name/);
  assert.throws(() => findMacros('select {{ month_text(a)', 'd.sql'), /d\.sql:1: macro opened with \{\{ but never closed/);
  assert.throws(() => renderSql("select {{ field(v, 'k', 'BLOB') }}", 'e.sql', { dialect: 'duckdb', sentiment: thresholds }), /unsupported type BLOB/);
});
