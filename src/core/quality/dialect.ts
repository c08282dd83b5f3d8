// The few places where expectation SQL differs between DuckDB (the local target) and
// Snowflake. Everything else the expectations generate is plain SQL both engines accept.
import type { Dialect } from '../sql/dialect';
import { sqlLiteral, validateIdentifier, quoteIdent } from '../sql/identifiers';

export type { Dialect };

/**
 * A table or column name from a suite, validated then quoted. Snowflake stores unquoted names
 * upper-case, so a suite that says `helpful_votes` must become "HELPFUL_VOTES" there; DuckDB
 * matches quoted names case-insensitively and keeps the spelling as written.
 */
export function name(value: string, dialect: Dialect, what: string): string {
  validateIdentifier(value, what);
  return quoteIdent(dialect === 'snowflake' ? value.toUpperCase() : value);
}

/**
 * True when `expr` CONTAINS a match of `pattern`: Great Expectations' regex expectations use
 * search semantics (Python's re.search), not full-match. DuckDB's regexp_matches searches;
 * Snowflake's REGEXP_LIKE is implicitly anchored at both ends, so REGEXP_INSTR is used instead.
 * Anchor the pattern with ^…$ for a full match on both engines.
 */
export function regexSearch(expr: string, pattern: string, dialect: Dialect): string {
  return dialect === 'snowflake'
    ? `REGEXP_INSTR(${expr}, ${sqlLiteral(pattern, dialect)}) > 0`
    : `regexp_matches(${expr}, ${sqlLiteral(pattern, dialect)})`;
}

/**
 * Text form of any value, upper-cased, for set membership. Booleans become 'TRUE'/'FALSE' on
 * both engines (DuckDB and Snowflake cast them to 'true'/'false'), which is how the original
 * suite, written against Snowflake, spells VERIFIED_PURCHASE values.
 */
export function upperText(expr: string): string {
  return `UPPER(CAST(${expr} AS VARCHAR))`;
}

/** Float form for averages (DuckDB DOUBLE, Snowflake FLOAT; both accept DOUBLE). */
export function asDouble(expr: string): string {
  return `CAST(${expr} AS DOUBLE)`;
}

/** A JSON scalar from a suite as a SQL literal of `dialect`: numbers as numbers, everything
 * else as text (Snowflake's with its backslash escapes, see snowflakeLiteral). */
export function literal(value: unknown, what: string, dialect: Dialect): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return sqlLiteral(value, dialect);
  if (typeof value === 'boolean') return sqlLiteral(value ? 'TRUE' : 'FALSE', dialect);
  throw new Error(`${what} must be a number, a string or a boolean, got ${JSON.stringify(value)}`);
}
