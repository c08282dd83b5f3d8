// "Preview Table": the first 200 rows of a warehouse table in a webview grid. The rows are
// rendered into the HTML once (escaped, see preview-html.ts); the page needs no messages back.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { table as tableDef } from '../core/manifest';
import type { Ctx } from './ctx';
import { UserError } from './ctx';
import { heavy } from './load-heavy';
import { localSession } from './target-parts';
import { previewHtml, type PreviewData } from './preview-html';

export { PREVIEW_LIMIT } from '../core/targets/local/preview-read';

export async function readPreview(ctx: Ctx, name: string): Promise<PreviewData> {
  tableDef(name); // throws for a name outside the manifest: nothing else is queried
  const session = localSession(ctx);
  const notBuilt = () => new UserError(`${name} has not been built yet: run the pipeline first.`);
  if (!session.warehouse.exists()) throw notBuilt();
  const data = await session.warehouse.use((wh) => heavy().LOCAL_DRIVER.readTablePreview(wh, name));
  if (!data) throw notBuilt();
  return data;
}

export async function showPreview(ctx: Ctx, name: string): Promise<void> {
  const data = await readPreview(ctx, name);
  const media = vscode.Uri.joinPath(ctx.ext.extensionUri, 'media');
  const panel = vscode.window.createWebviewPanel('retailPipeline.preview', `Preview: ${data.table}`, vscode.ViewColumn.Active, {
    enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false,
  });
  panel.iconPath = vscode.Uri.joinPath(media, 'retail.svg');
  panel.webview.html = previewHtml(data, {
    cspSource: panel.webview.cspSource,
    nonce: randomUUID().replace(/-/g, ''),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
  });
  ctx.log.info(`preview ${data.table}: ${data.rows.length} of ${data.total} rows`);
}
