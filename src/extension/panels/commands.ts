// The panel commands, merged into the extension's command table (commands.ts COMMANDS).
import type { CommandFactory } from '../commands';
import { exportChartToStage, showPanel } from './panels';
import * as vscode from 'vscode';

export const PANEL_COMMANDS: Record<string, CommandFactory> = {
  'retailPipeline.showRunHistory': (ctx) => async () => { await showPanel(ctx, 'runHistory'); },
  'retailPipeline.showTraces': (ctx) => async () => { await showPanel(ctx, 'traces'); },
  'retailPipeline.showDashboard': (ctx) => async () => { await showPanel(ctx, 'dashboard'); },
  'retailPipeline.previewChart': (ctx) => async () => { await showPanel(ctx, 'chartPreview'); },
  'retailPipeline.exportChart': (ctx) => async () => {
    const r = await exportChartToStage(ctx, 'top-preferences');
    void vscode.window.showInformationMessage(`Retail Pipeline: exported ${r.files.map((f) => f.name).join(', ')} to @${r.stage}.`);
    return r;
  },
};
