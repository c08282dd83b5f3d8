// Maps a task of the manifest to the code that runs it on the local target. The runner calls
// executeStep for every task it schedules; this is the only switch over step kinds.
import { findTable, type TaskDef } from '../manifest';
import { runLoadTask } from '../load/load-task';
import { defaultSuitesDir, loadSuites, runValidation } from '../quality';
import { runTransformTask } from '../transform/run-local';
import type { PipelineContext, StepResult } from './context';

/**
 * The validation task runs after bronze_silver only (in parallel with silver_gold), so it
 * validates the layers that are complete at that point: bronze and silver. Gold and analytics
 * suites run with `retail-pipeline validate`.
 */
async function runValidationTask(ctx: PipelineContext): Promise<StepResult> {
  const dir = defaultSuitesDir(ctx.workspace);
  const suites = loadSuites(dir).filter((s) => ['BRONZE', 'SILVER'].includes(findTable(s.table)?.layer ?? ''));
  const run = await runValidation(ctx.wh, { suites: suites.map((s) => s.name), suitesDir: dir, log: ctx.log });
  const failed = run.suites.filter((s) => !s.success);
  const errors = run.suites.filter((s) => s.error);
  if (errors.length) throw new Error(`validation could not run ${errors.map((s) => `${s.name}: ${s.error}`).join('; ')}`);
  return {
    rowsIn: 0, rowsOut: run.rowsWritten, rejected: 0, tables: { GE_VALIDATION_RESULTS: run.rowsWritten },
    returnValue: `${run.suites.length} suites validated, ${failed.length} with failed expectations${failed.length ? ` (${failed.map((s) => s.name).join(', ')})` : ''}`,
  };
}

export async function executeStep(task: TaskDef, ctx: PipelineContext): Promise<StepResult> {
  switch (task.kind) {
    case 'root':
      return { rowsIn: 0, rowsOut: 0, rejected: 0, tables: {}, returnValue: 'graph started' };
    case 'load-mysql':
    case 'load-json':
    case 'load-xml':
      return runLoadTask(task, ctx);
    case 'transform':
      return runTransformTask(task, ctx);
    case 'validate':
      return runValidationTask(ctx);
  }
}
