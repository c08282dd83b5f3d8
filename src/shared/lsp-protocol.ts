// What the pipeline SQL language server and its client (src/extension/language-client.ts) agree
// on beyond plain LSP. Declared once here; neither side spells these strings again. No imports:
// both the extension bundle and the server bundle include this file.

/** Language-client id, also the prefix of its settings and of its output channel. */
export const LANGUAGE_SERVER_ID = 'retailPipelineSql';

/** Passed as LSP `initializationOptions`. */
export interface ServerInitOptions {
  /** Folder whose sql/ the server indexes (defaults to the first workspace folder). */
  readonly sqlRoot?: string;
  /** Workspace folder with .retail/warehouse.duckdb (the local target's warehouse). */
  readonly workspace?: string;
  /** The local target's state folder when not <workspace>/.retail (setting retailPipeline.stateFolder). */
  readonly stateDir?: string;
  /** Current target: only 'local' has a warehouse the server can read for types and row counts. */
  readonly target?: string;
}

/** Client -> server notification: the warehouse may have changed (a run finished, refresh);
 *  re-read column types and row counts when the warehouse is free. No parameters. */
export const CATALOG_CHANGED_NOTIFICATION = 'retailPipeline/catalogChanged';

/** Commands of the extension the code lens calls, with the task name as the only argument. */
export const RUN_TASK_COMMAND = 'retailPipeline.runTask';
export const RUN_FROM_TASK_COMMAND = 'retailPipeline.runFromTask';
