// Runs (part of) the graph in-process through the local target's run (the core's recorded run), inside
// withProgress: cancel → AbortSignal, one progress message per task, states into the tree as
// they change, result as a notification that offers "Show Log" / "Retry" on failure.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TaskDef } from '../core/manifest';
import type { RunProgress } from '../core/targets/target';
import { Ctx, isUserError } from './ctx';
import { errorText } from './log';
import { formatDuration } from '../shared/duration';
import { localSession } from './target-parts';

export interface RunRequest {
  /** Default: the whole graph. */
  readonly tasks?: readonly TaskDef[];
  /** Shown in the progress title and the result, e.g. "Run Pipeline". */
  readonly title: string;
}

export async function runGraph(ctx: Ctx, req: RunRequest): Promise<string | undefined> {
  return ctx.exclusive(req.title, (controller) => runGraphNow(ctx, req, controller));
}

async function runGraphNow(ctx: Ctx, req: RunRequest, controller: AbortController): Promise<string | undefined> {
  // On the Snowflake target the commands run the task graph on the account instead (snowflake-commands.ts).
  const session = localSession(ctx, 'Running the graph in this window');
  const dataDir = ctx.config.dataDir(session.workspace);
  if (!existsSync(dataDir)) {
    const pick = await vscode.window.showErrorMessage(
      `Retail Pipeline: the data folder ${dataDir} does not exist (setting retailPipeline.dataFolder).`, 'Generate Sample Data', 'Open Settings');
    if (pick === 'Generate Sample Data') await vscode.commands.executeCommand('retailPipeline.generateSampleData');
    if (pick === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'retailPipeline.dataFolder');
    return undefined;
  }
  const started = Date.now();
  try {
    ctx.log.info(`${req.title}: ${req.tasks ? req.tasks.map((t) => t.name).join(', ') : 'all tasks'} (data ${dataDir})`);
    const selection = req.tasks ? { kind: 'only' as const, tasks: req.tasks.map((t) => t.name) } : undefined;
    const result = await withLocalRun(ctx, `Retail Pipeline: ${req.title}`, controller, (o) => session.run({ ...o, selection }));
    const ms = Date.now() - started;
    const succeeded = result.tasks.filter((o) => o.state === 'SUCCEEDED').length;
    const summary = `${succeeded}/${result.tasks.length} tasks succeeded in ${formatDuration(ms)}`;
    ctx.lastRun = { state: result.state, at: new Date(), summary };
    ctx.log.info(`${req.title}: ${result.state}, ${summary} (graph run ${result.graphRunGroupId})`);
    if (result.state === 'SUCCEEDED') {
      void vscode.window.showInformationMessage(`Retail Pipeline: ${req.title} SUCCEEDED (${summary}).`);
    } else {
      const first = result.firstError;
      void offerRetry(ctx, req, `Retail Pipeline: ${req.title} ${result.state}${first ? ` at ${first.task}: ${first.message}` : ''}`);
    }
    return result.state;
  } catch (e) {
    const message = errorText(e);
    ctx.lastRun = { state: 'FAILED', at: new Date(), summary: message };
    ctx.log.error(`${req.title}: ${message}`);
    if (isUserError(e)) throw e;
    void offerRetry(ctx, req, `Retail Pipeline: ${req.title} could not run: ${message}`);
    return 'FAILED';
  }
}

/** What a run in this window hands the target: the cancel signal and the live-state listener. */
export interface LocalRunCallbacks {
  readonly signal: AbortSignal;
  readonly onProgress: (p: RunProgress) => void;
}

/** Runs `start` (the target's run or retry) inside a cancellable progress notification: cancel
 * aborts `controller`, every task start and finish is a progress message and a live state in
 * ctx.liveStates, the views redraw once per burst. The caller holds the run state (ctx.exclusive). */
export async function withLocalRun<T>(ctx: Ctx, title: string, controller: AbortController, start: (o: LocalRunCallbacks) => Promise<T>): Promise<T> {
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    // Several tasks finish together; one tree refresh for the burst.
    if (!refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = undefined; ctx.fireChanged(); }, 250);
  };
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort(new Error('cancelled in VS Code')));
      let total = 0;
      let finished = 0;
      const onProgress = (p: RunProgress) => {
        if (p.type === 'started') {
          total = p.tasks.length;
          for (const t of p.tasks) ctx.liveStates.set(t, 'SCHEDULED');
        } else if (p.type === 'task' && p.state === 'EXECUTING') {
          ctx.liveStates.set(p.task, 'EXECUTING');
          progress.report({ message: `${p.task} (${finished}/${total} done)` });
          refreshSoon();
        } else if (p.type === 'task') {
          finished++;
          ctx.liveStates.set(p.task, p.state);
          progress.report({ message: `${p.task} ${p.state} (${finished}/${total} done)`, increment: total ? 100 / total : undefined });
          refreshSoon();
        }
      };
      return start({ signal: controller.signal, onProgress });
    });
  } finally {
    if (refreshTimer) clearTimeout(refreshTimer);
  }
}

async function offerRetry(ctx: Ctx, req: RunRequest, message: string): Promise<void> {
  const pick = await vscode.window.showErrorMessage(message, 'Show Log', 'Retry');
  if (pick === 'Show Log') ctx.log.show(true);
  if (pick === 'Retry') await runGraph(ctx, req);
}
