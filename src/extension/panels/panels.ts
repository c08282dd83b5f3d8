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
import { targetOps } from '../target-ops';
import { withWarehouse } from '../warehouse-read';
import { localSession } from '../target-parts';

const open = new Map<PanelKind, PanelHost>();

/** The dashboard and the chart read the local warehouse (they are hidden on Snowflake, whose
 * account has its own Streamlit dashboard). */
const withLocal = <T>(ctx: Ctx, fn: (wh: LocalWarehouse) => Promise<T>) => withWarehouse(ctx, 'The dashboard and the chart preview / export', fn);

// The readers live in the heavy bundle (load-heavy.ts), loaded on first use, not at activation.
const dash = async () => heavy();

function liveStates(ctx: Ctx): Record<string, string> | undefined {
  return ctx.running && ctx.liveStates.size ? Object.fromEntries(ctx.liveStates) : undefined;
}

function behaviour(ctx: Ctx, kind: PanelKind): PanelBehaviour {
  switch (kind) {
    case 'runHistory': {
      // The newest 500 graph runs at first; the page asks for more ("Older runs") when needed,
      // and later refreshes keep the number it asked for.
      let limit = 500;
      const load = async () => ({ ...(await targetOps(ctx).runHistory(limit)), live: liveStates(ctx) });
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
            void targetOps(ctx).retryRun(graphRunGroupId).catch((e: unknown) =>
              void vscode.window.showErrorMessage(`Retail Pipeline: retry failed to start: ${e instanceof Error ? e.message : String(e)}`));
            return { started: true };
          },
          'history.openTraces': async ({ graphRunGroupId }) => {
            await showPanel(ctx, 'traces', { select: await targetOps(ctx).latestTraceOf(graphRunGroupId) });
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
      const list = () => targetOps(ctx).traces();
      return {
        initial: async () => [{ kind: 'push', topic: 'traces', traces: await list() }],
        requests: {
          'traces.list': async () => list(),
          'traces.get': async ({ traceId }) => targetOps(ctx).trace(traceId),
        },
      };
    }
    case 'dashboard': {
      const load = () => withLocal(ctx, async (wh) => (await dash()).loadDashboard(wh));
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
      const load = (chart: ChartId) => withLocal(ctx, async (wh) => (await dash()).loadChart(wh, chart));
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
  const result = await withLocal(ctx, (wh) => exportChart(wh, chart, { vegaBundle, sourceLabel: 'local warehouse', fileName: o.fileName }));
  const session = localSession(ctx, 'Export Chart to Stage');
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
  ctx.currentTarget(); // a folder must be open: explains itself otherwise
  let host = open.get(kind);
  if (host) host.panel.reveal(undefined, false);
  else {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], PANEL_TITLES[kind], vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: [mediaRoot(ctx)], retainContextWhenHidden: false,
    });
    host = attach(ctx, kind, panel);
  }
  if (kind === 'traces' && opts.select) {
    const traces = await targetOps(ctx).traces();
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
