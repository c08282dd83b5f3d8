// Commands on the Pipeline tree's own rows (merged into COMMANDS in commands.ts): reveal an
// Iceberg table's folder. Tree items pass their node; from the palette the command asks.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import { TABLES, TASKS } from '../core/manifest';
import type { CommandFactory } from './commands';
import { UserError } from './ctx';
import { heavy } from './load-heavy';
import type { Node } from './tree';
import { localSession } from './target-parts';

const ICEBERG_TABLES = TABLES.filter((t) => t.kind === 'iceberg');

async function pickIcebergTable(arg: unknown): Promise<string | undefined> {
  const node = arg && typeof arg === 'object' && 'kind' in arg ? (arg as Node) : undefined;
  if (node?.kind === 'table') return node.def.name;
  if (typeof arg === 'string') return arg;
  const picked = await vscode.window.showQuickPick(ICEBERG_TABLES.map((t) => ({ label: t.name, detail: t.description })),
    { title: 'Reveal Iceberg Folder', placeHolder: 'Iceberg table of the gold layer' });
  return picked?.label;
}

export const TREE_COMMANDS: Record<string, CommandFactory> = {
  'retailPipeline.revealIcebergFolder': (ctx) => async (arg) => {
    const name = await pickIcebergTable(arg);
    if (!name) return undefined;
    if (!ICEBERG_TABLES.some((t) => t.name === name)) throw new UserError(`${name} is not an Iceberg table.`);
    const session = localSession(ctx);
    const dir = heavy().icebergTableDir(session.workspace, name, dirname(session.warehouse.path));
    if (!existsSync(dir)) {
      const writer = TASKS.find((t) => t.writes.includes(name))?.name ?? 'the gold step';
      throw new UserError(`${name} has no Iceberg folder yet (${dir}): run ${writer} (or Run Pipeline) to create the table.`);
    }
    const uri = vscode.Uri.file(dir);
    // Inside the workspace the Explorer can show it (and works in a remote window too); outside,
    // the operating system's file manager.
    const rel = relative(session.workspace, dir);
    const inWorkspace = !!rel && !rel.startsWith('..') && !isAbsolute(rel);
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
    return dir;
  },
};
