// "Retry failed" from the Run History panel: EXECUTE TASK … RETRY LAST on the local target (its
// Target.retry), as this window's one run (ctx.exclusive), in the same cancellable
// progress notification with live task states as a run (run.ts withLocalRun).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { errorText } from '../log';
import { isNothingToRetry } from '../../core/targets/target';
import { withLocalRun } from '../run';
import { localSession } from '../target-parts';

/** The Run History panel's retry: this window's one run (refused with a warning while another is). */
export async function retryFailed(ctx: Ctx, graphRunGroupId: string): Promise<boolean> {
  return (await ctx.exclusive(retryTitle(graphRunGroupId), (controller) => retryFailedNow(ctx, graphRunGroupId, controller))) ?? false;
}

export const retryTitle = (graphRunGroupId: string) => `retrying graph run ${graphRunGroupId.slice(0, 8)}`;

/** The retry itself, for a caller that holds the run state (ctx.exclusive) already. */
export async function retryFailedNow(ctx: Ctx, graphRunGroupId: string, controller: AbortController): Promise<boolean> {
  const session = localSession(ctx);
  try {
    const found = await withLocalRun(ctx, `Retail Pipeline: ${retryTitle(graphRunGroupId)}`, controller, (o) => session.retry({ ...o, graphRunGroupId }));
    // The panel's retry of a run with nothing left to retry is refused with the reason.
    if (isNothingToRetry(found)) throw new Error(found.nothingToRetry);
    const result = found;
    ctx.lastRun = { state: result.state, at: new Date(), summary: `retry of ${result.tasks.length} task(s): ${result.state}` };
    ctx.log.info(`retry of graph run ${graphRunGroupId}: ${result.state}`);
    const msg = `Retail Pipeline: retry ${result.state} (${result.tasks.map((t) => t.name).join(', ')}).`;
    if (result.state === 'SUCCEEDED') void vscode.window.showInformationMessage(msg);
    else void vscode.window.showErrorMessage(msg);
    return true;
  } catch (e) {
    ctx.log.error(`retry of graph run ${graphRunGroupId}: ${errorText(e)}`);
    throw e;
  }
}
