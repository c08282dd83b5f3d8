// What the Quality view shows of a suite, whichever target stored it: the last
// GE_VALIDATION_RESULTS row of every expectation suite, unpacked from GE's validation result
// into plain data, plus the suites that were never validated. The readers are per target
// (local/quality-read.ts on DuckDB, snowflake/quality-read.ts on the account; both write the
// same GE shape). No driver imports: any bundle may hold this file.

export interface ExpectationView {
  readonly type: string;
  readonly column?: string;
  readonly success: boolean;
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Aggregate expectations: the value GE observed. */
  readonly observed?: unknown;
  /** Column-map expectations: how many values broke it, out of elementCount. */
  readonly unexpectedCount?: number;
  readonly elementCount?: number;
  /** Up to 20 of the unexpected values. */
  readonly sample: readonly unknown[];
  /** The expectation's query failed (GE's exception_info). */
  readonly error?: string;
}

export interface SuiteView {
  readonly name: string;
  /** Undefined: defined in sql/quality/ but never validated in this warehouse. */
  readonly last?: {
    readonly success: boolean;
    readonly table?: string;
    readonly runName: string;
    /** "YYYY-MM-DD HH:MM:SS" in `zone`. */
    readonly validatedAt: string;
    /** "UTC" locally; empty on Snowflake (VALIDATED_AT is the account's TIMESTAMP_NTZ). */
    readonly zone: string;
    readonly evaluated: number;
    readonly passed: number;
    /** The suite could not run (its table did not exist). */
    readonly error?: string;
    readonly expectations: readonly ExpectationView[];
  };
}

export type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const optNum = (v: unknown): number | undefined => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));
const optStr = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** One expectation result of GE's validation result. Tolerant: a field another writer left out
 *  is absent, never an error. */
export function expectationView(raw: unknown): ExpectationView {
  const r = obj(raw);
  const config = obj(r.expectation_config);
  const kwargs = obj(config.kwargs);
  const result = obj(r.result);
  const exception = obj(r.exception_info);
  return {
    type: optStr(config.expectation_type) ?? '(unknown expectation)',
    column: optStr(kwargs.column),
    success: r.success === true,
    kwargs,
    observed: result.observed_value ?? undefined,
    unexpectedCount: optNum(result.unexpected_count),
    elementCount: optNum(result.element_count),
    sample: Array.isArray(result.partial_unexpected_list) ? result.partial_unexpected_list : [],
    error: exception.raised_exception === true ? optStr(exception.exception_message) ?? 'the expectation raised an error' : undefined,
  };
}

export interface LastRow {
  suite: string;
  status: boolean;
  /** JSON text (or an already parsed object). */
  run_id: unknown;
  validation: unknown;
  at: string | null;
}

/** The last rows merged over the defined suite names, sorted by name. */
export function merge(rows: readonly LastRow[], definedSuites: readonly string[], zone: string): SuiteView[] {
  const byName = new Map<string, SuiteView>(definedSuites.map((name) => [name, { name }]));
  for (const row of rows) byName.set(row.suite, suiteView(row, zone));
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function suiteView(row: LastRow, zone: string): SuiteView {
  const validation = obj(parseJson(row.validation));
  const meta = obj(validation.meta);
  const stats = obj(validation.statistics);
  const expectations = Array.isArray(validation.results) ? validation.results.map(expectationView) : [];
  const batch = obj(meta.batch_spec);
  const evaluated = optNum(stats.evaluated_expectations) ?? expectations.length;
  return {
    name: row.suite,
    last: {
      success: row.status === true,
      table: optStr(batch.table_name) ?? optStr(obj(meta.active_batch_definition).data_asset_name),
      runName: optStr(obj(parseJson(row.run_id)).run_name) ?? '',
      validatedAt: row.at ?? '',
      zone,
      evaluated,
      passed: optNum(stats.successful_expectations) ?? expectations.filter((e) => e.success).length,
      error: optStr(meta.error),
      expectations,
    },
  };
}

/** "17/19 suites passed; failed: a, b" — the notification and the log line after Validate Data. */
export function validationSummary(suites: readonly { name: string; success: boolean; error?: string }[]): { passed: number; total: number; allPassed: boolean; text: string } {
  const passed = suites.filter((s) => s.success).length;
  const failed = suites.filter((s) => !s.success && !s.error).map((s) => s.name);
  const errors = suites.filter((s) => s.error).map((s) => s.name);
  const list = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));
  const parts = [`${passed}/${suites.length} suites passed`];
  if (failed.length) parts.push(`failed: ${list(failed)}`);
  if (errors.length) parts.push(`could not run: ${list(errors)}`);
  return { passed, total: suites.length, allPassed: passed === suites.length, text: parts.join('; ') };
}
