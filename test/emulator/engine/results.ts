// DuckDB results -> the seam's StatementResult, with Snowflake's column types.
import type { DuckDBResultReader, DuckDBType } from '@duckdb/node-api';
import type { ResultColumn, StatementResult } from '../engine-api';

function columnFor(name: string, type: DuckDBType): ResultColumn {
  if (type.alias === 'JSON') return { name, type: 'variant' };
  const t = type.toString();
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return { name, type: 'fixed', precision: Number(dec[1]), scale: Number(dec[2]) };
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return { name, type: 'fixed', precision: 38, scale: 0 };
  if (t === 'DOUBLE' || t === 'FLOAT') return { name, type: 'real' };
  if (t === 'BOOLEAN') return { name, type: 'boolean' };
  if (t === 'DATE') return { name, type: 'date' };
  if (t.startsWith('TIMESTAMP WITH TIME ZONE')) return { name, type: 'timestamp_ltz' };
  if (t.startsWith('TIMESTAMP')) return { name, type: 'timestamp_ntz' };
  if (t === 'BLOB') return { name, type: 'binary' };
  return { name, type: 'text' };
}

function jsValue(v: unknown, col: ResultColumn): unknown {
  if (v === null || v === undefined) return null;
  if (col.type === 'variant' && typeof v === 'string') return JSON.parse(v);
  return v;
}

export function toStatementResult(result: DuckDBResultReader): StatementResult {
  const names = result.columnNames();
  const types = result.columnTypes();
  const columns = names.map((n, i) => columnFor(n, types[i]));
  const rows = result.getRowsJS().map((r) => r.map((v, i) => jsValue(v, columns[i])));
  return { columns, rows };
}

/** Snowflake's answer to DDL: one `status` column. */
export function statusResult(message: string): StatementResult {
  return { columns: [{ name: 'status', type: 'text' }], rows: [[message]] };
}

/** Snowflake's answer to INSERT: `number of rows inserted`. */
export function dmlResult(column: string, count: number): StatementResult {
  return { columns: [{ name: column, type: 'fixed', precision: 38, scale: 0 }], rows: [[count]], rowsAffected: count };
}
