// The "Pipeline" tree: Target → Sources → Stages → Bronze/Silver/Gold/Analytics → Tasks. Names,
// layers, columns and the DAG come from the manifest; row counts, last-updated times and last
// run states from one snapshot of the warehouse, read while it is briefly open and cached until
// the next refresh; stage files from the stage folders.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { LOAD_TASKS, TASKS, tablesOfLayer, type ColumnDef, type Layer, type TableDef, type TaskDef } from '../core/manifest';
import type { Ctx } from './ctx';
import { errorText } from './log';
import { heavy, registerSecretEverywhere } from './load-heavy';
import { mysqlPassword, readMysqlUrl } from './secrets';
import { formatAgo } from './relative-time';
import { EMPTY_SNAPSHOT, type WarehouseSnapshot } from './snapshot';
import { stepSqlFiles } from './step-sql';
import { targetReads } from './target-reads';
import { treeChildren } from './task-tree';
import { formatDuration } from '../shared/duration';
import { peekLocalSession } from './target-parts';
import { CachedTree, messageItem } from './cached-tree';

const LAYERS: { layer: Layer; label: string }[] = [
  { layer: 'BRONZE', label: 'Bronze' }, { layer: 'SILVER', label: 'Silver' },
  { layer: 'GOLD', label: 'Gold' }, { layer: 'ANALYTICS', label: 'Analytics' },
];

export type Node =
  | { kind: 'target' }
  | { kind: 'sources' }
  | { kind: 'stages' }
  | { kind: 'stage'; stage: string; files: number; bytes: number }
  | { kind: 'layer'; layer: Layer; label: string }
  | { kind: 'tasks' }
  | { kind: 'file'; path: string; rel: string; size: number; stage?: string }
  | { kind: 'mysql-table'; name: string; rows?: number; error?: string }
  | { kind: 'table'; def: TableDef }
  | { kind: 'column'; table: string; col: ColumnDef }
  | { kind: 'task'; def: TaskDef }
  | { kind: 'message'; text: string; tooltip?: string };

interface Loaded {
  readonly snapshot: WarehouseSnapshot;
  readonly error?: string;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}


function listFiles(dir: string, root = dir): { path: string; rel: string; size: number }[] {
  const out: { path: string; rel: string; size: number }[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listFiles(p, root));
    else out.push({ path: p, rel: relative(root, p), size: st.size });
  }
  return out;
}

const STATE_ICONS: Record<string, [string, string?]> = {
  SUCCEEDED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  CANCELLED: ['circle-slash', 'testing.iconSkipped'],
  SKIPPED: ['debug-step-over', 'testing.iconSkipped'],
  EXECUTING: ['sync~spin'],
  SCHEDULED: ['watch'],
};

export class PipelineTree extends CachedTree<Node, Loaded> {
  /** The last snapshot read: kept while the warehouse is busy (a CLI run holds it). */
  private lastGood: WarehouseSnapshot = EMPTY_SNAPSHOT;
  /** The target (label) lastGood was read from. */
  private lastGoodOf?: string;

