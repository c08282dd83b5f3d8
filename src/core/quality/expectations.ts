// The supported expectation types, each a small function from its kwargs to SQL in either
// dialect. Nothing here touches a database: the local runner executes the SQL on DuckDB, and a
// Snowflake target can execute the very same plans later.
//
// Two shapes, as in Great Expectations:
// - column-map expectations judge every non-null value of a column (a row is "unexpected" when
//   it fails); `mostly` lets a fraction of them fail;
// - aggregate expectations judge one number (a min, a mean, a row count): `observed_value`.
import { asDouble, literal, name, regexSearch, upperText, type Dialect } from './dialect';

export type Kwargs = Readonly<Record<string, unknown>>;

/** What a suite validates: a table, optionally only its first `rowLimit` rows. */
export interface BatchSource {
  readonly table: string;
  readonly rowLimit?: number;
}

interface MapPlan {
  readonly kind: 'map';
  /** Extra select-list items for the per-row `scored` relation (besides the value `v`). */
  readonly extra?: string;
  /** A join after `FROM batch` that `extra` may read (batch columns then need `batch.`). */
  readonly join?: string;
  /** When true, NULLs are the unexpected values (not_be_null); otherwise NULLs are skipped. */
  readonly nullsUnexpected?: boolean;
  /** Predicate over `scored` that holds for an acceptable non-null value `v`. */
  readonly expected?: string;
}

interface AggregatePlan {
  readonly kind: 'aggregate';
  /** Aggregate over `batch` whose value GE reports as observed_value. */
  readonly observed: string;
  /** Predicate over the aggregate `observed_value` that means success. */
  readonly success: string;
}

interface ExpectationType {
  /** Throws a message naming the offending kwarg when the kwargs cannot be run. */
  check(k: Kwargs): void;
  plan(k: Kwargs, d: Dialect): MapPlan | AggregatePlan;
  /** Whether the expectation is about one column (`kwargs.column`). */
  readonly columnar: boolean;
}

// ---- kwargs checks ---------------------------------------------------------------------------

function needString(k: Kwargs, key: string): string {
  const v = k[key];
  if (typeof v !== 'string' || v === '') throw new Error(`kwargs.${key} must be a non-empty string`);
  return v;
}

function checkMostly(k: Kwargs): void {
  const m = k.mostly;
  if (m !== undefined && (typeof m !== 'number' || !(m > 0 && m <= 1))) throw new Error(`kwargs.mostly must be a number in (0, 1], got ${JSON.stringify(m)}`);
}

function checkBounds(k: Kwargs, numeric: boolean): void {
  const { min_value: lo, max_value: hi } = k;
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) throw new Error('kwargs.min_value and kwargs.max_value cannot both be missing');
  for (const [key, v] of [['min_value', lo], ['max_value', hi]] as const) {
    if (v === undefined || v === null) continue;
    if (numeric ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'number' && typeof v !== 'string') {
      throw new Error(`kwargs.${key} must be ${numeric ? 'a number' : 'a number or a string (e.g. a date)'}, got ${JSON.stringify(v)}`);
    }
  }
  for (const key of ['strict_min', 'strict_max']) {
    if (k[key] !== undefined && typeof k[key] !== 'boolean') throw new Error(`kwargs.${key} must be true or false`);
  }
}

function checkColumn(k: Kwargs): void {
  name(needString(k, 'column'), 'duckdb', 'column name');
}

/** `expr` within [min_value, max_value] (either side optional, strict_min/strict_max honoured). */
function between(expr: string, k: Kwargs, d: Dialect): string {
  const parts: string[] = [];
  if (k.min_value !== undefined && k.min_value !== null) parts.push(`${expr} ${k.strict_min ? '>' : '>='} ${literal(k.min_value, 'kwargs.min_value', d)}`);
  if (k.max_value !== undefined && k.max_value !== null) parts.push(`${expr} ${k.strict_max ? '<' : '<='} ${literal(k.max_value, 'kwargs.max_value', d)}`);
  return parts.join(' AND ');
}

function col(k: Kwargs, d: Dialect): string {
  return name(k.column as string, d, 'column name');
}

// ---- the types -------------------------------------------------------------------------------

