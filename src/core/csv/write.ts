// The project's one CSV writer (RFC 4180, "\n" line ends), for the generated sample data, the
// query command's --format csv, the dashboard's chart export, the bronze loads' staging files
// (read back by DuckDB's read_csv) and the client-side MySQL load's files (read by Snowflake's
// COPY INTO). Its NULL rule, the same everywhere: NULL (null or undefined) is an empty, unquoted
// field; an empty string is written quoted, as "", so the two stay apart. Other fields are
// quoted only when they hold a comma, quote, CR or LF, with quotes doubled; no text is special,
// so "NULL" and "\N" are plain values. Objects (VARIANT values) are written as JSON.
// Each consumer reads the rule back through the options below (one place, next to the writer):
// the files are only exact when read with them.
// Hand-written rather than csv-stringify: bench/csv-writer.bench.ts measures both on the
// generator's rows, where this writer is several times faster per line.

export type CsvValue = string | number | bigint | boolean | Date | object | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/**
 * The NULL rule read back by each file format this writer feeds. DuckDB's read_csv: an empty
 * unquoted field is NULL (nullstr = ''), a quoted one a string (allow_quoted_nulls = false).
 * Snowflake's COPY INTO: an empty field is NULL (EMPTY_FIELD_AS_NULL = TRUE), a quoted ""
 * an empty string (FIELD_OPTIONALLY_ENCLOSED_BY, as Snowflake's "Empty strings and NULL
 * values" documents), NULL_IF = () so that no text (not even its default '\N') turns into NULL,
 * and no backslash escapes in unquoted fields.
 */
export const CSV_NULL_RULE = {
  duckdbReadCsv: `delim = ',', quote = '"', escape = '"', new_line = '\\n', nullstr = '', allow_quoted_nulls = false`,
  snowflakeFileFormat: `TYPE = CSV FIELD_DELIMITER = ',' RECORD_DELIMITER = '\\n' FIELD_OPTIONALLY_ENCLOSED_BY = '"' ESCAPE = NONE ESCAPE_UNENCLOSED_FIELD = NONE NULL_IF = () EMPTY_FIELD_AS_NULL = TRUE`,
} as const;

/** A text value (or NULL) under the rule above: the loads' hot path, which only has text. */
export function csvText(s: string | null): string {
  if (s === null) return '';
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTES, '""')}"` : s;
}

/** One field under the rule above. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return csvText(typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v));
}

/** One record, ending in "\n". */
export function csvLine(fields: readonly CsvValue[]): string {
  return fields.map(csvField).join(',') + '\n';
}

/** A header line of `columns`, then one record per row (its values in column order). */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c] as CsvValue))).join('');
}
