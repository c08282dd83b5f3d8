// What one task run leaves in the event table besides its span: span events on the task's span
// (started, rows read / written / rejected, finished; the original pipeline marks its steps with
// telemetry.add_event the same way) and its METRIC points (rows, duration, and the process's CPU
// time and memory, the two resource metrics Snowflake collects itself for Python and Java
// handlers). The Snowflake procedures emit the same event names (src/core/snowflake/plan.ts).
import type { Span } from '@opentelemetry/api';
import type { StepResult } from '../pipeline/context';
import type { MetricPoint, TaskState } from '../runner/events';

/** Span event names, shared by the local runner and the Snowflake procedures. */
export const TASK_EVENT = {
  started: 'task_started',
  rowsRead: 'rows_read',
  rowsWritten: 'rows_written',
  rowsRejected: 'rows_rejected',
  finished: 'task_finished',
} as const;

/** Attribute names of the row events: the ones the task span already carries. */
export const ROW_ATTRIBUTE = {
  read: 'snow.input.rows',
  written: 'snow.output.rows',
  rejected: 'retail.rejected.rows',
} as const;

/** METRIC names (OpenTelemetry's process.* semantic conventions for the process readings). */
export const TASK_METRIC = {
  rowsRead: 'retail.task.rows.read',
  rowsWritten: 'retail.task.rows.written',
  rowsRejected: 'retail.task.rows.rejected',
  duration: 'retail.task.duration',
  cpuTime: 'process.cpu.time',
  memoryUsage: 'process.memory.usage',
} as const;

export interface TaskMeter {
  /** Adds the row and finish events to the span (before it ends) and returns the task's METRIC
   *  points. `result` is there when the step succeeded; a failed step has no row counts. */
  finish(state: TaskState, result?: StepResult): MetricPoint[];
}

/** Starts measuring a task run whose span was just started; `now` is the run's span clock, so
 *  the events sit on the span's own time axis. */
export function startTaskMeter(span: Span, task: string, now: () => number): TaskMeter {
  const t0 = now();
  const cpu0 = process.cpuUsage();
  span.addEvent(TASK_EVENT.started, { 'snow.task.name': task }, t0);
  return {
    finish(state, result) {
      const t1 = now();
      // process.cpuUsage is the whole process's: tasks that ran at the same time share it.
      // Snowflake's own CPU metric is per handler process too (process.cpu.utilization), and a
      // single Node process has no per-task number without a worker thread per task.
      const cpu = process.cpuUsage(cpu0);
      const rss = process.memoryUsage.rss();
      const seconds = (t1 - t0) / 1000;
      if (result) {
        span.addEvent(TASK_EVENT.rowsRead, { [ROW_ATTRIBUTE.read]: result.rowsIn }, t1);
        span.addEvent(TASK_EVENT.rowsWritten, { [ROW_ATTRIBUTE.written]: result.rowsOut }, t1);
        span.addEvent(TASK_EVENT.rowsRejected, { [ROW_ATTRIBUTE.rejected]: result.rejected }, t1);
      }
      // Duration is the span's own and a METRIC; the event says how the task ended.
      span.addEvent(TASK_EVENT.finished, { 'snow.task.name': task, 'snow.task.state': state }, t1);
      const points: MetricPoint[] = [];
      if (result) {
        points.push(
          { name: TASK_METRIC.rowsRead, unit: '{row}', type: 'sum', value: result.rowsIn },
          { name: TASK_METRIC.rowsWritten, unit: '{row}', type: 'sum', value: result.rowsOut },
          { name: TASK_METRIC.rowsRejected, unit: '{row}', type: 'sum', value: result.rejected },
        );
      }
      points.push(
        { name: TASK_METRIC.duration, unit: 's', type: 'gauge', value: seconds },
        { name: TASK_METRIC.cpuTime, unit: 's', type: 'sum', value: cpu.user / 1e6, attributes: { 'cpu.mode': 'user' } },
        { name: TASK_METRIC.cpuTime, unit: 's', type: 'sum', value: cpu.system / 1e6, attributes: { 'cpu.mode': 'system' } },
        { name: TASK_METRIC.memoryUsage, unit: 'By', type: 'gauge', value: rss },
      );
      return points;
    },
  };
}
