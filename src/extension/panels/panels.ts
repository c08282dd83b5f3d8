// What each panel shows and does: the data it pushes (from src/core/dashboard) and the requests
// it answers. One panel per kind; a second "show" reveals it. Panels survive a window reload
// through serializers (the page keeps its own view state with setState).
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LocalWarehouse } from '../../core/targets/local/warehouse';
import type { ChartId, PanelKind, Push } from '../../shared/webview-protocol';
import { Ctx, UserError } from '../ctx';
import { heavy } from '../load-heavy';
import { mediaRoot, PanelHost, VIEW_TYPES, type PanelBehaviour } from './host';
import { PANEL_TITLES } from './html';
import { retryFailed } from './retry';
import { runGraphOnSnowflake } from '../snowflake-commands';
import type { SnowflakeSession } from '../snowflake-session';

const open = new Map<PanelKind, PanelHost>();

/** Runs `fn` on the warehouse, or explains that there is nothing to show yet. */
async function withWarehouse<T>(ctx: Ctx, fn: (wh: LocalWarehouse) => Promise<T>): Promise<T> {
  // On Snowflake only the dashboard and the chart get here (history and traces read the account).
  const session = ctx.requireLocalSession('The dashboard and the chart preview / export');
  if (!session.access.exists()) throw new UserError('No warehouse yet: run the pipeline first (Retail Pipeline: Run Pipeline).');
  return session.access.use(fn);
}

/** Reads from the current target: the local warehouse, or the Snowflake session's account (the
 * core's Snowflake readers return the local readers' shapes, so the pages do not know which). */
async function fromTarget<T>(ctx: Ctx, local: (wh: LocalWarehouse) => Promise<T>, snowflake: (s: SnowflakeSession) => Promise<T>): Promise<T> {
  return ctx.target === 'snowflake' ? snowflake(ctx.requireSnowflakeSession()) : withWarehouse(ctx, local);
}

// The readers live in the heavy bundle (load-heavy.ts), loaded on first use, not at activation.
const core = async () => heavy();
const dash = async () => heavy();

function liveStates(ctx: Ctx): Record<string, string> | undefined {
  return ctx.running && ctx.liveStates.size ? Object.fromEntries(ctx.liveStates) : undefined;
}

async function latestTraceOf(ctx: Ctx, graphRunGroupId: string): Promise<string | undefined> {
  if (ctx.target === 'snowflake') {
    const traces = (await ctx.requireSnowflakeSession().traces()).filter((t) => t.graphRunGroupId === graphRunGroupId);
    return traces.sort((a, b) => a.startMs - b.startMs).at(-1)?.traceId;
  }
  const ids = await withWarehouse(ctx, (wh) => heavy().traceIdsOf(wh, graphRunGroupId));
  return ids[ids.length - 1]?.traceId;
}

function behaviour(ctx: Ctx, kind: PanelKind): PanelBehaviour {
  switch (kind) {
    case 'runHistory': {
      // The newest 500 graph runs at first; the page asks for more ("Older runs") when needed,
      // and later refreshes keep the number it asked for.
      let limit = 500;
      const load = async () => ({ ...(await fromTarget(ctx, async (wh) => (await core()).loadRunHistory(wh, limit), (s) => s.runHistory(limit))), live: liveStates(ctx) });
      return {
        initial: async () => [{ kind: 'push', topic: 'history', data: await load() }],
        onChange: async () => {
          const live = liveStates(ctx);
          // During a run the graph follows the live states at once; the table catches up.
          const pushes: Push[] = live ? [{ kind: 'push', topic: 'live', states: live }] : [];
          return [...pushes, { kind: 'push', topic: 'history', data: await load() }];
        },
        requests: {
          'history.load': async (p) => {
            if (p.limit) limit = p.limit;
            return load();
          },
          // Replies at once; the run's progress arrives as pushes (live states, then history).
          'history.retryFailed': async ({ graphRunGroupId }) => {
            if (ctx.running) throw new UserError('A run is already in progress in this window.');
            // On Snowflake: EXECUTE TASK … RETRY LAST (Snowflake retries the last failed run only).
            void (ctx.target === 'snowflake' ? runGraphOnSnowflake(ctx, 'retry') : retryFailed(ctx, graphRunGroupId)).catch((e: unknown) =>
              void vscode.window.showErrorMessage(`Retail Pipeline: retry failed to start: ${e instanceof Error ? e.message : String(e)}`));
            return { started: true };
          },
          'history.openTraces': async ({ graphRunGroupId }) => {
            await showPanel(ctx, 'traces', { select: await latestTraceOf(ctx, graphRunGroupId) });
            return null;
          },
          'history.openSql': async ({ task }) => {
            await vscode.commands.executeCommand('retailPipeline.openStepSql', task);
            return null;
          },
        },
      };
    }
    case 'traces': {
      const list = () => fromTarget(ctx, async (wh) => (await core()).listTraces(wh), (s) => s.traces());
      return {
        initial: async () => [{ kind: 'push', topic: 'traces', traces: await list() }],
        requests: {
          'traces.list': async () => list(),
          'traces.get': async ({ traceId }) => fromTarget(ctx, async (wh) => (await core()).loadTrace(wh, traceId), (s) => s.trace(traceId)),
        },
      };
    }
    case 'dashboard': {
      const load = () => withWarehouse(ctx, async (wh) => (await dash()).loadDashboard(wh));
      return {
        initial: async () => [{ kind: 'push', topic: 'dashboard', data: await load() }],
        // Redraw when a run has finished, not at every task of it.
        onChange: async () => (ctx.running ? [] : [{ kind: 'push', topic: 'dashboard', data: await load() }]),
        requests: {
          'dashboard.load': async () => load(),
          // The export box: the same export as the command, under the name typed in the page.
          'dashboard.export': async ({ fileName }) => exportChartToStage(ctx, 'top-preferences', { fileName }),
        },
      };
    }
    case 'chartPreview': {
      const load = (chart: ChartId) => withWarehouse(ctx, async (wh) => (await dash()).loadChart(wh, chart));
      return {
        initial: async () => [{ kind: 'push', topic: 'chart', data: await load('top-preferences') }],
        onChange: async () => (ctx.running ? [] : [{ kind: 'push', topic: 'chart', data: await load('top-preferences') }]),
        requests: {
          'chart.load': async ({ chart }) => load(chart),
          'chart.export': async ({ chart, fileName }) => exportChartToStage(ctx, chart, { fileName }),
        },
      };
    }
  }
}

