// The "Quality" view: one row per expectation suite (sql/quality/*.json) with the verdict of its
// last validation in GE_VALIDATION_RESULTS; expand a suite for its failed expectations and,
// folded under "Passed", the ones that held. The suites and results are read on first
// getChildren (VS Code asks only once the view is expanded; it starts collapsed), through the
// heavy bundle, so activation loads no DuckDB. What it shows is built in quality-snapshot.ts.
// On Snowflake it reads the account's GE_VALIDATION_RESULTS once the session is connected.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { errorText } from './log';
import { heavy } from './load-heavy';
import { targetReads } from './target-reads';
import { CachedTree, messageItem } from './cached-tree';
import {
  expectationDetail, kwargLines, shortValue, suiteDescription, suiteState, type ExpectationView, type SuiteState, type SuiteView,
} from './quality-snapshot';

export const QUALITY_VIEW = 'retailPipeline.quality';

type QNode =
  | { kind: 'suite'; s: SuiteView; file?: string }
  | { kind: 'expectation'; suite: string; index: number; e: ExpectationView }
  | { kind: 'passed'; suite: string; items: { index: number; e: ExpectationView }[] }
  | { kind: 'line'; id: string; text: string; tooltip?: string }
  | { kind: 'message'; text: string; tooltip?: string };

const ICONS: Record<SuiteState, [string, string?]> = {
  passed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  error: ['warning', 'testing.iconErrored'],
  never: ['circle-outline'],
};

export class QualityTree extends CachedTree<QNode, QNode[]> {
  constructor(ctx: Ctx) {
    // A run fires many changes; the results only change when it (or a validation) has ended.
    super(ctx, () => !ctx.running);
  }

  protected async read(): Promise<QNode[]> {
    try {
      return await this.readSuites();
    } catch (e) {
      this.ctx.log.warn(`reading the validation results: ${errorText(e)}`);
      return [{ kind: 'message', text: 'validation results unavailable', tooltip: errorText(e) }];
    }
  }

  private async readSuites(): Promise<QNode[]> {
    const ws = this.ctx.workspace;
    if (!ws) return [];
    const h = heavy();
    const suites = h.loadSuites(h.defaultSuitesDir(ws));
    const files = new Map(suites.map((s) => [s.name, s.file]));
    const views = await targetReads(this.ctx).quality(suites);
    if ('notYet' in views) return [{ kind: 'message', text: views.notYet, tooltip: views.tooltip }];
    return views.map((s) => ({ kind: 'suite', s, file: files.get(s.name) }));
  }

  async getChildren(node?: QNode): Promise<QNode[]> {
    if (!node) return this.load();
    if (node.kind === 'suite') return suiteChildren(node.s);
    if (node.kind === 'passed') return node.items.map(({ index, e }) => ({ kind: 'expectation', suite: node.suite, index, e }));
    if (node.kind === 'expectation') return expectationLines(node);
    return [];
  }

  getTreeItem(node: QNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'suite': {
        const { s } = node;
        const state = suiteState(s);
        const hasChildren = !!s.last && (s.last.expectations.length > 0 || !!s.last.error);
        const item = new vscode.TreeItem(s.name, hasChildren ? C.Collapsed : C.None);
        item.id = `suite:${s.name}`;
        item.description = suiteDescription(s);
        const [icon, color] = ICONS[state];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.contextValue = `qualitySuite.${state}`;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${escapeMd(s.name)}** — ${state}\n\n`);
        if (s.last?.table) md.appendMarkdown(`table: \`${escapeMd(s.last.table)}\`\n\n`);
        if (s.last) md.appendMarkdown(`last run: ${escapeMd(s.last.runName)} at ${escapeMd(`${s.last.validatedAt} ${s.last.zone}`.trim())}\n\n`);
        if (s.last?.error) md.appendCodeblock(s.last.error, 'text');
        if (node.file) md.appendMarkdown(`suite: ${escapeMd(vscode.workspace.asRelativePath(node.file))}`);
        item.tooltip = md;
        return item;
      }
      case 'expectation': {
        const { e } = node;
        const lines = kwargLines(e);
        const item = new vscode.TreeItem(e.type, lines.length || e.sample.length || e.error ? C.Collapsed : C.None);
        item.id = `expectation:${node.suite}:${node.index}`;
        item.description = [e.column, expectationDetail(e)].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(e.success ? 'check' : 'close', new vscode.ThemeColor(e.success ? 'testing.iconPassed' : 'testing.iconFailed'));
        item.contextValue = `qualityExpectation.${e.success ? 'passed' : 'failed'}`;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${escapeMd(e.type)}**${e.column ? ` on \`${escapeMd(e.column)}\`` : ''}: ${e.success ? 'passed' : 'failed'}\n\n`);
        md.appendCodeblock(JSON.stringify(e.kwargs, null, 2), 'json');
        item.tooltip = md;
        return item;
      }
      case 'passed': {
        const item = new vscode.TreeItem(`Passed (${node.items.length})`, C.Collapsed);
        item.id = `passed:${node.suite}`;
        item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        item.contextValue = 'qualityPassed';
        return item;
      }
      case 'line': {
        const item = new vscode.TreeItem(node.text, C.None);
        item.id = node.id;
        item.tooltip = node.tooltip ?? node.text;
        item.contextValue = 'qualityDetail';
        return item;
      }
      case 'message':
        return messageItem(node.text, node.tooltip);
    }
  }
}

/** Failed expectations first (in suite order), then the passed ones folded under one row. */
function suiteChildren(s: SuiteView): QNode[] {
  if (!s.last) return [];
  if (s.last.error) return [{ kind: 'message', text: shortValue(s.last.error, 100), tooltip: s.last.error }];
  const all = s.last.expectations.map((e, index) => ({ index, e }));
  const failed: QNode[] = all.filter((x) => !x.e.success).map(({ index, e }) => ({ kind: 'expectation', suite: s.name, index, e }));
  const passed = all.filter((x) => x.e.success);
  return passed.length ? [...failed, { kind: 'passed', suite: s.name, items: passed }] : failed;
}

/** An expectation's kwargs, one per row, and the unexpected values it saw. */
function expectationLines(n: { suite: string; index: number; e: ExpectationView }): QNode[] {
  const id = (k: string) => `detail:${n.suite}:${n.index}:${k}`;
  const out: QNode[] = kwargLines(n.e).map((text, i) => ({ kind: 'line', id: id(`kw${i}`), text }));
  if (n.e.sample.length) out.push({ kind: 'line', id: id('sample'), text: `unexpected values: ${shortValue(n.e.sample, 120)}`, tooltip: JSON.stringify(n.e.sample, null, 2) });
  if (n.e.error) out.push({ kind: 'line', id: id('error'), text: shortValue(n.e.error, 120), tooltip: n.e.error });
  return out;
}

/** Suite, table and column names come from files and the warehouse: keep Markdown out of them. */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** Creates the view (its provider loads nothing until VS Code asks for the rows). */
export function registerQualityView(ctx: Ctx): QualityTree {
  const tree = new QualityTree(ctx);
  ctx.pushExtCleanup(tree, vscode.window.createTreeView(QUALITY_VIEW, { treeDataProvider: tree, showCollapseAll: true }));
  return tree;
}
