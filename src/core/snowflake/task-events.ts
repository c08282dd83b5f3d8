// The task events of the local runner (src/core/telemetry/task-telemetry.ts) as Snowflake
// Scripting statements, so a procedure's span in the event table carries the same span events:
// task_started, rows_read / rows_written / rows_rejected (numbers, the attribute names the local
// spans use) and task_finished, plus a DEBUG log of the counts. SYSTEM$ADD_EVENT takes the
// attributes as an OBJECT; built with OBJECT_CONSTRUCT into a variable and passed by name, the
// form Snowflake's SYSTEM$ADD_EVENT reference shows. METRIC records are not emitted here:
// Snowflake writes them itself, for Python and Java handlers only (see the README).
import { snowflakeLiteral as lit } from '../sql/identifiers';
import { ROW_ATTRIBUTE, TASK_EVENT } from '../telemetry/task-telemetry';

/** The variable every procedure declares for the events' attributes. */
export const EVENT_ATTRS_DECLARATION = '  event_attrs OBJECT;';

/** SYSTEM$ADD_EVENT of task_started, first statement after BEGIN. */
export function taskStartedEvent(task: string): string {
  return `  event_attrs := OBJECT_CONSTRUCT('snow.task.name', ${lit(task)});\n  SYSTEM$ADD_EVENT(${lit(TASK_EVENT.started)}, event_attrs);`;
}

/** The three row events, a DEBUG log of them and task_finished; each argument is a Snowflake
 *  Scripting expression (a variable or a number). */
export function taskFinishedEvents(task: string, rows: { read: string; written: string; rejected: string }): string {
  const event = (name: string, key: string, value: string) =>
    `  event_attrs := OBJECT_CONSTRUCT(${lit(key)}, ${value});\n  SYSTEM$ADD_EVENT(${lit(name)}, event_attrs);`;
  return [
    event(TASK_EVENT.rowsRead, ROW_ATTRIBUTE.read, rows.read),
    event(TASK_EVENT.rowsWritten, ROW_ATTRIBUTE.written, rows.written),
    event(TASK_EVENT.rowsRejected, ROW_ATTRIBUTE.rejected, rows.rejected),
    `  SYSTEM$LOG_DEBUG('rows read ' || ${rows.read} || ', written ' || ${rows.written} || ', rejected ' || ${rows.rejected});`,
    `  event_attrs := OBJECT_CONSTRUCT('snow.task.name', ${lit(task)}, 'snow.task.state', 'SUCCEEDED');\n  SYSTEM$ADD_EVENT(${lit(TASK_EVENT.finished)}, event_attrs);`,
  ].join('\n');
}

/** task_finished with state FAILED and the ERROR log, inside a procedure's EXCEPTION handler. */
export function taskFailedEvents(task: string): string {
  return `    event_attrs := OBJECT_CONSTRUCT('snow.task.name', ${lit(task)}, 'snow.task.state', 'FAILED');
    SYSTEM$ADD_EVENT(${lit(TASK_EVENT.finished)}, event_attrs);
    SYSTEM$LOG_ERROR(${lit(`${task} failed: `)} || SQLERRM);`;
}

/** The end of a task procedure's body after its work: the finish events, RETURN of the summary
 *  expression, and the handler that records the failure and re-raises (so the task run FAILS with
 *  the statement's own error), closing the $$ body. */
export function procedureEnding(task: string, rows: { read: string; written: string; rejected: string }, returnExpr: string): string {
  return `${taskFinishedEvents(task, rows)}
  RETURN ${returnExpr};
EXCEPTION
  WHEN OTHER THEN
${taskFailedEvents(task)}
    RAISE;
END;
$$`;
}
