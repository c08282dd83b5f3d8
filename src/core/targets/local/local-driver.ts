// What the local target runs, in one object: DuckDB, the runner, validation and the readers.
// The target (local-target.ts) takes it through a function called on first use, so a host that
// must not load DuckDB early (the extension's activation) holds the target without this module;
// the CLI and the tests pass LOCAL_DRIVER itself (openLocalTarget).
import { listTraces, loadRunHistory, loadTrace } from '../../dashboard/history-data';
import { retryPlan, traceIdsOf } from '../../history/queries';
import { describeOutcome, runValidation } from '../../quality';
import { retryPipeline, runPipeline } from '../../runner/pipeline-run';
import { LocalTarget, type LocalTargetOptions } from './local-target';
import { readTablePreview } from './preview-read';
import { readQualitySnapshot } from './quality-read';
import { readSnapshot } from './snapshot';
import { LocalWarehouse } from './warehouse';

export const LOCAL_DRIVER = {
  openWarehouse: (workspace: string, stateDir: string | undefined) => LocalWarehouse.open(workspace, { stateDir }),
  runPipeline, retryPipeline, retryPlan, runValidation, describeOutcome,
  readSnapshot, readQualitySnapshot, readTablePreview, loadRunHistory, listTraces, loadTrace, traceIdsOf,
};

export type LocalDriver = typeof LOCAL_DRIVER;

/** The local target with its drivers loaded now (the CLI, the tests). */
export function openLocalTarget(o: LocalTargetOptions): LocalTarget {
  return new LocalTarget(o, () => LOCAL_DRIVER);
}
