// "Retry failed" from the Run History panel: EXECUTE TASK … RETRY LAST on the local target (the
// core's retryPipeline), in a cancellable progress notification, with the live task states
// that the tree and the panels follow while it runs.
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/runner/events';
import type { Ctx } from '../ctx';
import { errorText } from '../log';
import { heavy, registerSecretEverywhere } from '../load-heavy';
import { sentimentSetting } from '../run';
import { mysqlPassword, readMysqlUrl } from '../secrets';

export async function retryFailed(ctx: Ctx, graphRunGroupId: string): Promise<boolean> {
  if (ctx.running) {
    void vscode.window.showWarningMessage('Retail Pipeline: a run is already in progress in this window.');
    return false;
  }
  const session = ctx.requireLocalSession();
  const sentiment = sentimentSetting(ctx);
  const controller = new AbortController();
  ctx.running = controller;
  ctx.liveStates.clear();
  ctx.fireChanged();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'graph-started') for (const t of e.tasks) ctx.liveStates.set(t, 'SCHEDULED');
    else if (e.type === 'task-started') ctx.liveStates.set(e.task, 'EXECUTING');
    else if (e.type === 'task-finished') ctx.liveStates.set(e.outcome.name, e.outcome.state);
    else return;
    ctx.fireChanged();
  };
  try {
    const mysqlUrl = await readMysqlUrl(ctx.ext.secrets);
    if (mysqlUrl) registerSecretEverywhere(mysqlPassword(mysqlUrl));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: retrying graph run ${graphRunGroupId.slice(0, 8)}`, cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => controller.abort(new Error('cancelled in VS Code')));
        const { retryPipeline } = heavy();
        return session.access.use((wh) => retryPipeline({
          workspace: session.workspace, dataDir: ctx.config.dataDir(session.workspace), mysqlUrl, mysqlPartitions: ctx.config.mysqlPartitions,
          concurrency: ctx.config.concurrency, logLevel: ctx.config.eventLogLevel, sentiment, log: ctx.logger, signal: controller.signal, onEvent, wh, graphRunGroupId,
        }));
      });
    ctx.lastRun = { state: result.state, at: new Date(), summary: `retry of ${result.plan.tasks.length} task(s): ${result.state}` };
    ctx.log.info(`retry of graph run ${graphRunGroupId}: ${result.state}`);
    const msg = `Retail Pipeline: retry ${result.state} (${result.plan.tasks.map((t) => t.name).join(', ')}).`;
    if (result.state === 'SUCCEEDED') void vscode.window.showInformationMessage(msg);
    else void vscode.window.showErrorMessage(msg);
    return true;
  } catch (e) {
    ctx.log.error(`retry of graph run ${graphRunGroupId}: ${errorText(e)}`);
    throw e;
  } finally {
    ctx.running = undefined;
    ctx.liveStates.clear();
    ctx.fireChanged();
  }
}
