// Validate Data and Retry Failed Tasks as the target operations run them (target-ops.ts; the
// commands are in commands.ts). Validate Data runs the expectation suites of sql/quality/ on the local warehouse through the
// core (as `retail-pipeline validate` does), cancellable, each suite's report in the log; the
// Quality view redraws from GE_VALIDATION_RESULTS. Retry Failed Tasks finds the last graph run's
// failed, skipped and cancelled tasks and hands them to the Run History panel's retry
// (panels/retry.ts). On Snowflake both use the Snowflake session's operations.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import type { LocalSession } from './session';
import { errorText } from './log';
import { heavy } from './load-heavy';
import { validationSummary } from './quality-snapshot';
import { QUALITY_VIEW } from './quality-tree';
import { retryFailedNow } from './panels/retry';
import { localSession, snowflakeSession } from './target-parts';

const SHOW_LOG = 'Show Log';
const OPEN_QUALITY = 'Open Quality View';

/** Validate Data on the local warehouse, as this window's one run. */
export async function validateLocal(ctx: Ctx): Promise<string | undefined> {
  const session = localSession(ctx, 'Validate Data');
  if (!session.warehouse.exists()) {
    const pick = await vscode.window.showInformationMessage('Retail Pipeline: there is no warehouse to validate yet: run the pipeline first.', 'Run Pipeline');
    if (pick) await vscode.commands.executeCommand('retailPipeline.runPipeline');
    return undefined;
  }
  return ctx.exclusive('Validate Data', (controller) => validateSuites(ctx, session, controller));
}

async function validateSuites(ctx: Ctx, session: LocalSession, controller: AbortController): Promise<string | undefined> {
  try {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Retail Pipeline: Validate Data', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort(new Error('Validate Data cancelled in VS Code: no results were written')));
        const { runValidation } = heavy();
        return session.warehouse.use((wh) => runValidation(wh, {
          workspace: session.workspace, log: ctx.logger, signal: controller.signal,
          onSuite: (o, done, total) => progress.report({ message: `${o.name} (${done}/${total})`, increment: 100 / total }),
        }));
      });
    const { describeOutcome } = heavy();
    for (const o of run.suites) {
      for (const line of describeOutcome(o)) (o.success ? ctx.log.info(line) : ctx.log.warn(line));
    }
    const summary = validationSummary(run.suites);
    ctx.log.info(`Validate Data: ${summary.text} (run ${run.runId.run_name}, ${run.rowsWritten} rows appended to GE_VALIDATION_RESULTS)`);
    if (summary.allPassed) {
      void vscode.window.showInformationMessage(`Retail Pipeline: ${summary.text}.`);
    } else {
      void vscode.window.showWarningMessage(`Retail Pipeline: ${summary.text}.`, SHOW_LOG, OPEN_QUALITY).then((pick) => {
        if (pick === SHOW_LOG) ctx.log.show(true);
        if (pick === OPEN_QUALITY) void vscode.commands.executeCommand(`${QUALITY_VIEW}.focus`);
      });
    }
    return summary.text;
  } catch (e) {
    if (controller.signal.aborted) {
      ctx.log.info(errorText(e));
      void vscode.window.showInformationMessage(`Retail Pipeline: ${errorText(e)}.`);
      return undefined;
    }
    throw e;
  }
}

/** On Snowflake the validation task's procedure runs the suites in the account. */
export async function validateOnSnowflake(ctx: Ctx): Promise<string | undefined> {
  const session = snowflakeSession(ctx, 'Validate Data');
  const { summary: text } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: Validate Data on ${session.label}` },
    () => session.validate());
  ctx.log.info(`Validate Data on ${session.label} (data_validation_task): ${text}`);
  void vscode.window.showInformationMessage(`Retail Pipeline: Validate Data on ${session.label}: ${text}.`);
  ctx.fireChanged();
  return text;
}

/** retryPlan's refusals that mean "nothing to do", not "something broke". */
const NOTHING_TO_RETRY = /nothing to retry|still executing/i;

/** Retry Failed Tasks on the local target: the last graph run's failed, skipped and cancelled
 * tasks, as this window's one run. */
export async function retryLastRun(ctx: Ctx): Promise<boolean> {
  return (await ctx.exclusive('Retry Failed Tasks', (controller) => retryPlanned(ctx, controller))) ?? false;
}

async function retryPlanned(ctx: Ctx, controller: AbortController): Promise<boolean> {
  const session = localSession(ctx, 'Retry Failed Tasks');
  const nothing = (why: string) => {
    ctx.log.info(`Retry Failed Tasks: ${why}`);
    void vscode.window.showInformationMessage(`Retail Pipeline: ${why}.`);
    return false;
  };
  if (!session.warehouse.exists()) return nothing('No graph runs recorded in this workspace yet: nothing to retry');
  const { retryPlan } = heavy();
  type Found = { plan: Awaited<ReturnType<typeof retryPlan>> } | { why: string };
  const found = await session.warehouse.use(async (wh): Promise<Found> => {
    try {
      return { plan: await retryPlan(wh) };
    } catch (e) {
      if (NOTHING_TO_RETRY.test(errorText(e))) return { why: errorText(e) };
      throw e;
    }
  });
  if ('why' in found) return nothing(found.why);
  const { plan } = found;
  if (!plan.tasks.length) return nothing(`Graph run ${plan.graphRunGroupId} attempt ${plan.attemptNumber} (${plan.state}) has no failed, skipped or cancelled tasks to retry`);
  ctx.log.info(`Retry Failed Tasks: ${plan.tasks.map((t) => `${t.name} (${t.state})`).join(', ')} of graph run ${plan.graphRunGroupId} attempt ${plan.attemptNumber}`);
  return retryFailedNow(ctx, plan.graphRunGroupId, controller);
}
