// What the Pipeline tree shows about the warehouse, whichever target it is: the shape (one
// definition, in core, which the Snowflake reader fills too) and the empty value, small enough
// for the activation bundle. The local reader is core/targets/local/snapshot.ts (in the heavy bundle: it reads
// Iceberg metadata and DuckDB).
import type { WarehouseSnapshot } from '../core/warehouse-snapshot';

export type { TaskRunInfo, WarehouseSnapshot } from '../core/warehouse-snapshot';

export const EMPTY_SNAPSHOT: WarehouseSnapshot = { rowCounts: new Map(), lastRuns: new Map(), lastUpdated: new Map() };
