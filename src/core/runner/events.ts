// The executor turns a plan into a stream of typed events; run history, the event table's LOG
// records, the CLI's progress lines and the extension's views subscribe to it. Spans are not
// events: the executor opens them with the OpenTelemetry API like any instrumented program.
import type { Severity } from '../log';
import type { StepResult } from '../pipeline/context';

/** Snowflake's TASK_HISTORY states. */
export type TaskState = 'SCHEDULED' | 'EXECUTING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type GraphState = 'EXECUTING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
/** Snowflake's SCHEDULED_FROM. */
export type ScheduledFrom = 'SCHEDULE' | 'EXECUTE TASK' | 'MANUAL RETRY';

/** Identity of one graph run (one attempt of a graph run group). */
export interface GraphRun {
  readonly graphRunGroupId: string;
  readonly attemptNumber: number;
  readonly scheduledFrom: ScheduledFrom;
  readonly scheduledTime: Date;
  readonly rootTaskId: string;
}

export interface TaskError {
  /** TIMEOUT, CANCELLED, UPSTREAM_FAILED, or the error's own code / name. */
  readonly code: string;
  readonly message: string;
}

export interface TaskOutcome {
  readonly name: string;
  readonly state: TaskState;
  readonly startedAt?: Date;
  readonly completedAt?: Date;
  readonly durationMs: number;
  /** How many times the step was started (1 + per-task retries used). */
  readonly tries: number;
  readonly result?: StepResult;
  readonly error?: TaskError;
}

export type RunEvent =
  | { type: 'graph-started'; run: GraphRun; tasks: string[]; traceId?: string; at: Date }
  | { type: 'task-started'; run: GraphRun; task: string; at: Date }
  | { type: 'task-retrying'; run: GraphRun; task: string; failedTry: number; error: TaskError; delayMs: number; at: Date }
  | { type: 'rows'; run: GraphRun; task: string; rowsIn: number; rowsOut: number; rejected: number; tables: Record<string, number>; at: Date }
  /** SUCCEEDED, FAILED, CANCELLED or SKIPPED: one per selected task, always. */
  | { type: 'task-finished'; run: GraphRun; outcome: TaskOutcome; at: Date }
  | { type: 'log'; run: GraphRun; task?: string; severity: Severity; message: string; attributes?: Record<string, unknown>; traceId?: string; spanId?: string; at: Date }
  /** A task's measurements, once per task run that started (METRIC records of the event table). */
  | { type: 'metrics'; run: GraphRun; task: string; points: readonly MetricPoint[]; traceId?: string; spanId?: string; startedAt: Date; at: Date }
  | { type: 'graph-finished'; run: GraphRun; state: GraphState; outcomes: TaskOutcome[]; at: Date };

/** One measurement of a task run, as Snowflake's event table keeps a METRIC record:
 *  RECORD {metric: {name, unit}, metric_type, value_type}, VALUE the number. */
export interface MetricPoint {
  readonly name: string;
  /** UCUM, as OpenTelemetry writes units: 's', 'By', '{row}'. */
  readonly unit: string;
  /** 'sum' for counts and CPU time accumulated over the task, 'gauge' for a reading at its end. */
  readonly type: 'sum' | 'gauge';
  readonly value: number;
  readonly attributes?: Readonly<Record<string, string | number>>;
}

export type RunEventListener = (event: RunEvent) => void;

/** A tiny synchronous emitter; a listener that throws cannot break the run. */
export class RunEvents {
  private readonly listeners = new Set<RunEventListener>();
  readonly listenerErrors: Error[] = [];

  on(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RunEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        this.listenerErrors.push(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
