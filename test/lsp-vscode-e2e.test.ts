// The SQL language server's end-to-end test in a real VS Code (test/e2e/lsp.e2e.test.ts: code
// lens, diagnostic + quick fix, completion) as part of `npm test`; it had no entry, so it ran only
// by hand. Skips with the reason when code-server or Chromium are not installed
// (scripts/e2e-setup.sh installs both); with RETAIL_REQUIRE_E2E=1 (CI) a missing one fails.
import './e2e/lsp.e2e.test';
