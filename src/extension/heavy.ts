// Everything that pulls in DuckDB, MySQL or the pipeline steps. Built as its own bundle
// (dist/extension-heavy.js) and required on first use (load-heavy.ts), so activation neither
// parses nor runs it: the activation bundle stays small. The Snowflake target is another bundle
// (snowflake-lib.ts): nothing here may import snowflake-sdk or core/snowflake/client.
export { LocalWarehouse } from '../core/targets/local/warehouse';
export { runPipeline, retryPipeline } from '../core/runner/pipeline-run';
export { generateData } from '../core/generate/generate';
export { seedMysql } from '../core/mysql/seed';
export { registerSecret } from '../core/secrets/redact';
export {
  closeConnection, DEFAULT_MYSQL_URL, mysqlIdent, openConnection, parseMysqlUrl, run as mysqlQuery,
} from '../core/sources/mysql-connection';
// Webview panels (src/extension/panels): dashboard queries and specs, run history and traces
// reads, chart export. Here so the activation bundle does not carry them.
export { loadChart, loadDashboard } from '../core/dashboard/data';
export { listTraces, loadRunHistory, loadTrace } from '../core/dashboard/history-data';
export { exportChart, putFiles } from '../core/dashboard/export';
export { LocalStage, STAGES } from '../core/stage/local-stage';
// The Pipeline tree: the warehouse snapshot, stage listings and Iceberg folders.
export { readSnapshot } from '../core/targets/local/snapshot';
export { icebergTableDir } from '../core/iceberg/table-files';
export { traceIdsOf } from '../core/history/queries';
// The Quality view, Validate Data and Retry Failed Tasks (quality-tree.ts, quality-commands.ts).
export { defaultSuitesDir, describeOutcome, loadSuites, runValidation } from '../core/quality';
export { readQualitySnapshot } from '../core/targets/local/quality-read';
export { retryPlan } from '../core/history/queries';
export { LOCAL_DRIVER } from '../core/targets/local/local-driver';