/** The standalone HTML (named `fileName`, validated by the core), spec and CSV of a chart, PUT
 * into the local SOURCE_FILES stage. */
export async function exportChartToStage(ctx: Ctx, chart: ChartId, o: { fileName?: string; stageName?: string } = {}): Promise<{ stage: string; files: { name: string; size: number }[] }> {
  const { exportChart, putFiles, LocalStage } = heavy();
  const stageName = o.stageName ?? 'SOURCE_FILES';
  const vegaBundle = readFileSync(vscode.Uri.joinPath(mediaRoot(ctx), 'vega.js').fsPath, 'utf8');
  const result = await withWarehouse(ctx, (wh) => exportChart(wh, chart, { vegaBundle, sourceLabel: 'local warehouse', fileName: o.fileName }));
  const session = ctx.requireLocalSession('Export Chart to Stage');
  const stage = new LocalStage(session.workspace, stageName, session.stateDir); // beside the warehouse (retailPipeline.stateFolder)
  const written = putFiles(stage, result.files);
  ctx.log.info(`exported chart ${chart} to @${stage.stage}: ${written.map((f) => f.name).join(', ')}`);
  ctx.fireChanged(); // the tree lists stage files
  return { stage: stage.stage, files: written.map((f) => ({ name: f.name, size: f.size })) };
}

function attach(ctx: Ctx, kind: PanelKind, panel: vscode.WebviewPanel): PanelHost {
  const host = new PanelHost(ctx, kind, panel, behaviour(ctx, kind));
  open.set(kind, host);
  host.onDidDispose(() => { if (open.get(kind) === host) open.delete(kind); });
  ctx.pushExtCleanup(host);
  return host;
}

/** Opens (or reveals) the panel of a kind. `select` picks a trace in the Traces panel. */
export async function showPanel(ctx: Ctx, kind: PanelKind, opts: { select?: string } = {}): Promise<PanelHost> {
  ctx.requireSession(); // a folder must be open: explains itself otherwise
  let host = open.get(kind);
  if (host) host.panel.reveal(undefined, false);
  else {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], PANEL_TITLES[kind], vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: [mediaRoot(ctx)], retainContextWhenHidden: false,
    });
    host = attach(ctx, kind, panel);
  }
  if (kind === 'traces' && opts.select) {
    const traces = await fromTarget(ctx, async (wh) => (await core()).listTraces(wh), (s) => s.traces());
    await host.post({ kind: 'push', topic: 'traces', traces, select: opts.select });
  }
  return host;
}

/** Restores a panel that was open when the window reloaded (the serializers registered at
 * activation, serializers.ts, call this in the commands bundle, which owns the open panels). */
export function restorePanel(ctx: Ctx, kind: PanelKind, panel: vscode.WebviewPanel): void {
  if (open.has(kind)) { panel.dispose(); return; }
  attach(ctx, kind, panel);
}
