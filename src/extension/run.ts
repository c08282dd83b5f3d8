// Runs (part of) the graph in-process through the core's recorded pipeline run, inside
// withProgress: cancel → AbortSignal, one progress message per task, states into the tree as
// they change, result as a notification that offers "Show Log" / "Retry" on failure.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TaskDef } from '../core/manifest';
import type { RunEvent } from '../core/runner/events';
import type { SentimentThresholds } from '../core/sql/dialect';
import { ERROR_CODES, hasErrorCode } from '../shared/error-code';
import { Ctx, isUserError, UserError } from './ctx';
import type { LocalSession } from './session';
import { errorText } from './log';
import { heavy, registerSecretEverywhere } from './load-heavy';
import { mysqlPassword, readMysqlUrl } from './secrets';
import { formatDuration } from '../shared/duration';

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
  const session = ctx.requireLocalSession('Running the graph in this window');
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
    const result = await withLocalRun(ctx, session, `Retail Pipeline: ${req.title}`, controller, (o, wh) => {
      ctx.log.info(`${req.title}: ${req.tasks ? req.tasks.map((t) => t.name).join(', ') : 'all tasks'} (data ${dataDir}${o.mysqlUrl ? ', MySQL source' : ', CSV files for the MySQL tables'})`);
      return heavy().runPipeline({ ...o, tasks: req.tasks, wh });
    });
    const ms = Date.now() - started;
    const succeeded = result.outcomes.filter((o) => o.state === 'SUCCEEDED').length;
    const summary = `${succeeded}/${result.outcomes.length} tasks succeeded in ${formatDuration(ms)}`;
    ctx.lastRun = { state: result.state, at: new Date(), summary };
    ctx.log.info(`${req.title}: ${result.state}, ${summary} (graph run ${result.run.graphRunGroupId})`);
    if (result.state === 'SUCCEEDED') {
      void vscode.window.showInformationMessage(`Retail Pipeline: ${req.title} SUCCEEDED (${summary}).`);
    } else {
      const first = result.outcomes.find((o) => o.state === 'FAILED' || o.state === 'CANCELLED');
      void offerRetry(ctx, req, `Retail Pipeline: ${req.title} ${result.state}${first ? ` at ${first.name}: ${first.error?.message ?? first.state}` : ''}`);
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

type Warehouse = Parameters<Parameters<LocalSession['access']['use']>[0]>[0];

/** What a local run and a local retry both hand the core: the workspace's data folder, the
 * stored MySQL source, the settings, the cancel signal and the live-state listener. */
export interface LocalRunOptions {
  readonly workspace: string;
  readonly dataDir: string;
  readonly mysqlUrl: string | undefined;
  readonly mysqlPartitions: number;
  readonly concurrency: number;
  readonly logLevel: Ctx['config']['eventLogLevel'];
  readonly sentiment: SentimentThresholds | undefined;
  readonly log: Ctx['logger'];
  readonly signal: AbortSignal;
  readonly onEvent: (e: RunEvent) => void;
}

/** Runs `start` (the core's runPipeline or retryPipeline) on the local warehouse inside a
 * cancellable progress notification: cancel aborts `controller`, every task start and finish is
 * a progress message and a live state in ctx.liveStates, the views redraw once per burst. The
 * caller holds the run state (ctx.exclusive). */
export async function withLocalRun<T>(ctx: Ctx, session: LocalSession, title: string, controller: AbortController,
  start: (o: LocalRunOptions, wh: Warehouse) => Promise<T>): Promise<T> {
  const sentiment = sentimentSetting(ctx);
  const mysqlUrl = await readMysqlUrl(ctx.ext.secrets);
  if (mysqlUrl) registerSecretEverywhere(mysqlPassword(mysqlUrl));
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
      const onEvent = (e: RunEvent) => {
        switch (e.type) {
          case 'graph-started':
            total = e.tasks.length;
            for (const t of e.tasks) ctx.liveStates.set(t, 'SCHEDULED');
            break;
          case 'task-started':
            ctx.liveStates.set(e.task, 'EXECUTING');
            progress.report({ message: `${e.task} (${finished}/${total} done)` });
            refreshSoon();
            break;
          case 'task-finished':
            finished++;
            ctx.liveStates.set(e.outcome.name, e.outcome.state);
            progress.report({ message: `${e.outcome.name} ${e.outcome.state} (${finished}/${total} done)`, increment: total ? 100 / total : undefined });
            refreshSoon();
            break;
          default:
            break;
        }
      };
      const options: LocalRunOptions = {
        workspace: session.workspace, dataDir: ctx.config.dataDir(session.workspace), mysqlUrl, mysqlPartitions: ctx.config.mysqlPartitions,
        concurrency: ctx.config.concurrency, logLevel: ctx.config.eventLogLevel, sentiment, log: ctx.logger, signal: controller.signal, onEvent,
      };
      return session.access.use((wh) => start(options, wh));
    });
  } finally {
    if (refreshTimer) clearTimeout(refreshTimer);
  }
}

/** The sentiment thresholds for a local run (undefined: the model's default); invalid settings
 *  stop the run before it starts, with the message naming the settings. */
export function sentimentSetting(ctx: Ctx): SentimentThresholds | undefined {
  try {
    return ctx.config.sentiment();
  } catch (e) {
    // By name: ctx.config is the activation bundle's, its error class that bundle's copy.
    if (hasErrorCode(e, ERROR_CODES.invalidSetting)) throw new UserError(e.message);
    throw e;
  }
}

async function offerRetry(ctx: Ctx, req: RunRequest, message: string): Promise<void> {
  const pick = await vscode.window.showErrorMessage(message, 'Show Log', 'Retry');
  if (pick === 'Show Log') ctx.log.show(true);
  if (pick === 'Retry') await runGraph(ctx, req);
}
