// The panel commands, merged into the extension's command table (commands.ts COMMANDS).
import type { CommandFactory } from '../commands';
import { exportChartToStage, showPanel } from './panels';
import * as vscode from 'vscode';
import { DEFAULT_EXPORT_FILE, exportFileNameProblem } from '../../core/dashboard/export-name';

/** The exported HTML's name: an argument (from another extension or a test) or the input box,
 * checked with the same rules as the CLI's --file and the dashboard's export box. */
async function askFileName(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  return vscode.window.showInputBox({
    title: 'Export Chart to Stage',
    prompt: 'File name of the exported chart in @SOURCE_FILES (the CSV is written beside it as customer_preference_counts.csv)',
    value: DEFAULT_EXPORT_FILE,
    valueSelection: [0, DEFAULT_EXPORT_FILE.length - '.html'.length],
    ignoreFocusOut: true,
    validateInput: (v) => exportFileNameProblem(v),
  });
}

export const PANEL_COMMANDS: Record<string, CommandFactory> = {
  'retailPipeline.showRunHistory': (ctx) => async () => { await showPanel(ctx, 'runHistory'); },
  'retailPipeline.showTraces': (ctx) => async () => { await showPanel(ctx, 'traces'); },
  'retailPipeline.showDashboard': (ctx) => async () => { await showPanel(ctx, 'dashboard'); },
  'retailPipeline.previewChart': (ctx) => async () => { await showPanel(ctx, 'chartPreview'); },
  'retailPipeline.exportChart': (ctx) => async (arg?: unknown) => {
    const fileName = await askFileName(arg);
    if (fileName === undefined) return undefined; // the input box was dismissed
    const r = await exportChartToStage(ctx, 'top-preferences', { fileName });
    void vscode.window.showInformationMessage(`Retail Pipeline: exported ${r.files.map((f) => f.name).join(', ')} to @${r.stage}.`);
    return r;
  },
};
