// `retail-pipeline`: the command-line face of src/core. Each command lives in its own file and
// is listed once in COMMANDS.
import { resolve } from 'node:path';
import { streamLogger, type Logger } from '../core/log';
import { redact } from '../core/secrets/redact';
import { UsageError } from './args';
import { generateDataCommand } from './commands/generate-data';
import { queryCommand } from './commands/query';
import { historyCommand } from './commands/history';
import { retryCommand } from './commands/retry';
import { runCommand } from './commands/run';
import { deployCommand } from './commands/deploy';
import { scheduleCommand } from './commands/schedule';
import { tracesCommand } from './commands/traces';
import { stageCommand } from './commands/stage';
import { validateCommand } from './commands/validate';
import { seedMysqlCommand } from './commands/seed-mysql';
import { exportChartCommand } from './commands/export-chart';
import { snowflakeCommand } from './commands/snowflake';
import { diffCommand } from './commands/diff';
import { loadMysqlCommand } from './commands/load-mysql';

export interface CommandContext {
  out(text: string): void;
  logger: Logger;
  workspace(values: Record<string, unknown>): string;
}

export interface Command {
  name: string;
  summary: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

const COMMANDS: Command[] = [runCommand, queryCommand, stageCommand, deployCommand, seedMysqlCommand, generateDataCommand, validateCommand, retryCommand, scheduleCommand, historyCommand, tracesCommand, snowflakeCommand, diffCommand, loadMysqlCommand, exportChartCommand];

function usage(): string {
  return ['usage: retail-pipeline <command> [options]   (every command accepts --workspace DIR)', '', ...COMMANDS.map((c) => `  ${c.summary}`)].join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const ctx: CommandContext = {
    out: (t) => process.stdout.write(t),
    logger: streamLogger((l) => process.stderr.write(l), process.env.RETAIL_LOG_LEVEL === 'debug' ? 'DEBUG' : 'INFO'),
    workspace: (v) => resolve((v.workspace as string | undefined) ?? process.cwd()),
  };
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`unknown command "${name}"\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: retail-pipeline ${cmd.summary}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${redact(msg)}\n`);
    if (e instanceof UsageError) process.stderr.write(`usage: retail-pipeline ${cmd.summary}\n`);
    if (process.env.RETAIL_LOG_LEVEL === 'debug' && e instanceof Error && e.stack) process.stderr.write(redact(e.stack) + '\n');
    return e instanceof UsageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`error: ${redact(String(e))}\n`); process.exitCode = 1; },
);
