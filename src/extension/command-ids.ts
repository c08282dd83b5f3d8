// The id of every command of the extension, as a static list: activation registers each one
// with a thin handler (register-commands.ts) without loading the command table itself
// (commands.ts and everything it imports live in dist/extension-commands.js, required on the
// first invocation). test/extension.test.ts checks this list against package.json's
// contributes.commands and against the built table's keys.
export const COMMAND_IDS: readonly string[] = [
  'retailPipeline.runPipeline', 'retailPipeline.runTask', 'retailPipeline.runFromTask', 'retailPipeline.previewTable',
  'retailPipeline.refresh', 'retailPipeline.selectTarget', 'retailPipeline.generateSampleData', 'retailPipeline.seedMysql',
  'retailPipeline.setMysqlConnection', 'retailPipeline.clearMysqlConnection', 'retailPipeline.showLog', 'retailPipeline.copyName',
  'retailPipeline.openStepSql',
  // Panels.
  'retailPipeline.showRunHistory', 'retailPipeline.showTraces', 'retailPipeline.showDashboard', 'retailPipeline.previewChart',
  'retailPipeline.exportChart',
  // Tree rows.
  'retailPipeline.revealIcebergFolder',
  // The Snowflake target.
  'retailPipeline.addSnowflakeConnection', 'retailPipeline.editConnectionsFile', 'retailPipeline.showDeployPlan',
  'retailPipeline.deploySetup', 'retailPipeline.deployProcedures', 'retailPipeline.deployTaskGraph',
  'retailPipeline.executeTaskGraph', 'retailPipeline.suspendTaskGraph', 'retailPipeline.resumeTaskGraph',
  // Quality.
  'retailPipeline.validateData', 'retailPipeline.retryFailedTasks',
];
