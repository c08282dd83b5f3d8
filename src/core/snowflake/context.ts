// The session context every deploy and operate statement assumes: the pipeline role, its
// warehouse, database and schema. Plan statements use unqualified names (CREATE TASK
// silver_gold_task, CALL usp_…), so without this context they would land in whatever the
// connection defaults to, or fail on a connection with no default database or schema. One
// builder for the CLI, the extension and the operate verbs.
import { quoteIdent } from '../sql/identifiers';
import type { SnowflakeDeployConfig } from './deploy-config';

const id = (name: string) => quoteIdent(name.toUpperCase());

export interface ContextStatement {
  readonly summary: string;
  readonly sql: string;
}

/**
 * USE ROLE, USE WAREHOUSE, USE DATABASE, USE SCHEMA, in that order. The warehouse is needed by
 * statements that run a query (CREATE ICEBERG TABLE, INSERT …) and by the tasks' CALLs when run
 * by hand; USE DATABASE before USE SCHEMA so that a later unqualified schema-level name and
 * INFORMATION_SCHEMA both resolve in the pipeline's database.
 */
export function useContext(c: SnowflakeDeployConfig): ContextStatement[] {
  return [
    { summary: 'use the pipeline role', sql: `USE ROLE ${id(c.role)}` },
    { summary: 'use the warehouse', sql: `USE WAREHOUSE ${id(c.warehouse)}` },
    { summary: 'use the database', sql: `USE DATABASE ${id(c.database)}` },
    { summary: 'use the schema', sql: `USE SCHEMA ${id(c.database)}.${id(c.schema)}` },
  ];
}

/** Whether a statement is one of the context's USE statements. */
export const isContextStatement = (sql: string): boolean => /^USE (ROLE|WAREHOUSE|DATABASE|SCHEMA) /.test(sql);
