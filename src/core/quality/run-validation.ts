// Runs expectation suites on the local warehouse and appends one GE-shaped validation result
// per suite to GE_VALIDATION_RESULTS. Every expectation is computed by SQL inside DuckDB (counts,
// aggregates and at most 20 sample values come back), so a suite costs the same on 2,000 rows
// or 20 million.
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../log';
import type { LocalWarehouse } from '../targets/local/warehouse';
import { renderExpectation, type BatchSource } from './expectations';
import { appendResults, type ResultRow } from './results-table';
import { loadSuites, type ExpectationConfig, type Suite } from './suite';

export interface ExpectationResult {
  success: boolean;
  expectation_config: ExpectationConfig;
  /**
   * GE's result fields. Column-map expectations fill the unexpected_* fields (observed_value is
   * null); aggregate ones fill observed_value (unexpected_count/percent are null). Both always
   * carry element_count and partial_unexpected_list so one dashboard query reads either.
   */
  result: Record<string, unknown>;
  meta: Record<string, unknown>;
  exception_info: { raised_exception: boolean; exception_message: string | null; exception_traceback: null };
}

export interface ValidationResult {
  success: boolean;
  statistics: { evaluated_expectations: number; successful_expectations: number; unsuccessful_expectations: number; success_percent: number | null };
  results: ExpectationResult[];
  meta: Record<string, unknown>;
  evaluation_parameters: Record<string, unknown>;
}

export interface SuiteOutcome {
  name: string;
  table: string;
  success: boolean;
  evaluated: number;
  failed: number;
  /** Set when the suite could not run at all (e.g. its table does not exist yet). */
  error?: string;
  validation: ValidationResult;
}

export interface ValidationRun {
  suites: SuiteOutcome[];
  rowsWritten: number;
  runId: { run_name: string; run_time: string };
}

export interface ValidationOptions {
  /** Suite names to run (default: all in suitesDir). */
  suites?: string[];
  /** Folder of *.json suites (default: see defaultSuitesDir). */
  suitesDir?: string;
  runName?: string;
  log?: Logger;
  /** Whose sql/quality/ to prefer (default: the folder above the warehouse's .retail/; pass it
   *  when the state folder is elsewhere). */
  workspace?: string;
  /** Checked before each suite: a cancelled run stops there and appends nothing. */
  signal?: AbortSignal;
  /** Called as each suite finishes (progress); suites run side by side, so in any order. */
  onSuite?: (outcome: SuiteOutcome, done: number, total: number) => void;
}

export class UnknownSuiteError extends Error {
  constructor(names: string[], available: string[], dir: string) {
    super(`Unknown expectation suite${names.length > 1 ? 's' : ''} ${names.map((n) => JSON.stringify(n)).join(', ')} in ${dir}: available are ${available.join(', ') || '(none)'}`);
    this.name = 'UnknownSuiteError';
  }
}

/**
 * Where suites come from: the workspace's own sql/quality/ when it has one (a user's suites),
 * else the suites shipped with the project (found upward from this module, which works from
 * src/ under tsx and from the bundled dist/).
 */
export function defaultSuitesDir(workspace?: string): string {
  if (workspace) {
    const own = join(resolve(workspace), 'sql', 'quality');
    if (existsSync(own)) return own;
  }
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'sql', 'quality');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error('No expectation suites found: expected a sql/quality/ folder in the workspace or the installed project (--suites-dir DIR)');
}

/** GE's default run name: the run time as 20240101T000000.000000Z. */
function geRunName(t: Date): string {
  return t.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '.$1000Z');
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const pct = (part: number, whole: number): number => (whole === 0 ? 0 : (part * 100) / whole);

