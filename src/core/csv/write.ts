// The project's one CSV writer (RFC 4180, "\n" line ends), for the generated sample data, the
// query command's --format csv and the dashboard's chart export. Its NULL rule, the same
// everywhere: NULL (null or undefined) is an empty, unquoted field; an empty string is written
// quoted, as "", so readers that load empty fields as NULL (Snowflake's EMPTY_FIELD_AS_NULL,
// DuckDB's read_csv, pandas) keep the two apart. Other fields are quoted only when they hold
// a comma, quote, CR or LF, with quotes doubled. Objects (VARIANT values) are written as JSON.
// Hand-written rather than csv-stringify: bench/csv-writer.bench.ts measures both on the
// generator's rows, where this writer is several times faster per line.
// (core/load/staged-csv.ts and core/snowflake/load-mysql.ts write files for their own COPY
// file formats and keep their own rules.)

export type CsvValue = string | number | bigint | boolean | Date | object | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field under the rule above. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, ending in "\n". */
export function csvLine(fields: readonly CsvValue[]): string {
  return fields.map(csvField).join(',') + '\n';
}

/** A header line of `columns`, then one record per row (its values in column order). */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c] as CsvValue))).join('');
}
