// Logical column types of the catalog as Snowflake types, for regular and Iceberg tables.
import type { ColumnDef } from '../manifest';

export function snowflakeType(c: ColumnDef, iceberg = false): string {
  switch (c.type) {
    case 'VARCHAR': return iceberg ? 'STRING' : 'VARCHAR';
    case 'INTEGER': return iceberg ? 'INT' : 'NUMBER(10,0)';
    case 'BIGINT': return iceberg ? 'BIGINT' : 'NUMBER(19,0)';
    case 'DECIMAL(10,2)': return 'NUMBER(10,2)';
    case 'DECIMAL(18,2)': return 'NUMBER(18,2)';
    case 'DECIMAL(3,1)': return 'NUMBER(3,1)';
    case 'DOUBLE': return iceberg ? 'DOUBLE' : 'FLOAT';
    case 'BOOLEAN': return 'BOOLEAN';
    case 'DATE': return 'DATE';
    case 'TIMESTAMP': return iceberg ? 'TIMESTAMP_NTZ(6)' : 'TIMESTAMP_NTZ';
    case 'VARIANT':
      // Managed Iceberg tables have no VARIANT; semi-structured gold columns are JSON text.
      return iceberg ? 'STRING' : 'VARIANT';
  }
}