/** Decimals and big integers come back as text; give GE consumers numbers where bounds are numbers. */
function observed(v: unknown, numeric: boolean): unknown {
  if (numeric && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

async function evaluate(wh: LocalWarehouse, conn: DuckDBConnection, exp: ExpectationConfig, src: BatchSource): Promise<ExpectationResult> {
  const base = { expectation_config: { expectation_type: exp.expectation_type, kwargs: exp.kwargs, ...(exp.meta ? { meta: exp.meta } : {}) }, meta: {} };
  try {
    const r = renderExpectation(exp.expectation_type, exp.kwargs, src, 'duckdb');
    const [m] = await wh.query(r.metrics, undefined, conn);
    const element = num(m.element_count);
    const missing = num(m.missing_count);
    if (r.kind === 'aggregate') {
      const numericBounds = typeof exp.kwargs.min_value === 'number' || typeof exp.kwargs.max_value === 'number';
      return {
        ...base,
        success: m.success === true,
        result: {
          observed_value: observed(m.observed_value, numericBounds), element_count: element, missing_count: missing,
          unexpected_count: null, unexpected_percent: null, partial_unexpected_list: [],
        },
        exception_info: { raised_exception: false, exception_message: null, exception_traceback: null },
      };
    }
    const unexpected = num(m.unexpected_count);
    const nonMissing = element - missing;
    // not_be_null judges every row; the others judge only non-null values (GE's rule).
    const judged = r.countsNulls ? element : nonMissing;
    const mostly = typeof exp.kwargs.mostly === 'number' ? exp.kwargs.mostly : 1;
    const success = judged === 0 || (judged - unexpected) / judged >= mostly;
    const sample = unexpected > 0 && r.sample ? (await wh.query(r.sample, undefined, conn)).map((row) => observed(row.unexpected_value, false)) : [];
    return {
      ...base,
      success,
      result: {
        element_count: element, missing_count: missing, missing_percent: pct(missing, element),
        unexpected_count: unexpected, unexpected_percent: pct(unexpected, judged),
        unexpected_percent_total: pct(unexpected, element), unexpected_percent_nonmissing: pct(unexpected, nonMissing),
        partial_unexpected_list: sample, observed_value: null,
      },
      exception_info: { raised_exception: false, exception_message: null, exception_traceback: null },
    };
  } catch (e) {
    // A failing query (missing column, related table absent, bad regex) fails this expectation
    // only, as GE reports it, instead of losing the rest of the suite.
    return {
      ...base, success: false, result: {},
      exception_info: { raised_exception: true, exception_message: (e as Error).message, exception_traceback: null },
    };
  }
}

async function tableExists(wh: LocalWarehouse, conn: DuckDBConnection, table: string): Promise<boolean> {
  const r = await wh.query(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND upper(table_name) = upper(?)`, [table], conn);
  return num(r[0].n) > 0;
}

function statistics(results: ExpectationResult[]): ValidationResult['statistics'] {
  const ok = results.filter((r) => r.success).length;
  return {
    evaluated_expectations: results.length, successful_expectations: ok, unsuccessful_expectations: results.length - ok,
    success_percent: results.length ? (ok / results.length) * 100 : null,
  };
}

async function runSuite(wh: LocalWarehouse, conn: DuckDBConnection, suite: Suite, runId: ValidationRun['runId']): Promise<SuiteOutcome> {
  const meta: Record<string, unknown> = {
    expectation_suite_name: suite.name,
    run_id: runId,
    active_batch_definition: { datasource_name: 'local', data_connector_name: 'duckdb', data_asset_name: suite.table },
    batch_spec: { table_name: suite.table, ...(suite.rowLimit !== undefined ? { row_limit: suite.rowLimit } : {}) },
    validation_time: new Date().toISOString(),
    engine: 'duckdb',
    validator: 'retail-pipeline',
  };
  if (!(await tableExists(wh, conn, suite.table))) {
    const error = `table ${suite.table} does not exist yet: run the step that builds it before validating suite "${suite.name}"`;
    return {
      name: suite.name, table: suite.table, success: false, evaluated: 0, failed: 0, error,
      validation: { success: false, statistics: statistics([]), results: [], meta: { ...meta, error }, evaluation_parameters: {} },
    };
  }
  const src: BatchSource = { table: suite.table, rowLimit: suite.rowLimit };
  const results: ExpectationResult[] = [];
  for (const exp of suite.expectations) results.push(await evaluate(wh, conn, exp, src));
  const stats = statistics(results);
  const success = stats.unsuccessful_expectations === 0;
  return {
    name: suite.name, table: suite.table, success, evaluated: stats.evaluated_expectations, failed: stats.unsuccessful_expectations,
    validation: { success, statistics: stats, results, meta, evaluation_parameters: {} },
  };
}

/** Run suites (all, or those named) and append one GE_VALIDATION_RESULTS row per suite. */
export async function runValidation(wh: LocalWarehouse, opts: ValidationOptions = {}): Promise<ValidationRun> {
  const dir = opts.suitesDir ?? defaultSuitesDir(opts.workspace ?? dirname(dirname(wh.path)));
  const all = loadSuites(dir);
  let selected = all;
  if (opts.suites?.length) {
    const unknown = opts.suites.filter((n) => !all.some((s) => s.name === n));
    if (unknown.length) throw new UnknownSuiteError(unknown, all.map((s) => s.name), dir);
    selected = all.filter((s) => opts.suites!.includes(s.name));
  }
  const now = new Date();
  const runId = { run_name: opts.runName ?? geRunName(now), run_time: now.toISOString() };
  // A connection of its own: the pipeline runs this task beside silver_gold_task.
  const conn = await wh.connect();
  try {
    return await runSuites(wh, conn, selected, runId, opts);
  } finally {
    conn.closeSync();
  }
}

/** Suites run side by side on this many connections: each suite is a string of small queries
 *  whose latency, not DuckDB's work, made the task the longest step of a sample-data run. */
const SUITE_CONNECTIONS = 4;

async function runSuites(wh: LocalWarehouse, conn: DuckDBConnection, selected: Suite[], runId: ValidationRun['runId'], opts: ValidationOptions): Promise<ValidationRun> {
  const outcomes: SuiteOutcome[] = new Array(selected.length);
  let next = 0;
  let done = 0;
  const worker = async (c: DuckDBConnection) => {
    while (next < selected.length) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('validation cancelled');
      const i = next++;
      outcomes[i] = await runSuite(wh, c, selected[i], runId);
      opts.onSuite?.(outcomes[i], ++done, selected.length);
    }
  };
  const extra: DuckDBConnection[] = [];
  try {
    for (let k = 1; k < Math.min(SUITE_CONNECTIONS, selected.length); k++) extra.push(await wh.connect());
    await Promise.all([conn, ...extra].map(worker));
  } finally {
    for (const c of extra) c.closeSync();
  }
  // Logged in suite order, as when the suites ran one after another.
  for (const o of outcomes) {
    opts.log?.log(o.error ? 'WARN' : 'INFO', o.error
      ? `suite ${o.name}: ${o.error}`
      : `suite ${o.name} on ${o.table}: ${o.success ? 'passed' : 'FAILED'} (${o.evaluated - o.failed}/${o.evaluated} expectations met)`);
  }
  const rows: ResultRow[] = outcomes.map((o) => ({
    runStatus: o.success, runId, runValidation: o.validation, suiteName: o.name, validatedAt: new Date(runId.run_time),
  }));
  const rowsWritten = await appendResults(conn, rows);
  return { suites: outcomes, rowsWritten, runId };
}
