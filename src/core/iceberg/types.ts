// Iceberg's view of a gold table: the v2 table-metadata shapes we write and read, and the
// mapping between the manifest's logical column types, Iceberg primitive types and DuckDB
// types. Only what the local gold layer needs (primitive columns, unpartitioned tables).
import type { ColumnDef, ColumnType } from '../manifest/tables';

export interface IcebergField {
  id: number;
  name: string;
  required: boolean;
  type: string;
  doc?: string;
}

export interface IcebergSchema {
  type: 'struct';
  'schema-id': number;
  fields: IcebergField[];
}

export interface IcebergSnapshot {
  'snapshot-id': number;
  'parent-snapshot-id'?: number;
  'sequence-number': number;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: { operation: string } & Record<string, string>;
  'schema-id': number;
}

export interface IcebergTableMetadata {
  'format-version': 2;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  schemas: IcebergSchema[];
  'current-schema-id': number;
  'partition-specs': { 'spec-id': number; fields: unknown[] }[];
  'default-spec-id': number;
  'last-partition-id': number;
  'sort-orders': { 'order-id': number; fields: unknown[] }[];
  'default-sort-order-id': number;
  properties: Record<string, string>;
  'current-snapshot-id'?: number;
  snapshots: IcebergSnapshot[];
  'snapshot-log': { 'timestamp-ms': number; 'snapshot-id': number }[];
  'metadata-log': { 'timestamp-ms': number; 'metadata-file': string }[];
  refs: Record<string, { 'snapshot-id': number; type: 'branch' | 'tag' }>;
}

/** Logical type -> Iceberg primitive. VARIANT is stored as JSON text: Iceberg v2 has no variant type. */
export function icebergType(t: ColumnType): string {
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(t);
  if (dec) return `decimal(${dec[1]},${dec[2]})`;
  switch (t) {
    case 'VARCHAR': case 'VARIANT': return 'string';
    case 'INTEGER': return 'int';
    case 'BIGINT': return 'long';
    case 'DOUBLE': return 'double';
    case 'BOOLEAN': return 'boolean';
    case 'DATE': return 'date';
    case 'TIMESTAMP': return 'timestamp';
  }
  throw new Error(`No Iceberg type for logical column type ${String(t)}`);
}

/** Iceberg primitive -> the DuckDB type the Parquet column is written and read as. */
export function duckdbTypeOf(icebergTypeName: string): string {
  const dec = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(icebergTypeName);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  const map: Record<string, string> = {
    string: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', float: 'FLOAT', double: 'DOUBLE',
    boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMPTZ',
    time: 'TIME', uuid: 'UUID', binary: 'BLOB',
  };
  const t = map[icebergTypeName];
  if (!t) throw new Error(`Unsupported Iceberg column type ${JSON.stringify(icebergTypeName)} (only primitive types are supported locally)`);
  return t;
}

/**
 * The schema for `columns`, keeping the field ids of `previous` for columns whose name and type
 * are unchanged: Iceberg resolves columns by id, so reusing ids keeps old snapshots' files
 * readable under the new schema, and a changed column gets a fresh id instead of silently
 * reinterpreting old data.
 */
export function schemaFor(columns: readonly ColumnDef[], previous: IcebergSchema | undefined, lastColumnId: number, schemaId: number): { schema: IcebergSchema; lastColumnId: number } {
  if (columns.length === 0) throw new Error('An Iceberg table needs at least one column');
  const seen = new Set<string>();
  let last = lastColumnId;
  const fields = columns.map((c): IcebergField => {
    const key = c.name.toLowerCase();
    if (seen.has(key)) throw new Error(`Duplicate column ${c.name} in Iceberg table definition`);
    seen.add(key);
    const type = icebergType(c.type);
    const old = previous?.fields.find((f) => f.name.toLowerCase() === key && f.type === type);
    return { id: old?.id ?? ++last, name: c.name, required: c.nullable === false, type };
  });
  return { schema: { type: 'struct', 'schema-id': schemaId, fields }, lastColumnId: last };
}

export function sameFields(a: IcebergSchema, b: IcebergSchema): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => {
    const g = b.fields[i];
    return f.id === g.id && f.name === g.name && f.type === g.type && f.required === g.required;
  });
}
