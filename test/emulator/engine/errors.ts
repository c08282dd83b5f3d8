// Snowflake errors as the driver reports them: code, SQL state and message worded as Snowflake
// words them. Sources for the wording are noted per error; where a code could not be confirmed
// from a real Snowflake answer it says so.
import type { SnowflakeErrorShape } from '../engine-api';

export class SnowflakeError extends Error {
  readonly snowflake: SnowflakeErrorShape;
  constructor(code: string, sqlState: string, message: string) {
    super(message);
    this.name = 'SnowflakeError';
    this.snowflake = { code, sqlState, message };
  }
}

export function isSnowflakeError(err: unknown): err is SnowflakeError {
  return err instanceof Error && 'snowflake' in err;
}

/** Snowflake counts lines from 1 and positions from 0 within the line. */
function lineAndPosition(sql: string, offset: number): { line: number; position: number } {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return { line, position: offset - (before.lastIndexOf('\n') + 1) };
}

/** 001003 (42000), e.g. "SQL compilation error:\nsyntax error line 1 at position 7 unexpected 'FROM'." */
export function syntaxError(sql: string, offset: number, what: string): SnowflakeError {
  const { line, position } = lineAndPosition(sql, offset);
  return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error line ${line} at position ${position} ${what}.`);
}

/** 002003 (42S02) "SQL compilation error:\nObject 'DB.SCHEMA.T' does not exist or not authorized." */
export function objectDoesNotExist(name: string, kind = 'Object'): SnowflakeError {
  return new SnowflakeError('002003', '42S02', `SQL compilation error:\n${kind} '${name}' does not exist or not authorized.`);
}

/** 002002 (42710) "SQL compilation error:\nObject 'T' already exists." */
export function objectAlreadyExists(name: string): SnowflakeError {
  return new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${name}' already exists.`);
}

/** 002140 (42601) "SQL compilation error:\nUnknown function FOO". The wording is confirmed by many
 *  real answers; the code is not: Snowflake's SQL API reference shows 002139 (42601) in an example
 *  "Unknown function" answer. 002140 is kept, as the server half uses it for CALL of an unknown
 *  procedure. */
export function unknownFunction(name: string): SnowflakeError {
  return new SnowflakeError('002140', '42601', `SQL compilation error:\nUnknown function ${name}`);
}

/** 002031 (42601) "SQL compilation error:\nUnsupported subquery type cannot be evaluated"
 *  (confirmed by snowflake-sqlalchemy issue #203 and django-snowflake issue #93). */
export function unsupportedSubquery(): SnowflakeError {
  return new SnowflakeError('002031', '42601', 'SQL compilation error:\nUnsupported subquery type cannot be evaluated');
}

/** 000904 (42000) "SQL compilation error: error line 1 at position 7\ninvalid identifier 'FOO'" */
export function invalidIdentifier(name: string): SnowflakeError {
  return new SnowflakeError('000904', '42000', `SQL compilation error: error line 1 at position 0\ninvalid identifier '${name}'`);
}

/** 091386 (42601) "SQL compilation error:\nUnsupported data type 'VARIANT' for iceberg tables."
 *  (the answer quoted in dbt-adapters issue #1683); OBJECT and ARRAY are refused alike. */
export function icebergUnsupportedType(_column: string, type: string): SnowflakeError {
  return new SnowflakeError('091386', '42601', `SQL compilation error:\nUnsupported data type '${type}' for iceberg tables.`);
}

/** 100xxx: a data error while executing (numeric value not recognized, JSON parse …). */
export function executionError(message: string, code = '100038', sqlState = '22018'): SnowflakeError {
  return new SnowflakeError(code, sqlState, message);
}

/** A statement kind the emulator does not implement, refused as a syntax error at its first word. */
export function unsupportedStatement(what: string): SnowflakeError {
  return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${what}'.`);
}
