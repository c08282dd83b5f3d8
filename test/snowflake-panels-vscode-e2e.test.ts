// The Run History and Traces panels on the Snowflake target in a real VS Code
// (test/e2e/snowflake-panels.e2e.test.ts) as part of `npm test`: skips with the reason when
// code-server or Chromium are not installed (scripts/e2e-setup.sh installs both); with
// RETAIL_REQUIRE_E2E=1 (CI) a missing one fails.
import './e2e/snowflake-panels.e2e.test';
