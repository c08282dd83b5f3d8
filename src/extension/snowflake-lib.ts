// The Snowflake target: snowflake-sdk and the core modules that drive it. Built as its own bundle
// (dist/extension-snowflake.js) and required only when the Snowflake target is used
// (load-heavy.ts): the local target's first use (a tree snapshot, a run) then parses DuckDB's
// bundle alone, not the ~7 MB of snowflake-sdk it never runs. snowflake-sdk itself is required
// inside client.ts on first connect, so even loading this bundle does not evaluate it.
export { SnowflakeClient } from '../core/snowflake/client';
export { connectionEnvKey, listConnections, processEnvironment, resolveConnection } from '../core/snowflake/connections';
export { callStep, resumeGraph, startGraphRun, suspendGraph } from '../core/snowflake/operate';
export { listGraphRuns } from '../core/snowflake/history';
export { buildDeployPlan, renderPlanScript } from '../core/snowflake/plan';
export { requiredSecrets, runDeployPlan } from '../core/snowflake/deploy-run';
export { loadRunHistorySnowflake, readSnowflakeSnapshot } from '../core/snowflake/panel-data';
export { listTracesSnowflake, loadTraceSnowflake } from '../core/snowflake/panel-traces';
// The Quality view on Snowflake: the account's GE_VALIDATION_RESULTS.
export { readSnowflakeQualitySnapshot } from '../core/targets/snowflake/quality-read';
export { VALIDATED_LAYERS } from '../core/snowflake/validation-procedure';
// This bundle's own copy of the core's redact registry (see registerSecretEverywhere).
export { registerSecret } from '../core/secrets/redact';
// The Snowflake target's operations and readers (core/targets/snowflake/snowflake-target.ts takes them on first use).
export { SNOWFLAKE_DRIVER } from '../core/targets/snowflake/snowflake-driver';
