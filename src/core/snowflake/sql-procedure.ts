// The head every Snowflake Scripting procedure of the plan shares: no arguments, a VARCHAR
// summary returned, run with the caller's rights (the task owner's role), the task's
// description as COMMENT, and the $$-delimited body up to its DECLARE.
import type { TaskDef } from '../manifest';
import { snowflakeLiteral } from '../sql/identifiers';

export function sqlProcedureHead(t: TaskDef): string {
  if (!t.procedure) throw new Error(`${t.name} runs no procedure`);
  return `CREATE OR REPLACE PROCEDURE ${t.procedure}()
RETURNS VARCHAR
LANGUAGE SQL
EXECUTE AS CALLER
COMMENT = ${snowflakeLiteral(t.description)}
AS
$$
DECLARE`;
}
