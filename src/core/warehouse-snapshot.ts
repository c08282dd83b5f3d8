// What the extension's Pipeline tree shows about a warehouse, whichever target fills it: the
// local reader (targets/local/snapshot.ts, DuckDB + Iceberg metadata) and the Snowflake one
// (snowflake/panel-data.ts, INFORMATION_SCHEMA + TASK_HISTORY). Types only: no imports, so the
// extension's activation bundle can hold it.

/** The last run of a task, as the tree shows it. */
export interface TaskRunInfo {
  readonly state: string;
  readonly completedAt?: string;
  readonly durationMs?: number;
  readonly errorMessage?: string;
}

export interface WarehouseSnapshot {
  /** Row count per existing manifest table (upper-case name). Missing tables are absent, and so
   *  is a table the target has no count for (Snowflake metadata of a view, say). */
  readonly rowCounts: ReadonlyMap<string, number>;
  /** Last recorded run per task (manifest name): local TASK_HISTORY when it exists; Snowflake's
   *  TASK_HISTORY of the last 7 days. */
  readonly lastRuns: ReadonlyMap<string, TaskRunInfo>;
  /** When each existing table (upper-case name) was last written, as an ISO timestamp: locally
   *  the last successful run of the task that writes it, or an Iceberg table's last-updated-ms;
   *  on Snowflake LAST_ALTERED (last DML, DDL or background metadata change). */
  readonly lastUpdated: ReadonlyMap<string, string>;
}
