// Maps a task of the manifest to the code that runs it on the local target. The runner calls
// executeStep for every task it schedules; this is the only switch over step kinds.
import type { TaskDef } from '../manifest';
import { runLoadTask } from '../load/load-task';
import type { PipelineContext, StepResult } from './context';

export async function executeStep(task: TaskDef, ctx: PipelineContext): Promise<StepResult> {
  switch (task.kind) {
    case 'root':
      return { rowsIn: 0, rowsOut: 0, rejected: 0, tables: {}, returnValue: 'graph started' };
    case 'load-mysql':
    case 'load-json':
    case 'load-xml':
      return runLoadTask(task, ctx);
    case 'transform':
    case 'validate':
      throw new Error(`Task ${task.name}: step kind ${task.kind} is not available on the local target yet`);
  }
}
