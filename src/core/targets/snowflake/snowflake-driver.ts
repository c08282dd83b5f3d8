// What the Snowflake target runs, in one object: the core's operations, history, panel readers
// and deploy runner over a SnowflakeClient. The target (snowflake-target.ts) takes it through a
// function called on first use, so holding a SnowflakeTarget loads none of these modules (the
// extension's activation); the CLI and the tests pass SNOWFLAKE_DRIVER (openSnowflakeTarget).
import { runDeployPlan } from '../../snowflake/deploy-run';
import { listGraphRuns, taskHistory } from '../../snowflake/history';
import { callStep, resumeGraph, startGraphRun, suspendGraph } from '../../snowflake/operate';
import { loadRunHistorySnowflake, readSnowflakeSnapshot } from '../../snowflake/panel-data';
import { listTracesSnowflake, loadTraceSnowflake } from '../../snowflake/panel-traces';
import { VALIDATED_LAYERS } from '../../snowflake/validation-procedure';
import { readSnowflakeQualitySnapshot } from './quality-read';
import { SnowflakeTarget, type SnowflakeTargetOptions } from './snowflake-target';

export const SNOWFLAKE_DRIVER = {
  startGraphRun, suspendGraph, resumeGraph, callStep, listGraphRuns, taskHistory, runDeployPlan,
  loadRunHistorySnowflake, readSnowflakeSnapshot, listTracesSnowflake, loadTraceSnowflake, readSnowflakeQualitySnapshot,
  VALIDATED_LAYERS,
};

export type SnowflakeDriver = typeof SNOWFLAKE_DRIVER;

/** The Snowflake target with its drivers loaded now (the CLI, the tests). */
export function openSnowflakeTarget(o: SnowflakeTargetOptions): SnowflakeTarget {
  return new SnowflakeTarget(o, () => SNOWFLAKE_DRIVER);
}