  protected async read(): Promise<Loaded> {
    // A snapshot of another target is not shown in place of this one's.
    const key = this.ctx.targetLabel;
    if (this.lastGoodOf !== key) this.lastGood = EMPTY_SNAPSHOT;
    this.lastGoodOf = key;
    try {
      return { snapshot: (this.lastGood = (await targetReads(this.ctx).snapshot()) ?? EMPTY_SNAPSHOT) };
    } catch (e) {
      // Busy (another process writes the warehouse) or the account unreachable: what was
      // last read, with the reason.
      this.ctx.log.warn(`reading ${key} for the tree: ${errorText(e)}`);
      return { snapshot: this.lastGood, error: errorText(e) };
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    // No folder: no children, so the view shows its welcome content instead.
    if (!node) return this.ctx.workspace ? [{ kind: 'target' }, { kind: 'sources' }, { kind: 'stages' }, ...LAYERS.map((l) => ({ kind: 'layer' as const, ...l })), { kind: 'tasks' }] : [];
    switch (node.kind) {
      case 'sources': return this.sources();
      case 'stages': return this.stages();
      case 'stage': return this.stageFiles(node.stage);
      case 'layer': {
        const { error } = await this.load();
        const tables: Node[] = tablesOfLayer(node.layer).map((def) => ({ kind: 'table', def }));
        return error ? [{ kind: 'message', text: 'warehouse unavailable', tooltip: error }, ...tables] : tables;
      }
      case 'table': return node.def.columns.map((col) => ({ kind: 'column', table: node.def.name, col }));
      case 'tasks': return treeChildren(undefined).map((def) => ({ kind: 'task', def }));
      case 'task': return treeChildren(node.def.name).map((def) => ({ kind: 'task', def }));
      default: return [];
    }
  }

  private async sources(): Promise<Node[]> {
    const ws = this.ctx.workspace;
    if (!ws) return [{ kind: 'message', text: 'no folder open' }];
    const dataDir = this.ctx.config.dataDir(ws);
    const out: Node[] = [];
    if (!existsSync(dataDir)) {
      out.push({ kind: 'message', text: `no data folder (${this.ctx.config.dataFolder})`, tooltip: 'Run "Retail Pipeline: Generate Sample Data" or set retailPipeline.dataFolder' });
    } else {
      out.push(...listFiles(dataDir).map((f) => ({ kind: 'file' as const, ...f })));
    }
    const url = await readMysqlUrl(this.ctx.ext.secrets);
    if (url) out.push(...(await mysqlTables(url)));
    return out;
  }

  /** The local stages (SOURCE_FILES, CODEFILES) with what they hold: chart exports land here. */
  private stages(): Node[] {
    const session = peekLocalSession(this.ctx);
    if (!session) {
      return [this.ctx.workspace
        ? { kind: 'message', text: 'local target only', tooltip: 'These are the local stages; on Snowflake, LIST @SOURCE_FILES shows the account\'s.' }
        : { kind: 'message', text: 'no folder open' }];
    }
    const { LocalStage, STAGES } = heavy();
    const stateFolder = dirname(session.warehouse.path);
    return STAGES.map((stage) => {
      const files = new LocalStage(session.workspace, stage, stateFolder).list();
      return { kind: 'stage', stage, files: files.length, bytes: files.reduce((a, f) => a + f.size, 0) };
    });
  }

  private stageFiles(stageName: string): Node[] {
    const session = peekLocalSession(this.ctx);
    if (!session) return [];
    const { LocalStage } = heavy();
    const stage = new LocalStage(session.workspace, stageName, dirname(session.warehouse.path));
    return stage.list().map((f) => ({ kind: 'file', path: stage.resolve(f.name), rel: f.name, size: f.size, stage: stageName }));
  }

  async getTreeItem(node: Node): Promise<vscode.TreeItem> {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'target': {
        const item = new vscode.TreeItem(`Target: ${this.ctx.targetLabel}`, C.None);
        const row = targetReads(this.ctx).describe();
        item.iconPath = new vscode.ThemeIcon(row.icon);
        item.description = row.description;
        item.tooltip = `${row.tooltip} Click to switch target.`;
        item.command = { command: 'retailPipeline.selectTarget', title: 'Select Target' };
        item.contextValue = 'target';
        return item;
      }
      case 'sources': {
        const item = new vscode.TreeItem('Sources', C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('files');
        item.contextValue = 'sources';
        return item;
      }
      case 'stages': {
        const item = new vscode.TreeItem('Stages', C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('archive');
        item.tooltip = 'Local stages (folders in the state folder, like Snowflake internal stages): chart exports go to @SOURCE_FILES.';
        item.contextValue = 'stages';
        item.id = 'stages';
        return item;
      }
      case 'stage': {
        const item = new vscode.TreeItem(`@${node.stage}`, node.files ? C.Collapsed : C.None);
        item.description = node.files ? `${node.files} file${node.files === 1 ? '' : 's'} · ${formatBytes(node.bytes)}` : 'empty';
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = 'stage';
        item.id = `stage:${node.stage}`;
        return item;
      }
      case 'layer': {
        const item = new vscode.TreeItem(node.label, C.Collapsed);
        const { snapshot } = await this.load();
        const tables = tablesOfLayer(node.layer);
        const built = tables.filter((t) => snapshot.rowCounts.has(t.name)).length;
        item.description = `${built}/${tables.length} tables`;
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'layer';
        item.id = `layer:${node.layer}`;
        return item;
      }
      case 'tasks': {
        const item = new vscode.TreeItem('Tasks', C.Expanded);
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.description = `${TASKS.length} tasks`;
        item.contextValue = 'tasks';
        item.id = 'tasks';
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.rel, C.None);
        item.description = formatBytes(node.size);
        item.resourceUri = vscode.Uri.file(node.path);
        item.iconPath = vscode.ThemeIcon.File;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.path)] };
        item.contextValue = node.stage ? 'stageFile' : 'sourceFile';
        if (node.stage) item.tooltip = `@${node.stage}/${node.rel}`;
        return item;
      }
      case 'mysql-table': {
        const item = new vscode.TreeItem(`mysql: ${node.name}`, C.None);
        item.description = node.error ? 'unavailable' : node.rows === undefined ? '' : `${formatCount(node.rows)} rows`;
        item.tooltip = node.error;
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'mysqlTable';
        return item;
      }
      case 'table': {
        const { snapshot } = await this.load();
        const rows = snapshot.rowCounts.get(node.def.name);
        const updated = snapshot.lastUpdated.get(node.def.name);
        const item = new vscode.TreeItem(node.def.name, C.Collapsed);
        item.id = `table:${node.def.name}`;
        const iceberg = node.def.kind === 'iceberg';
        item.description = [rows === undefined ? 'not built' : `${formatCount(rows)} rows`, updated ? formatAgo(updated) : '', iceberg ? 'Iceberg' : '']
          .filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(`**${node.def.name}**${iceberg ? ' (Iceberg)' : ''}\n\n${node.def.description}`
          + (updated ? `\n\nlast updated: ${updated}` : ''));
        item.iconPath = new vscode.ThemeIcon(iceberg ? 'database' : 'table');
        item.contextValue = `table${rows === undefined ? '' : '.present'}${iceberg ? '.iceberg' : ''}`;
        return item;
      }
      case 'column': {
        const item = new vscode.TreeItem(node.col.name, C.None);
        item.description = `${node.col.type}${node.col.nullable === false ? ' NOT NULL' : ''}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.contextValue = 'column';
        return item;
      }
      case 'task': {
        const { snapshot } = await this.load();
        const t = node.def;
        const live = this.ctx.liveStates.get(t.name);
        const last = snapshot.lastRuns.get(t.name);
        const state = live ?? last?.state;
        const item = new vscode.TreeItem(t.name, treeChildren(t.name).length ? C.Expanded : C.None);
        item.id = `task:${t.name}`;
        const parts = [state ?? 'never run'];
        if (!live && last?.durationMs !== undefined) parts.push(formatDuration(last.durationMs));
        item.description = parts.join(' · ');
        const [icon, color] = state ? STATE_ICONS[state] ?? ['circle-outline'] : ['circle-outline'];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${t.name}** (${t.kind})\n\n${t.description}\n\n`);
        if (t.after.length) md.appendMarkdown(`after: ${t.after.join(', ')}\n\n`);
        if (t.procedure) md.appendMarkdown(`Snowflake procedure: \`${t.procedure}\`\n\n`);
        if (last?.completedAt) md.appendMarkdown(`last run: ${last.state} at ${last.completedAt}\n\n`);
        if (last?.errorMessage) md.appendCodeblock(last.errorMessage, 'text');
        item.tooltip = md;
        item.contextValue = `task${t.kind === 'root' ? '.root' : ''}${stepSqlFiles(t.name).length ? '.sql' : ''}`;
        return item;
      }
      case 'message':
        return messageItem(node.text, node.tooltip);
    }
  }
}

/** Row counts of the source tables in MySQL (when a connection is configured). */
async function mysqlTables(url: string): Promise<Node[]> {
  const names = LOAD_TASKS.flatMap((t) => (t.source?.kind === 'mysql' ? [t.source.table] : []));
  const m = heavy();
  registerSecretEverywhere(mysqlPassword(url));
  let conn: Awaited<ReturnType<typeof m.openConnection>> | undefined;
  try {
    const target = m.parseMysqlUrl(url);
    conn = await m.openConnection(target);
    const out: Node[] = [];
    for (const name of names) {
      try {
        const [r] = await m.mysqlQuery<{ n: number }>(conn, `select count(*) as n from ${m.mysqlIdent(name)}`);
        out.push({ kind: 'mysql-table', name, rows: Number(r.n) });
      } catch (e) {
        out.push({ kind: 'mysql-table', name, error: errorText(e) });
      }
    }
    return out;
  } catch (e) {
    return [{ kind: 'message', text: 'MySQL unavailable', tooltip: errorText(e) }];
  } finally {
    if (conn) await m.closeConnection(conn).catch(() => undefined);
  }
}
