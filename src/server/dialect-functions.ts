// Functions that exist in only one of the two engines, and what to write instead in step SQL (a
// dialect macro, see src/core/sql/dialect.ts). Step SQL outside `{{ }}` must run on both.
// Functions both engines document are listed for completion.

export interface DialectOnly {
  readonly dialect: 'Snowflake' | 'DuckDB';
  /** The portable spelling, if the dialect layer has one. */
  readonly instead?: string;
}

const snowflake = (instead?: string): DialectOnly => ({ dialect: 'Snowflake', instead });
const duckdb = (instead?: string): DialectOnly => ({ dialect: 'DuckDB', instead });

export const DIALECT_ONLY: ReadonlyMap<string, DialectOnly> = new Map([
  ['object_construct', snowflake('{{ object(…) }}')],
  ['object_construct_keep_null', snowflake('{{ object(…) }}')],
  ['object_agg', snowflake()],
  ['array_construct', snowflake()],
  ['flatten', snowflake('{{ flatten(…) }}')],
  ['parse_json', snowflake()],
  ['try_parse_json', snowflake()],
  ['get_path', snowflake('{{ field(…) }}')],
  ['iff', snowflake('CASE WHEN … THEN … ELSE … END')],
  ['decode', snowflake('CASE')],
  ['to_char', snowflake('{{ month_text(…) }}')],
  ['to_varchar', snowflake('CAST(… AS VARCHAR)')],
  ['to_number', snowflake('CAST')],
  ['to_decimal', snowflake('CAST')],
  ['try_to_number', snowflake('TRY_CAST')],
  ['try_to_decimal', snowflake('TRY_CAST')],
  ['try_to_date', snowflake('TRY_CAST')],
  ['try_to_timestamp', snowflake('TRY_CAST')],
  ['is_array', snowflake()],
  ['is_object', snowflake()],
  ['zeroifnull', snowflake('COALESCE(…, 0)')],
  ['div0', snowflake()],
  ['snowflake.cortex.sentiment', snowflake('{{ ai_sentiment(…) }}')],
  ['snowflake.cortex.extract_answer', snowflake('{{ ai_us_state_answer(…) }}')],
  ['snowflake.cortex.complete', snowflake()],
  ['struct_pack', duckdb('{{ object(…) }}')],
  ['struct_extract', duckdb('{{ field(…) }}')],
  ['list', duckdb('{{ array_agg(…) }}')],
  ['list_value', duckdb()],
  ['list_extract', duckdb()],
  ['list_contains', duckdb()],
  ['list_transform', duckdb()],
  ['list_filter', duckdb()],
  ['unnest', duckdb('{{ flatten(…) }}')],
  ['json_each', duckdb('{{ flatten(…) }}')],
  ['json_extract', duckdb('{{ field(…) }}')],
  ['json_extract_string', duckdb('{{ field(…) }}')],
  ['strftime', duckdb('{{ month_text(…) }}')],
  ['strptime', duckdb()],
  ['epoch_ms', duckdb()],
  ['regexp_matches', duckdb()],
  ['string_split', duckdb()],
  ['arg_max', duckdb()],
  ['arg_min', duckdb()],
  ['read_csv', duckdb()],
  ['read_csv_auto', duckdb()],
  ['read_parquet', duckdb()],
  ['read_json', duckdb()],
  ['read_json_auto', duckdb()],
  ['ai_sentiment', duckdb('{{ ai_sentiment(…) }}')],
  ['ai_us_state', duckdb('{{ ai_us_state_answer(…) }}')],
]);

/** Documented in both engines (completion offers these). */
export const PORTABLE_FUNCTIONS: readonly string[] = [
  'ABS', 'ANY_VALUE', 'ARRAY_AGG', 'AVG', 'CEIL', 'COALESCE', 'CONCAT', 'COUNT', 'COUNT_IF', 'CURRENT_DATE',
  'CURRENT_TIMESTAMP', 'DATE_PART', 'DATE_TRUNC', 'DATEDIFF', 'DENSE_RANK', 'EXTRACT', 'FIRST_VALUE', 'FLOOR',
  'GREATEST', 'IFNULL', 'LAG', 'LAST_VALUE', 'LEAD', 'LEAST', 'LENGTH', 'LOWER', 'LTRIM', 'MAX', 'MEDIAN', 'MIN',
  'MODE', 'NTILE', 'NULLIF', 'RANK', 'REGEXP_REPLACE', 'REPLACE', 'ROUND', 'ROW_NUMBER', 'RTRIM', 'SPLIT_PART',
  'STDDEV', 'SUBSTRING', 'SUM', 'TRIM', 'TRY_CAST', 'UPPER', 'VARIANCE',
];

export function dialectOnly(name: string): DialectOnly | undefined {
  const lower = name.toLowerCase();
  return DIALECT_ONLY.get(lower) ?? (lower.startsWith('snowflake.') ? snowflake() : undefined);
}
