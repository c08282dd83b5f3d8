// "Preview Table": the first 200 rows of a warehouse table in a webview grid. The rows are
// rendered into the HTML once (escaped, see preview-html.ts); the page needs no messages back.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { table as tableDef } from '../core/manifest';
import { quoteIdent } from '../core/sql/identifiers';
import type { Ctx } from './ctx';
import { UserError } from './ctx';
import { previewHtml, type PreviewData } from './preview-html';

export const PREVIEW_LIMIT = 200;

export async function readPreview(ctx: Ctx, name: string): Promise<PreviewData> {
  const def = tableDef(name); // throws for a name outside the manifest: nothing else is queried
  const session = ctx.requireLocalSession();
  if (!session.access.exists()) throw new UserError(`${name} has not been built yet: run the pipeline first.`);
  return session.access.use(async (wh) => {
    const conn = await wh.connect();
    try {
      const cols = await wh.query<{ name: string; type: string }>(
        `select column_name as name, data_type as type from information_schema.columns
         where table_schema = 'main' and upper(table_name) = upper(?) order by ordinal_position`, [def.name], conn);
      if (!cols.length) throw new UserError(`${name} has not been built yet: run the pipeline first.`);
      const [{ n }] = await wh.query<{ n: number }>(`select count(*)::bigint as n from ${quoteIdent(def.name)}`, [], conn);
      const rows = await wh.query(`select * from ${quoteIdent(def.name)} limit ${PREVIEW_LIMIT}`, [], conn);
      return { table: def.name, columns: cols, rows, total: Number(n), limit: PREVIEW_LIMIT };
    } finally {
      conn.closeSync();
    }
  });
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
