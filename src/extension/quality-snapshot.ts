// What the Quality view shows: the last GE_VALIDATION_RESULTS row of every expectation suite,
// unpacked from GE's validation result into what a tree item needs, plus the suites that were
// never validated. Read in one go while the warehouse is briefly open, or from the Snowflake
// account (its validation procedure writes the same GE shape). Labels and descriptions are
// built here too. No `vscode` import: tested on a real DuckDB file after a real validation and
// through the real snowflake-sdk against the wire double.
import { RESULTS_TABLE } from '../core/quality/results-table';
import type { SnowflakeClient } from '../core/snowflake/client';
import { ident, quoteIdent } from '../core/sql/identifiers';
import type { LocalWarehouse } from '../core/targets/local/warehouse';

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

type Json = Record<string, unknown>;

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

interface LastRow {
  suite: string;
  status: boolean;
  /** JSON text (or an already parsed object). */
  run_id: unknown;
  validation: unknown;
  at: string | null;
}

/** The last rows merged over the defined suite names, sorted by name. */
function merge(rows: readonly LastRow[], definedSuites: readonly string[], zone: string): SuiteView[] {
  const byName = new Map<string, SuiteView>(definedSuites.map((name) => [name, { name }]));
  for (const row of rows) byName.set(row.suite, suiteView(row, zone));
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The last validation of every suite in the results table (by validated_at, then insertion
 * order), merged with the suite names defined in sql/quality/ so never-run suites show too.
 * Sorted by name. A warehouse without GE_VALIDATION_RESULTS gives only the defined names.
 */
export async function readQualitySnapshot(wh: LocalWarehouse, definedSuites: readonly string[] = []): Promise<SuiteView[]> {
  let rows: LastRow[] = [];
  if (await wh.tableExists(RESULTS_TABLE)) {
    rows = await wh.query<LastRow & Json>(
      `select suite_name as suite, run_status as status, run_id::varchar as run_id, run_validation::varchar as validation,
              strftime(validated_at, '%Y-%m-%d %H:%M:%S') as at
       from (select *, row_number() over (partition by suite_name order by validated_at desc nulls last, rowid desc) as rn
             from ${ident(RESULTS_TABLE, 'table name')} where suite_name is not null)
       where rn = 1`);
  }
  return merge(rows, definedSuites, 'UTC');
}

/** Where the Snowflake deployment keeps GE_VALIDATION_RESULTS (the deploy config's database and schema). */
export interface SnowflakeResultsLocation {
  readonly database: string;
  readonly schema: string;
}

/**
 * The same view read from the account: QUALIFY keeps each suite's newest row. A results table
 * that does not exist yet (002003: nothing deployed or never validated) gives the defined names.
 */
export async function readSnowflakeQualitySnapshot(client: SnowflakeClient, loc: SnowflakeResultsLocation, definedSuites: readonly string[] = []): Promise<SuiteView[]> {
  const table = [loc.database, loc.schema, RESULTS_TABLE].map((n) => quoteIdent(n.toUpperCase())).join('.');
  let rows: LastRow[] = [];
  try {
    rows = await client.execute<LastRow & Json>(
      `SELECT SUITE_NAME AS "suite", RUN_STATUS AS "status", TO_JSON(RUN_ID) AS "run_id", TO_JSON(RUN_VALIDATION) AS "validation",
       TO_VARCHAR(VALIDATED_AT, 'YYYY-MM-DD HH24:MI:SS') AS "at"
FROM ${table} WHERE SUITE_NAME IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY SUITE_NAME ORDER BY VALIDATED_AT DESC) = 1`,
      { summary: `read the last validation per suite from ${RESULTS_TABLE}` });
  } catch (e) {
    if ((e as { code?: string }).code !== '002003') throw e;
  }
  return merge(rows, definedSuites, '');
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

/** "n/m expectations passed · 2026-11-26 10:40:12 UTC", "could not run", "never validated". */
export function suiteDescription(s: SuiteView): string {
  if (!s.last) return 'never validated';
  const when = s.last.validatedAt ? ` · ${s.last.validatedAt}${s.last.zone ? ` ${s.last.zone}` : ''}` : '';
  if (s.last.error) return `could not run${when}`;
  return `${s.last.passed}/${s.last.evaluated} expectations passed${when}`;
}

export type SuiteState = 'passed' | 'failed' | 'error' | 'never';

export function suiteState(s: SuiteView): SuiteState {
  if (!s.last) return 'never';
  if (s.last.error) return 'error';
  return s.last.success ? 'passed' : 'failed';
}

/** A value shown in one line: strings as they are, the rest as JSON, cut at `max` characters. */
export function shortValue(v: unknown, max = 60): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The short verdict beside an expectation: what broke it, or what was observed. */
export function expectationDetail(e: ExpectationView): string {
  if (e.error) return `error: ${shortValue(e.error, 80)}`;
  if (e.unexpectedCount !== undefined) {
    const of = e.elementCount !== undefined ? ` of ${e.elementCount.toLocaleString('en-US')}` : '';
    return `${e.unexpectedCount.toLocaleString('en-US')}${of} unexpected${e.sample.length ? `, e.g. ${shortValue(e.sample.slice(0, 3))}` : ''}`;
  }
  if (e.observed !== undefined) return `observed ${shortValue(e.observed)}`;
  return e.success ? 'passed' : 'failed';
}

/** kwargs as "name: value" lines, without the column (the label shows it). */
export function kwargLines(e: ExpectationView): string[] {
  return Object.entries(e.kwargs).filter(([k]) => k !== 'column').map(([k, v]) => `${k}: ${shortValue(v, 120)}`);
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
