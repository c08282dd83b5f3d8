// Identifiers that come from configuration (table, stage, schema, connection names) are
// validated against Snowflake's unquoted-identifier rule and then quoted, so a name such as
// `x"; drop table y; --` can neither break out of a statement nor be silently rewritten.

const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]{0,254}$/;

export class InvalidIdentifierError extends Error {
  constructor(readonly value: string, readonly what: string) {
    super(`Invalid ${what} ${JSON.stringify(value)}: expected a letter or underscore followed by letters, digits, _ or $ (at most 255 characters)`);
    this.name = 'InvalidIdentifierError';
  }
}

export function validateIdentifier(value: string, what = 'identifier'): string {
  if (typeof value !== 'string' || !UNQUOTED.test(value)) throw new InvalidIdentifierError(String(value), what);
  return value;
}

/** Double-quote an identifier (both DuckDB and Snowflake double embedded quotes). */
export function quoteIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Validate, then quote: the form every configured name takes in generated SQL. */
export function ident(value: string, what = 'identifier'): string {
  return quoteIdent(validateIdentifier(value, what));
}

/** A standard SQL string literal ('' doubling): DuckDB's. DuckDB reads a backslash in '…' as
 * itself, so nothing else needs escaping. Never use it for Snowflake: see snowflakeLiteral. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A Snowflake string literal that Snowflake reads back as exactly `value`. Snowflake's docs
 * ("Escape sequences in single-quoted string constants", data-types-text): in '…' a backslash
 * starts an escape sequence (\' \" \\ \b \f \n \r \t \0 \ooo \xhh \uhhhh; before any other
 * character the backslash is dropped), and '' is a quote. So the backslash is doubled (a
 * regex's `\.` stays `\.`, JSON's `\"` stays valid JSON), the quote doubled, and line breaks
 * and NUL written as escapes so a literal is one line (NUL as \x00: `\0` before a digit
 * would read as an octal escape). `$$` is written `$\x24`: a literal inside a
 * $$-delimited procedure body must never end the body.
 */
export function snowflakeLiteral(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "''")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\0/g, '\\x00')
    .replace(/\$\$/g, '$\\x24');
  return `'${body}'`;
}

/** The string literal of `value` in `dialect`. */
export function sqlLiteral(value: string, dialect: 'duckdb' | 'snowflake'): string {
  return dialect === 'snowflake' ? snowflakeLiteral(value) : quoteLiteral(value);
}