const aggregate = (fn: (c: string) => string, numeric: boolean): ExpectationType => ({
  columnar: true,
  check(k) { checkColumn(k); checkBounds(k, numeric); },
  plan: (k, d) => ({ kind: 'aggregate', observed: fn(col(k, d)), success: between('observed_value', k, d) }),
});

export const EXPECTATION_TYPES: Readonly<Record<string, ExpectationType>> = {
  expect_column_values_to_not_be_null: {
    columnar: true,
    check(k) { checkColumn(k); checkMostly(k); },
    plan: () => ({ kind: 'map', nullsUnexpected: true }),
  },

  // GE counts every row of a duplicated value as unexpected ([a, a, b] -> 2 unexpected).
  expect_column_values_to_be_unique: {
    columnar: true,
    check(k) { checkColumn(k); checkMostly(k); },
    plan: (k, d) => ({ kind: 'map', extra: `COUNT(*) OVER (PARTITION BY ${col(k, d)}) AS dup_count`, expected: 'dup_count = 1' }),
  },

  // Strings and booleans compare as upper-cased text unless kwargs.case_sensitive is true, so
  // ["FALSE"] matches a BOOLEAN false and ["shipped"] matches 'Shipped'. An all-number set
  // compares as numbers (4.0 is in [4]).
  expect_column_values_to_be_in_set: {
    columnar: true,
    check(k) {
      checkColumn(k); checkMostly(k);
      const set = k.value_set;
      if (!Array.isArray(set) || set.length === 0) throw new Error('kwargs.value_set must be a non-empty array');
      set.forEach((v, i) => literal(v, `kwargs.value_set[${i}]`, 'duckdb'));
      if (k.case_sensitive !== undefined && typeof k.case_sensitive !== 'boolean') throw new Error('kwargs.case_sensitive must be true or false');
    },
    plan(k, d) {
      const set = k.value_set as (string | number | boolean)[];
      if (set.every((v) => typeof v === 'number')) return { kind: 'map', expected: `v IN (${set.map((v) => literal(v, 'value', d)).join(', ')})` };
      const text = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));
      if (k.case_sensitive === true) return { kind: 'map', expected: `CAST(v AS VARCHAR) IN (${set.map((v) => literal(text(v), 'value', d)).join(', ')})` };
      return { kind: 'map', expected: `${upperText('v')} IN (${set.map((v) => literal(text(v).toUpperCase(), 'value', d)).join(', ')})` };
    },
  },

  expect_column_values_to_be_between: {
    columnar: true,
    check(k) { checkColumn(k); checkMostly(k); checkBounds(k, false); },
    plan: (k, d) => ({ kind: 'map', expected: between('v', k, d) }),
  },

  expect_column_values_to_match_regex: {
    columnar: true,
    check(k) { checkColumn(k); checkMostly(k); needString(k, 'regex'); },
    plan: (k, d) => ({ kind: 'map', expected: regexSearch('CAST(v AS VARCHAR)', k.regex as string, d) }),
  },

  // Not in GE's core: every non-null value must occur in related_table.related_column (a
  // foreign-key check, e.g. orders.customer_id in customers.customer_id). A LEFT JOIN to the
  // distinct keys, not a correlated EXISTS: "Correlated EXISTS subqueries are currently
  // supported only in a WHERE clause" (Snowflake, Subquery operators), and this predicate lands
  // in a CASE of the select list. DISTINCT keeps one batch row one scored row.
  expect_column_values_to_be_in_related_table: {
    columnar: true,
    check(k) {
      checkColumn(k); checkMostly(k);
      name(needString(k, 'related_table'), 'duckdb', 'related table name');
      name(needString(k, 'related_column'), 'duckdb', 'related column name');
    },
    plan: (k, d) => ({
      kind: 'map',
      join: `LEFT JOIN (SELECT DISTINCT ${name(k.related_column as string, d, 'related column name')} AS related_key FROM ${name(k.related_table as string, d, 'related table name')}) AS rel ON rel.related_key = batch.${col(k, d)}`,
      extra: 'rel.related_key IS NOT NULL AS in_related',
      expected: 'in_related',
    }),
  },

  expect_column_min_to_be_between: aggregate((c) => `MIN(${c})`, false),
  expect_column_max_to_be_between: aggregate((c) => `MAX(${c})`, false),
  expect_column_mean_to_be_between: aggregate((c) => `AVG(${asDouble(c)})`, true),

  expect_table_row_count_to_be_between: {
    columnar: false,
    check(k) {
      checkBounds(k, true);
      for (const key of ['min_value', 'max_value']) {
        if (k[key] !== undefined && k[key] !== null && !Number.isInteger(k[key])) throw new Error(`kwargs.${key} must be a whole number`);
      }
    },
    plan: (k, d) => ({ kind: 'aggregate', observed: 'COUNT(*)', success: between('observed_value', k, d) }),
  },
};

