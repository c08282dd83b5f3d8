// The SQL twin of values.ts's fast path, for text DuckDB has already read (csv-direct.ts): a
// predicate that is true only where the text cast to the column type (plainCastSql) is the
// value canonicalValue gives (NULL for an empty field of a typed column), so those rows are
// loaded by the warehouse alone. A
// row where it is false is not rejected here: it goes through canonicalFields in JavaScript,
// which canonicalises it or rejects it with the reason every other source gives. The predicate
// may be stricter than the fast path, never looser (test/csv-direct.test.ts checks that on
// generated values of every type).
import type { ColumnDef } from '../manifest';
import { quoteLiteral } from '../sql/identifiers';

/** A whole number of at most `digits` digits, no sign, no leading zero. */
function integerPattern(digits: number): string {
  return `0|[1-9][0-9]{0,${digits - 1}}`;
}

/** `123.45`: at most precision − scale digits before the point (no leading zero), exactly scale after. */
function decimalPattern(precision: number, scale: number): string {
  const whole = precision - scale;
  const before = whole === 1 ? '[0-9]' : `(?:[0-9]|[1-9][0-9]{1,${whole - 1}})`;
  return `${before}\\.[0-9]{${scale}}`;
}

const DAY = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const TIME = '(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]';

const match = (v: string, pattern: string) => `regexp_full_match(${v}, ${quoteLiteral(pattern)})`;
/** A real calendar day at the start of `v` (year 0 is not one: values.ts starts at year 1). */
const realDay = (v: string) => `(TRY_CAST(left(${v}, 10) AS DATE) IS NOT NULL AND NOT starts_with(${v}, '0000'))`;

/** SQL true where the VARCHAR expression `v`, cast by plainCastSql, is the canonical value of `col`. */
export function plainValueSql(col: ColumnDef, v: string): string {
  if (col.type === 'VARCHAR') {
    // A key must not be blank; text with a visible ASCII character cannot be blank after trim.
    return col.nullable === false ? `regexp_matches(${v}, '[!-~]')` : 'true';
  }
  const empty = col.nullable === false ? 'false' : `${v} = ''`;
  let plain: string;
  switch (col.type) {
    case 'INTEGER': plain = match(v, integerPattern(9)); break;
    case 'BIGINT': plain = match(v, integerPattern(18)); break;
    case 'DECIMAL(10,2)': plain = match(v, decimalPattern(10, 2)); break;
    case 'DECIMAL(18,2)': plain = match(v, decimalPattern(18, 2)); break;
    case 'DECIMAL(3,1)': plain = match(v, decimalPattern(3, 1)); break;
    case 'DATE': plain = `(${match(v, DAY)} AND ${realDay(v)})`; break;
    // A day alone is midnight, as values.ts makes it: the cast to TIMESTAMP says the same.
    case 'TIMESTAMP': plain = `(${match(v, `${DAY}(?: ${TIME})?`)} AND ${realDay(v)})`; break;
    default: return 'false';
  }
  return `(${empty} OR ${plain})`;
}

/** The canonical value of a plain text `v` of `col`, typed: an empty typed field is NULL. */
export function plainCastSql(col: ColumnDef, v: string): string {
  if (col.type === 'VARCHAR') return v;
  const type = col.type === 'VARIANT' ? 'JSON' : col.type;
  return `CAST(NULLIF(${v}, '') AS ${type})`;
}
