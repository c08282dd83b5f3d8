// Local Apache Iceberg (format v2) tables for the gold layer: written and read by this
// module (no DuckDB iceberg extension needed), data files written and read by DuckDB.
export { commitIcebergOverwrite, IcebergCommitConflictError, type CommitOptions, type CommitResult } from './writer';
export { readIcebergTable, listSnapshots, attachIcebergView, icebergSelectSql, type IcebergScan, type IcebergDataFile, type SnapshotInfo } from './reader';
export { findOrphanFiles } from './orphans';
export { icebergTableDir, IcebergTableNotFoundError } from './table-files';
export { icebergType, duckdbTypeOf, type IcebergSchema, type IcebergTableMetadata } from './types';