export const SUPPORTED_TYPES = Object.keys(EXPECTATION_TYPES);

export function expectationType(type: string): ExpectationType {
  const t = EXPECTATION_TYPES[type];
  if (!t) throw new Error(`unknown expectation_type ${JSON.stringify(type)}: supported are ${SUPPORTED_TYPES.join(', ')}`);
  return t;
}

// ---- rendering -------------------------------------------------------------------------------

/** How many unexpected values a result lists (GE's partial_unexpected_list). */
export const PARTIAL_LIST_SIZE = 20;

export interface RenderedExpectation {
  readonly kind: 'map' | 'aggregate';
  /**
   * One row. Map: element_count, missing_count, unexpected_count.
   * Aggregate: observed_value, element_count, missing_count, success.
   */
  readonly metrics: string;
  /** Map only: up to PARTIAL_LIST_SIZE unexpected values, column unexpected_value. */
  readonly sample?: string;
  /** Map only: NULLs are the unexpected values, so percentages are of all rows (not_be_null). */
  readonly countsNulls?: boolean;
}

function batchCte(src: BatchSource, d: Dialect): string {
  const limit = src.rowLimit !== undefined ? ` LIMIT ${Math.trunc(src.rowLimit)}` : '';
  // LIMIT without ORDER BY is GE's "first N rows" of the table: storage order, which DuckDB
  // keeps as insertion order.
  return `WITH batch AS (SELECT * FROM ${name(src.table, d, 'table name')}${limit})`;
}

/** The SQL for one expectation. Kwargs must have passed the type's check (loadSuites does it). */
export function renderExpectation(type: string, kwargs: Kwargs, src: BatchSource, d: Dialect): RenderedExpectation {
  const t = expectationType(type);
  t.check(kwargs);
  const p = t.plan(kwargs, d);
  const head = batchCte(src, d);
  if (p.kind === 'aggregate') {
    const c = t.columnar ? col(kwargs, d) : undefined;
    const missing = c ? `COALESCE(SUM(CASE WHEN ${c} IS NULL THEN 1 ELSE 0 END), 0)` : '0';
    return {
      kind: 'aggregate',
      metrics: `${head}, agg AS (SELECT ${p.observed} AS observed_value, COUNT(*) AS element_count, ${missing} AS missing_count FROM batch) ` +
        `SELECT observed_value, element_count, missing_count, CASE WHEN ${p.success} THEN TRUE ELSE FALSE END AS success FROM agg`,
    };
  }
  // With a join, the value is qualified: the joined relation may have a column of that name.
  const value = `${p.join ? 'batch.' : ''}${col(kwargs, d)}`;
  const scored = `${head}, scored AS (SELECT ${value} AS v${p.extra ? `, ${p.extra}` : ''} FROM batch${p.join ? ` ${p.join}` : ''})`;
  // COALESCE: a predicate that yields NULL for a non-null value counts as unexpected.
  const unexpected = p.nullsUnexpected ? 'v IS NULL' : `v IS NOT NULL AND NOT COALESCE(${p.expected}, FALSE)`;
  return {
    kind: 'map',
    metrics: `${scored} SELECT COUNT(*) AS element_count, COALESCE(SUM(CASE WHEN v IS NULL THEN 1 ELSE 0 END), 0) AS missing_count, ` +
      `COALESCE(SUM(CASE WHEN ${unexpected} THEN 1 ELSE 0 END), 0) AS unexpected_count FROM scored`,
    sample: `${scored} SELECT v AS unexpected_value FROM scored WHERE ${unexpected} LIMIT ${PARTIAL_LIST_SIZE}`,
    countsNulls: p.nullsUnexpected === true,
  };
}
