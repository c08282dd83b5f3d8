// Every command of the extension, one factory per id (the ids are also listed in package.json's
// contributes.commands and command-ids.ts: register-commands.ts registers them at activation and
// loads this table, built into dist/extension-commands.js, on the first invocation). Tree items
// pass their node as the first argument; from the palette the command asks with a quick pick
// instead.
import { existsSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { downstreamOf, task, TASKS, TABLES, topologicalOrder, type TaskDef } from '../core/manifest';
import { Ctx, UserError } from './ctx';
import { errorText } from './log';
import { showPreview } from './preview';
import { runGraph } from './run';
import { heavy, registerSecretEverywhere } from './load-heavy';
import { describeMysqlUrl, mysqlPassword, readMysqlUrl, storeMysqlUrl, validateMysqlUrl, withPassword, MYSQL_URL_KEY } from './secrets';
import { stepSqlFiles } from './step-sql';
import { PANEL_COMMANDS } from './panels/commands';
import { TREE_COMMANDS } from './tree-commands';
import { SNOWFLAKE_COMMANDS } from './snowflake-commands';
import { targetOps } from './target-ops';
import type { Node } from './tree';

type Handler = (...args: unknown[]) => unknown;
export type CommandFactory = (ctx: Ctx) => Handler;

const asNode = (arg: unknown): Node | undefined =>
  arg && typeof arg === 'object' && 'kind' in arg ? (arg as Node) : undefined;

async function pickTask(title: string, arg: unknown, filter: (t: TaskDef) => boolean = () => true): Promise<TaskDef | undefined> {
  const node = asNode(arg);
  if (node?.kind === 'task') return node.def;
  if (typeof arg === 'string') return task(arg);
  const picked = await vscode.window.showQuickPick(
    topologicalOrder(TASKS).filter(filter).map((t) => ({ label: t.name, description: t.kind, detail: t.description, t })),
    { title, placeHolder: 'Task of the pipeline graph' });
  return picked?.t;
}

async function pickTable(arg: unknown): Promise<string | undefined> {
  const node = asNode(arg);
  if (node?.kind === 'table') return node.def.name;
  if (typeof arg === 'string') return arg;
  const picked = await vscode.window.showQuickPick(
    TABLES.filter((t) => ['BRONZE', 'SILVER', 'GOLD', 'ANALYTICS'].includes(t.layer))
      .map((t) => ({ label: t.name, description: `${t.layer}${t.kind === 'iceberg' ? ' · Iceberg' : ''}`, detail: t.description })),
    { title: 'Preview Table', placeHolder: 'Table to preview (first 200 rows)' });
  return picked?.label;
}

function nameOf(arg: unknown): string | undefined {
  const node = asNode(arg);
  switch (node?.kind) {
    case 'table': return node.def.name;
    case 'task': return node.def.name;
    case 'column': return node.col.name;
    case 'mysql-table': return node.name;
    case 'file': return node.rel;
    default: return undefined;
  }
}

export const COMMANDS: Record<string, CommandFactory> = {
  // Run History, Traces, Dashboard, Chart Preview / Export (src/extension/panels).
  ...PANEL_COMMANDS,
  // Tree row commands: Reveal Iceberg Folder (tree-commands.ts).
  ...TREE_COMMANDS,
  // Select Target, connections, deploy and task graph commands (snowflake-commands.ts).
  ...SNOWFLAKE_COMMANDS,
  // Run, retry, validate: on the current target, whichever it is (target-ops.ts).
  'retailPipeline.runPipeline': (ctx) => () => targetOps(ctx).runGraph(),
  'retailPipeline.validateData': (ctx) => () => targetOps(ctx).validate(),
  'retailPipeline.retryFailedTasks': (ctx) => () => targetOps(ctx).retryLast(),

  'retailPipeline.runTask': (ctx) => async (arg) => {
    const t = await pickTask('Run Task', arg, (x) => x.kind !== 'root');
    if (!t) return undefined;
    return targetOps(ctx).runTask(t);
  },

  'retailPipeline.runFromTask': (ctx) => async (arg) => {
    const t = await pickTask('Run From Task', arg);
    if (t) return runGraph(ctx, { title: `Run From ${t.name}`, tasks: topologicalOrder(downstreamOf(t.name).map(task)) });
  },

  'retailPipeline.previewTable': (ctx) => async (arg) => {
    const name = await pickTable(arg);
    if (name) await showPreview(ctx, name);
  },

  'retailPipeline.refresh': (ctx) => async () => {
    // On Snowflake, Refresh is what connects the tree to the account (drawing it never logs in).
    await targetOps(ctx).connect();
    ctx.fireChanged();
  },

  'retailPipeline.generateSampleData': (ctx) => async () => {
    const ws = ctx.currentTarget().workspace;
    const out = ctx.config.dataDir(ws);
    const scaleText = await vscode.window.showInputBox({
      title: 'Generate Sample Data', prompt: `Scale (1 = the size of sample_data/). Files go to ${out}.`, value: '1',
      validateInput: (v) => (/^[1-9]\d{0,3}$/.test(v.trim()) ? undefined : 'A whole number from 1 to 9999'),
    });
    if (!scaleText) return;
    if (existsSync(out) && readdirSync(out).length) {
      const ok = await vscode.window.showWarningMessage(`${out} is not empty: overwrite its data files?`, { modal: true }, 'Overwrite');
      if (ok !== 'Overwrite') return;
    }
    const { generateData } = heavy();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Retail Pipeline: generating sample data' }, async (progress) => {
      const r = await generateData({ out, scale: Number(scaleText), onFile: (f) => { progress.report({ message: f.file }); ctx.log.info(`wrote ${f.file}: ${f.rows} records, ${f.bytes} bytes`); } });
      void vscode.window.showInformationMessage(`Retail Pipeline: generated ${r.files.length} files in ${out}.`);
    });
    ctx.fireChanged();
  },

  'retailPipeline.seedMysql': (ctx) => async () => {
    const ws = ctx.currentTarget().workspace;
    let url = await readMysqlUrl(ctx.ext.secrets);
    if (!url) {
      const pick = await vscode.window.showInformationMessage('Retail Pipeline: no MySQL connection is set.', 'Set MySQL Connection');
      if (pick !== 'Set MySQL Connection') return;
      await vscode.commands.executeCommand('retailPipeline.setMysqlConnection');
      url = await readMysqlUrl(ctx.ext.secrets);
      if (!url) return;
    }
    const dataDir = ctx.config.dataDir(ws);
    const { seedMysql } = heavy();
    registerSecretEverywhere(mysqlPassword(url));
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: seeding ${describeMysqlUrl(url)}`, cancellable: true }, async (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort(new Error('cancelled in VS Code')));
      const results = await seedMysql(url!, dataDir, { log: ctx.logger, signal: ac.signal });
      const inserted = results.reduce((a, r) => a + r.inserted, 0);
      const skipped = results.reduce((a, r) => a + r.skipped, 0);
      void vscode.window.showInformationMessage(`Retail Pipeline: MySQL seeded: ${inserted} rows in ${results.length} tables${skipped ? `, ${skipped} skipped (see log)` : ''}.`);
    });
    ctx.fireChanged();
  },

  'retailPipeline.setMysqlConnection': (ctx) => async () => {
    const { DEFAULT_MYSQL_URL } = heavy();
    const current = await readMysqlUrl(ctx.ext.secrets);
    const url = await vscode.window.showInputBox({
      title: 'MySQL Connection (1/2)', prompt: 'URL without the password; it is stored in VS Code\'s secret storage, not in settings',
      value: current ? describeMysqlUrl(current).replace(/:\*\*\*\*@/, '@') : DEFAULT_MYSQL_URL, validateInput: validateMysqlUrl, ignoreFocusOut: true,
    });
    if (url === undefined) return;
    const password = await vscode.window.showInputBox({
      title: 'MySQL Connection (2/2)', prompt: 'Password (leave empty for none)', password: true, ignoreFocusOut: true,
    });
    if (password === undefined) return;
    const full = withPassword(url, password);
    await storeMysqlUrl(ctx.ext.secrets, full);
    ctx.log.info(`MySQL connection saved: ${describeMysqlUrl(full)}`);
    ctx.fireChanged();
  },

  'retailPipeline.clearMysqlConnection': (ctx) => async () => {
    await ctx.ext.secrets.delete(MYSQL_URL_KEY);
    ctx.log.info('MySQL connection removed; loads read the CSV files of the data folder');
    ctx.fireChanged();
  },

  'retailPipeline.showLog': (ctx) => () => ctx.log.show(true),

  'retailPipeline.copyName': () => async (arg) => {
    const name = nameOf(arg);
    if (name) await vscode.env.clipboard.writeText(name);
  },

  'retailPipeline.openStepSql': () => async (arg) => {
    const t = await pickTask('Open Step SQL', arg, (x) => stepSqlFiles(x.name).length > 0);
    if (!t) return;
    const files = stepSqlFiles(t.name);
    if (!files.length) throw new UserError(`${t.name} has no step SQL (it is a ${t.kind} task).`);
    const file = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(
      files.map((f) => ({ label: f.split(/[\\/]/).pop()!, f })), { title: `Step SQL of ${t.name}` }))?.f;
    if (file) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  },
};
