// Registers every command id at activation with a thin handler; the implementation (the command
// table of commands.ts, in dist/extension-commands.js) is required on the first invocation, so
// activation neither parses nor runs it. A failure is logged and shown with a "Show Log" action.
import * as vscode from 'vscode';
import { COMMAND_IDS } from './command-ids';
import { isUserError, type Ctx } from './ctx';
import { commandsBundle } from './load-heavy';
import { errorText } from './log';

type Handler = (...args: unknown[]) => unknown;

export function registerCommands(ctx: Ctx): void {
  const handlers = new Map<string, Handler>();
  const handlerOf = (id: string): Handler => {
    let handler = handlers.get(id);
    if (!handler) {
      const factory = commandsBundle().COMMANDS[id];
      if (!factory) throw new Error(`no implementation for the command ${id}`);
      handlers.set(id, (handler = factory(ctx)));
    }
    return handler;
  };
  for (const id of COMMAND_IDS) {
    ctx.pushExtCleanup(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handlerOf(id)(...args);
      } catch (e) {
        const message = errorText(e);
        ctx.log.error(`${id}: ${message}`);
        if (isUserError(e)) void vscode.window.showErrorMessage(`Retail Pipeline: ${message}`);
        else {
          void vscode.window.showErrorMessage(`Retail Pipeline: ${message}`, 'Show Log').then((pick) => {
            if (pick) ctx.log.show(true);
          });
        }
        return undefined;
      }
    }));
  }
}
