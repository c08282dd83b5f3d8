// Restores panels that were open when the window reloaded. Registered at activation; the panel
// code (host, readers, the open-panel registry) lives in the commands bundle and is required
// when a panel is actually restored.
import * as vscode from 'vscode';
import type { PanelKind } from '../../shared/webview-protocol';
import type { Ctx } from '../ctx';
import { commandsBundle } from '../load-heavy';
import { VIEW_TYPES } from './host';

export function registerPanelSerializers(ctx: Ctx): void {
  for (const kind of Object.keys(VIEW_TYPES) as PanelKind[]) {
    ctx.pushExtCleanup(vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[kind], {
      deserializeWebviewPanel: async (panel) => commandsBundle().restorePanel(ctx, kind, panel),
    }));
  }
}
