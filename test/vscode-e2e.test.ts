// The end-to-end tests in a real VS Code (test/e2e/, which the plain test run does not walk) as
// part of `npm test`. They skip with the reason when code-server or Chromium are not installed
// (scripts/e2e-setup.sh installs both); with RETAIL_REQUIRE_E2E=1 (CI) a missing one fails.
import './e2e/extension.e2e.test';
