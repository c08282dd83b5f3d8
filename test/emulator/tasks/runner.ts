// EXECUTE TASK [RETRY LAST] and the history it leaves. As on Snowflake the statement returns at
// once and the graph runs in the background: the root first, then every child whose
// predecessors all SUCCEEDED ("the task waits for all preceding tasks to successfully complete
// before starting"), children of the same parent side by side; a failed task's descendants do
// not run, and the graph run ends FAILED naming the first failed task. A suspended child does
// not run either (nor anything after it). RETRY LAST starts a new attempt of the last graph run
// (same GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER + 1) from its failed tasks: what succeeded stays.
// Every task run is a TASK_HISTORY row; every graph run a COMPLETE_TASK_GRAPHS row once done and
// a CURRENT_TASK_GRAPHS row while it executes.
// Reference: https://docs.snowflake.com/en/sql-reference/sql/execute-task
import { randomUUID } from 'node:crypto';
import type { SnowflakeErrorShape } from '../engine-api';
import { sfError } from '../scripting/procedures';
import { taskKey, type Task, type TaskCatalog } from './catalog';

export interface TaskRunRecord {
  QUERY_ID: string;
  NAME: string;
  DATABASE_NAME: string;
  SCHEMA_NAME: string;
  QUERY_TEXT: string;
  CONDITION_TEXT: string | null;
  STATE: 'SCHEDULED' | 'EXECUTING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  ERROR_CODE: string | null;
  ERROR_MESSAGE: string | null;
  SCHEDULED_TIME: Date;
  QUERY_START_TIME: Date | null;
  NEXT_SCHEDULED_TIME: Date | null;
  COMPLETED_TIME: Date | null;
  ROOT_TASK_ID: string;
  GRAPH_VERSION: number;
  RUN_ID: number;
  RETURN_VALUE: string | null;
  SCHEDULED_FROM: string;
  ATTEMPT_NUMBER: number;
  CONFIG: string | null;
  GRAPH_RUN_GROUP_ID: string;
}

export interface GraphRunRecord {
  ROOT_TASK_NAME: string;
  DATABASE_NAME: string;
  SCHEMA_NAME: string;
  STATE: 'EXECUTING' | 'SUCCEEDED' | 'FAILED';
  SCHEDULED_FROM: string;
  FIRST_ERROR_TASK_NAME: string | null;
  FIRST_ERROR_CODE: number | null;
  FIRST_ERROR_MESSAGE: string | null;
  SCHEDULED_TIME: Date;
  QUERY_START_TIME: Date;
  NEXT_SCHEDULED_TIME: Date | null;
  COMPLETED_TIME: Date | null;
  ROOT_TASK_ID: string;
  GRAPH_VERSION: number;
  RUN_ID: number;
  ATTEMPT_NUMBER: number;
  CONFIG: string | null;
  GRAPH_RUN_GROUP_ID: string;
}

/** Runs one task's body (the server's statement path, CALL included); throws a Snowflake error. */
export type TaskBodyRunner = (task: Task, queryId: string) => Promise<void>;

export class TaskRunner {
  readonly history: TaskRunRecord[] = [];
  readonly graphRuns: GraphRunRecord[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly catalog: TaskCatalog, private readonly runBody: TaskBodyRunner, private readonly newQueryId: () => string) {}

  /** Resolves when every graph run started so far has finished (tests; close()). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** EXECUTE TASK: a new graph run of the task's graph (the task must be a root). */
  execute(task: Task): GraphRunRecord {
    if (task.after.length) throw sfError('091093', `Cannot execute task ${task.name}: EXECUTE TASK can only be run on a root task or a standalone task.`, '22000');
    const now = new Date();
    const run = this.newGraphRun(task, randomUUID(), 1, now);
    this.start(run, task, this.catalog.graph(task), new Set());
    return run;
  }

  /** EXECUTE TASK … RETRY LAST: the failed tasks of the root's last graph run, and what follows them. */
  retryLast(task: Task): GraphRunRecord {
    const last = this.graphRuns.filter((g) => g.ROOT_TASK_ID === task.id).sort((a, b) => b.QUERY_START_TIME.getTime() - a.QUERY_START_TIME.getTime() || b.ATTEMPT_NUMBER - a.ATTEMPT_NUMBER)[0];
    if (!last || last.STATE !== 'FAILED') {
      throw sfError('091094', `Cannot perform retry: no failed graph run of task ${task.name} to retry${last ? ` (the last one ${last.STATE})` : ''}.`, '22000');
    }
    if (last.GRAPH_VERSION !== this.catalog.graphVersion(task)) {
      throw sfError('091095', `Cannot perform retry: the task graph of ${task.name} changed since its last run.`, '22000');
    }
    const succeeded = new Set(this.history.filter((h) => h.GRAPH_RUN_GROUP_ID === last.GRAPH_RUN_GROUP_ID && h.STATE === 'SUCCEEDED').map((h) => `${h.DATABASE_NAME}.${h.SCHEMA_NAME}.${h.NAME}`));
    const run = this.newGraphRun(task, last.GRAPH_RUN_GROUP_ID, last.ATTEMPT_NUMBER + 1, last.SCHEDULED_TIME);
    this.start(run, task, this.catalog.graph(task), succeeded);
    return run;
  }

