// Writes TASK_HISTORY / TASK_GRAPH_RUNS rows from the executor's events. Writes go through one
// connection in event order (a promise chain), so a task's row is inserted before it is updated.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ROOT_TASK } from '../manifest';
import type { RunEvent, RunEvents } from '../runner/events';

const ts = (d: Date | undefined) => (d ? d.toISOString() : null);

export class HistoryRecorder {
  private chain: Promise<void> = Promise.resolve();
  readonly errors: Error[] = [];

  constructor(private readonly conn: DuckDBConnection, private readonly databaseName = 'LOCAL') {}

  subscribe(events: RunEvents): () => void {
    return events.on((e) => this.enqueue(e));
  }

  /** Resolves once every event seen so far is written. */
  async flush(): Promise<void> {
    await this.chain;
  }

  private enqueue(e: RunEvent): void {
    this.chain = this.chain.then(() => this.write(e)).catch((err: unknown) => {
      this.errors.push(err instanceof Error ? err : new Error(String(err)));
    });
  }

  private async exec(sql: string, values: DuckDBValue[]): Promise<void> {
    await this.conn.run(sql, values);
  }

  private async write(e: RunEvent): Promise<void> {
    const run = 'run' in e ? e.run : undefined;
    if (!run) return;
    const key = [run.graphRunGroupId, run.attemptNumber];
    switch (e.type) {
      case 'graph-started': {
        await this.exec(`insert into TASK_GRAPH_RUNS values (?, ?, ?, ?, 'EXECUTING', ?, ?::timestamptz, ?::timestamptz, null, ?, ?::varchar[], ?)`,
          [...key, ROOT_TASK, run.rootTaskId, run.scheduledFrom, ts(run.scheduledTime), ts(e.at), e.traceId ?? null, JSON.stringify(e.tasks), process.pid]);
        for (const name of e.tasks) {
          await this.exec(`insert into TASK_HISTORY (NAME, STATE, SCHEDULED_TIME, GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER, SCHEDULED_FROM, ROOT_TASK_ID, DATABASE_NAME, SCHEMA_NAME, TRACE_ID)
            values (?, 'SCHEDULED', ?::timestamptz, ?, ?, ?, ?, ?, 'main', ?)`,
            [name, ts(run.scheduledTime), ...key, run.scheduledFrom, run.rootTaskId, this.databaseName, e.traceId ?? null]);
        }
        return;
      }
      case 'task-started':
        await this.exec(`update TASK_HISTORY set STATE = 'EXECUTING', QUERY_START_TIME = ?::timestamptz where GRAPH_RUN_GROUP_ID = ? and ATTEMPT_NUMBER = ? and NAME = ?`,
          [ts(e.at), ...key, e.task]);
        return;
      case 'rows':
        await this.exec(`update TASK_HISTORY set ROWS_IN = ?, ROWS_OUT = ?, ROWS_REJECTED = ? where GRAPH_RUN_GROUP_ID = ? and ATTEMPT_NUMBER = ? and NAME = ?`,
          [e.rowsIn, e.rowsOut, e.rejected, ...key, e.task]);
        return;
      case 'task-finished': {
        const o = e.outcome;
        await this.exec(`update TASK_HISTORY set STATE = ?, QUERY_START_TIME = coalesce(QUERY_START_TIME, ?::timestamptz), COMPLETED_TIME = ?::timestamptz,
            ERROR_CODE = ?, ERROR_MESSAGE = ?, RETURN_VALUE = ?, DURATION_MS = ?, TRIES = ?
            where GRAPH_RUN_GROUP_ID = ? and ATTEMPT_NUMBER = ? and NAME = ?`,
          [o.state, ts(o.startedAt), ts(o.completedAt ?? e.at), o.error?.code ?? null, o.error?.message ?? null,
            o.result?.returnValue ?? null, o.durationMs, o.tries, ...key, o.name]);
        return;
      }
      case 'graph-finished':
        await this.exec(`update TASK_GRAPH_RUNS set STATE = ?, COMPLETED_TIME = ?::timestamptz where GRAPH_RUN_GROUP_ID = ? and ATTEMPT_NUMBER = ?`,
          [e.state, ts(e.at), ...key]);
        return;
      default:
        return;
    }
  }
}
