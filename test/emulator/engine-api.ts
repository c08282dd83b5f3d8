// The seam between the Snowflake emulator's two halves (issue 15):
//  - the SQL engine (test/emulator/engine/…): one Snowflake statement -> DuckDB, with Snowflake's
//    semantics and errors (identifiers, literals, VARIANT, FLATTEN, COPY INTO, stages, Cortex …);
//  - the server side (test/emulator/server.ts, scripting/, tasks/): the wire protocol spoken to the
//    real snowflake-sdk, session context (USE …), Snowflake Scripting procedure bodies, CALL,
//    tasks / EXECUTE TASK / history, event table writes.
// The server calls the engine once per plain SQL statement; scripting variables arrive as binds.
// Types only: both halves import this file, neither imports the other's internals.

/** Column types as Snowflake names them in a query response's `rowtype`. */
export type SnowflakeColumnType =
  | 'text' | 'fixed' | 'real' | 'boolean' | 'date'
  | 'timestamp_ntz' | 'timestamp_ltz' | 'timestamp_tz'
  | 'variant' | 'object' | 'array' | 'binary';

export interface ResultColumn {
  /** As Snowflake returns it: unquoted identifiers upper-cased. */
  readonly name: string;
  readonly type: SnowflakeColumnType;
  readonly precision?: number;
  readonly scale?: number;
}

export interface StatementResult {
  readonly columns: readonly ResultColumn[];
  /** JavaScript values (numbers, strings, booleans, Date, bigint, null; VARIANT as parsed JSON). */
  readonly rows: readonly (readonly unknown[])[];
  /** DML: rows inserted / updated / deleted. */
  readonly rowsAffected?: number;
}

/** Context a statement runs in; the server owns it and updates it on USE. */
export interface SessionContext {
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** The login name (CURRENT_USER()); the server sets it at login. Added for the plan's admin part. */
  user?: string;
  /** A stable id for TEMPORARY objects, which live only as long as the session. */
  readonly sessionId: string;
}

/** A Snowflake error as the driver reports it: code (e.g. '002003'), SQL state, message. */
export interface SnowflakeErrorShape {
  readonly code: string;
  readonly sqlState: string;
  readonly message: string;
}

export interface ExecuteOptions {
  /** The query id the server gives this statement (its SQLID / LAST_QUERY_ID()): the engine keeps
   *  the result under it for TABLE(RESULT_SCAN('<id>')). */
  readonly queryId?: string;
}

export interface SqlEngine {
  /** Executes one Snowflake SQL statement (no trailing `;` needed). Throws an Error carrying
   *  `snowflake: SnowflakeErrorShape` for anything Snowflake would refuse. */
  execute(sql: string, binds: readonly unknown[], session: SessionContext, options?: ExecuteOptions): Promise<StatementResult>;
  /** A file PUT into a named stage (`@SOURCE_FILES`, qualified or not), as the driver uploads it. */
  putFile(stage: string, fileName: string, bytes: Buffer, session: SessionContext): Promise<void>;
  /** Closes the in-process DuckDB behind the engine. */
  close(): Promise<void>;
}
