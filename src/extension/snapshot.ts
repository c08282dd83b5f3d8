// What the Pipeline tree shows about the warehouse, whichever target it is: the shape only, so
// the activation bundle can hold it. The local reader is local-snapshot.ts (in the heavy bundle:
// it reads Iceberg metadata and DuckDB); the Snowflake target fills the same fields.
export interface TaskRunInfo {
  readonly state: string;
  readonly completedAt?: string;
  readonly durationMs?: number;
  readonly errorMessage?: string;
}

export interface WarehouseSnapshot {
  /** Row count per existing manifest table (upper-case name). Missing tables are absent. */
  readonly rowCounts: ReadonlyMap<string, number>;
  /** Last recorded run per task name, from TASK_HISTORY when it exists. */
  readonly lastRuns: ReadonlyMap<string, TaskRunInfo>;
  /** When each existing table (upper-case name) was last written, as an ISO timestamp: the
   * last successful run of the task that writes it, or an Iceberg table's last-updated-ms. */
  readonly lastUpdated: ReadonlyMap<string, string>;
}

export const EMPTY_SNAPSHOT: WarehouseSnapshot = { rowCounts: new Map(), lastRuns: new Map(), lastUpdated: new Map() };
