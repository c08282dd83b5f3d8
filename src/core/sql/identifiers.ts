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

/** A SQL string literal ('' doubling). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
