// `npm run test:live`: the opt-in suite against a real Snowflake account (test/live/*.test.ts).
// It runs only when SNOWFLAKE_CONNECTION_NAME names a connection of your connections.toml /
// config.toml; it deploys into a uniquely named database and warehouse and drops them after.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

if (!process.env.SNOWFLAKE_CONNECTION_NAME) {
  process.stdout.write([
    'live Snowflake suite skipped: SNOWFLAKE_CONNECTION_NAME is not set.',
    'To run it: SNOWFLAKE_CONNECTION_NAME=<a connection of your connections.toml> npm run test:live',
    '  optional: SNOWFLAKE_LIVE_ROLE (role that owns the test objects; default: the connection\'s role)',
    '            SNOWFLAKE_LIVE_EXTERNAL_VOLUME (adds the Iceberg part)',
    'It creates RETAIL_PIPELINE_TEST_<random> and RETAIL_TEST_WH_<random> and drops them at the end.',
    '',
  ].join('\n'));
  process.exit(0);
}
const files = readdirSync(join('test', 'live')).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', 'live', f));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