  private newGraphRun(root: Task, group: string, attempt: number, scheduled: Date): GraphRunRecord {
    const run: GraphRunRecord = {
      ROOT_TASK_NAME: root.name, DATABASE_NAME: root.database, SCHEMA_NAME: root.schema, STATE: 'EXECUTING', SCHEDULED_FROM: 'EXECUTE TASK',
      FIRST_ERROR_TASK_NAME: null, FIRST_ERROR_CODE: null, FIRST_ERROR_MESSAGE: null, SCHEDULED_TIME: scheduled, QUERY_START_TIME: new Date(),
      NEXT_SCHEDULED_TIME: null, COMPLETED_TIME: null, ROOT_TASK_ID: root.id, GRAPH_VERSION: this.catalog.graphVersion(root), RUN_ID: scheduled.getTime(),
      ATTEMPT_NUMBER: attempt, CONFIG: null, GRAPH_RUN_GROUP_ID: group,
    };
    this.graphRuns.push(run);
    return run;
  }

  private start(run: GraphRunRecord, root: Task, tasks: Task[], alreadySucceeded: Set<string>): void {
    // Runs after the current turn of the event loop, so EXECUTE TASK has answered first.
    const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.runGraph(run, root, tasks, alreadySucceeded));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private async runGraph(run: GraphRunRecord, root: Task, tasks: Task[], alreadySucceeded: Set<string>): Promise<void> {
    const succeeded = new Set(alreadySucceeded);
    const ended = new Set<string>(alreadySucceeded);
    const started = new Set<string>();
    const waiting = new Map<string, Promise<void>>();
    const runnable = (t: Task) => t === root || t.state === 'started';
    for (;;) {
      const ready = tasks.filter((t) => !started.has(taskKey(t)) && !ended.has(taskKey(t)) && runnable(t) && t.after.every((a) => succeeded.has(a)));
      for (const t of ready) {
        started.add(taskKey(t));
        waiting.set(taskKey(t), this.runTask(run, root, t).then((ok) => {
          ended.add(taskKey(t));
          if (ok) succeeded.add(taskKey(t));
          waiting.delete(taskKey(t));
        }));
      }
      if (!waiting.size) break;
      await Promise.race(waiting.values());
    }
    run.COMPLETED_TIME = new Date();
    run.STATE = run.FIRST_ERROR_TASK_NAME ? 'FAILED' : 'SUCCEEDED';
  }

  private async runTask(run: GraphRunRecord, root: Task, t: Task): Promise<boolean> {
    const rec: TaskRunRecord = {
      QUERY_ID: this.newQueryId(), NAME: t.name, DATABASE_NAME: t.database, SCHEMA_NAME: t.schema, QUERY_TEXT: t.definition, CONDITION_TEXT: t.condition ?? null,
      STATE: 'EXECUTING', ERROR_CODE: null, ERROR_MESSAGE: null, SCHEDULED_TIME: new Date(), QUERY_START_TIME: new Date(), NEXT_SCHEDULED_TIME: null,
      COMPLETED_TIME: null, ROOT_TASK_ID: root.id, GRAPH_VERSION: run.GRAPH_VERSION, RUN_ID: run.RUN_ID, RETURN_VALUE: null, SCHEDULED_FROM: run.SCHEDULED_FROM,
      ATTEMPT_NUMBER: run.ATTEMPT_NUMBER, CONFIG: null, GRAPH_RUN_GROUP_ID: run.GRAPH_RUN_GROUP_ID,
    };
    this.history.push(rec);
    try {
      await this.runBody(t, rec.QUERY_ID);
      rec.STATE = 'SUCCEEDED';
      return true;
    } catch (e) {
      const shape: SnowflakeErrorShape = (e as { snowflake?: SnowflakeErrorShape }).snowflake ?? { code: '000603', sqlState: 'XX000', message: `emulator failure: ${(e as Error).message}` };
      rec.STATE = 'FAILED';
      rec.ERROR_CODE = shape.code;
      rec.ERROR_MESSAGE = shape.message;
      if (!run.FIRST_ERROR_TASK_NAME) {
        run.FIRST_ERROR_TASK_NAME = t.name;
        run.FIRST_ERROR_CODE = Number(shape.code);
        run.FIRST_ERROR_MESSAGE = shape.message;
      }
      return false;
    } finally {
      rec.COMPLETED_TIME = new Date();
    }
  }
}
