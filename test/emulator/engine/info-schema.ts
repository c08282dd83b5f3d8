// <database>.INFORMATION_SCHEMA.TABLES and .COLUMNS as the project's tree and panel readers query
// them (TABLE_NAME, TABLE_TYPE, ROW_COUNT, LAST_ALTERED, IS_ICEBERG …). TABLES is a VALUES list
// built from the catalog just before the statement runs (exact row counts, as Snowflake's
// metadata gives them without a scan); COLUMNS reads DuckDB's own catalog.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from './catalog';
import { quoteIdent, sqlString } from './tokens';

export interface TableSnapshot {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly iceberg: boolean;
  readonly rowCount: number;
  readonly created: Date;
  readonly lastAltered: Date;
  readonly owner: string | null;
}

export async function snapshotTables(conn: DuckDBConnection, catalog: Catalog): Promise<TableSnapshot[]> {
  const out: TableSnapshot[] = [];
  for (const [key, meta] of catalog.tables) {
    const [database, schema, name] = key.split('.');
    const r = await conn.runAndReadAll(`SELECT count(*) FROM ${[database, schema, name].map(quoteIdent).join('.')}`);
    out.push({ database, schema, name, kind: meta.kind, iceberg: meta.iceberg !== undefined, rowCount: Number(r.getRows()[0][0]), created: meta.created, lastAltered: meta.lastAltered, owner: meta.owner ?? null });
  }
  return out;
}

const ts = (d: Date) => `CAST(${sqlString(d.toISOString().replace('T', ' ').replace('Z', ''))} AS TIMESTAMP)`;

const TABLE_COLUMNS = ['TABLE_CATALOG', 'TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_OWNER', 'TABLE_TYPE', 'IS_TRANSIENT', 'IS_ICEBERG', 'ROW_COUNT', 'BYTES', 'CREATED', 'LAST_ALTERED', 'COMMENT'];

/** Snowflake's DATA_TYPE names for DuckDB's column types. */
const DATA_TYPE = `CASE WHEN data_type = 'JSON' THEN 'VARIANT' WHEN data_type LIKE 'DECIMAL%' THEN 'NUMBER'
  WHEN data_type IN ('DOUBLE', 'FLOAT') THEN 'FLOAT' WHEN data_type = 'VARCHAR' THEN 'TEXT' WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
  WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' WHEN data_type IN ('BIGINT', 'INTEGER', 'HUGEINT') THEN 'NUMBER' ELSE data_type END`;

export function informationSchemaSource(database: string | undefined, view: string, snapshot: readonly TableSnapshot[]): string | undefined {
  if (view === 'TABLES') {
    const rows = snapshot.filter((t) => database === undefined || t.database === database).map((t) =>
      `(${[t.database, t.schema, t.name].map(sqlString).join(', ')}, ${t.owner === null ? 'NULL' : sqlString(t.owner)}, ${[t.kind, 'NO', t.iceberg ? 'YES' : 'NO'].map(sqlString).join(', ')}, ${t.rowCount}, 0, ${ts(t.created)}, ${ts(t.lastAltered)}, NULL)`);
    const cols = TABLE_COLUMNS.map(quoteIdent).join(', ');
    if (rows.length === 0) {
      return `(SELECT ${TABLE_COLUMNS.map((c) => `CAST(NULL AS VARCHAR) AS ${quoteIdent(c)}`).join(', ')} WHERE FALSE)`;
    }
    return `(SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${cols}))`;
  }
  if (view === 'COLUMNS') {
    const where = database === undefined ? "schema_name <> 'information_schema'" : `database_name = ${sqlString(database)}`;
    return `(SELECT database_name AS "TABLE_CATALOG", schema_name AS "TABLE_SCHEMA", table_name AS "TABLE_NAME", column_name AS "COLUMN_NAME",
      column_index AS "ORDINAL_POSITION", ${DATA_TYPE} AS "DATA_TYPE", CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS "IS_NULLABLE",
      numeric_precision AS "NUMERIC_PRECISION", numeric_scale AS "NUMERIC_SCALE", column_default AS "COLUMN_DEFAULT", comment AS "COMMENT"
      FROM duckdb_columns() WHERE ${where})`;
  }
  if (view === 'SCHEMATA') {
    return `(SELECT database_name AS "CATALOG_NAME", schema_name AS "SCHEMA_NAME" FROM duckdb_schemas() WHERE ${database === undefined ? 'TRUE' : `database_name = ${sqlString(database)}`})`;
  }
  return undefined;
}
