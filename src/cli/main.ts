// `retail-pipeline`: the command-line face of src/core. Each command lives in its own file and
// is listed once in COMMANDS, loaded when it runs.
import { resolve } from 'node:path';
import { streamLogger, type Logger } from '../core/log';
import { redact } from '../core/secrets/redact';
import { TARGET_UNSUPPORTED } from '../core/targets/target';
import { UsageError } from './args';

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

/**
 * Every command, loaded only when it runs: the Snowflake commands pull in snowflake-sdk (and the
 * cloud SDKs under it), which would otherwise cost every command seconds of start-up.
 */
const COMMANDS: { name: string; does: string; load: () => Promise<Command> }[] = [
  { name: 'run', does: 'run the task graph (locally, or on Snowflake with --connection)', load: async () => (await import('./commands/run.js')).runCommand },
  { name: 'retry', does: 're-run the failed and skipped tasks of a graph run', load: async () => (await import('./commands/retry.js')).retryCommand },
  { name: 'schedule', does: "run the graph on the root task's cron schedule", load: async () => (await import('./commands/schedule.js')).scheduleCommand },
  { name: 'history', does: 'graph runs and task runs', load: async () => (await import('./commands/history.js')).historyCommand },
  { name: 'traces', does: 'spans and logs of a graph run (--otlp FILE to export)', load: async () => (await import('./commands/traces.js')).tracesCommand },
  { name: 'query', does: 'run SQL on the local warehouse', load: async () => (await import('./commands/query.js')).queryCommand },
  { name: 'validate', does: 'run the expectation suites', load: async () => (await import('./commands/validate.js')).validateCommand },
  { name: 'stage', does: 'put, list, get and remove files of the local stages', load: async () => (await import('./commands/stage.js')).stageCommand },
  { name: 'export-chart', does: 'write a standalone chart HTML to a stage', load: async () => (await import('./commands/export-chart.js')).exportChartCommand },
  { name: 'generate-data', does: 'write a deterministic sample data set', load: async () => (await import('./commands/generate-data.js')).generateDataCommand },
  { name: 'seed-mysql', does: 'create retail_db in MySQL and load the CSV files', load: async () => (await import('./commands/seed-mysql.js')).seedMysqlCommand },
  { name: 'deploy', does: 'the Snowflake deploy plan (--dry-run) or its execution', load: async () => (await import('./commands/deploy.js')).deployCommand },
  { name: 'diff', does: 'what a deploy would change on the Snowflake account', load: async () => (await import('./commands/diff.js')).diffCommand },
  { name: 'snowflake', does: 'operate the task graph on Snowflake', load: async () => (await import('./commands/snowflake.js')).snowflakeCommand },
  { name: 'load-mysql', does: 'load MySQL tables into bronze on Snowflake from this machine', load: async () => (await import('./commands/load-mysql.js')).loadMysqlCommand },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: retail-pipeline <command> [options]   (every command accepts --workspace DIR)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.does}`),
    '',
    "'retail-pipeline <command> --help' shows a command's options; run, retry, history, traces and",
    'validate take --connection NAME to act on the Snowflake deployment (as `snowflake <command>`).',
  ].join('\n') + '\n';
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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: retail-pipeline ${cmd.summary}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // What the chosen target cannot do at all (--from on Snowflake) is a usage error too; its
    // class may come from another bundle, so it is known by its code.
    const usageError = e instanceof UsageError || (e as { code?: unknown } | null)?.code === TARGET_UNSUPPORTED;
    process.stderr.write(`error: ${redact(msg)}\n`);
    if (usageError) process.stderr.write(`usage: retail-pipeline ${cmd.summary}\n`);
    if (process.env.RETAIL_LOG_LEVEL === 'debug' && e instanceof Error && e.stack) process.stderr.write(redact(e.stack) + '\n');
    return usageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`error: ${redact(String(e))}\n`); process.exitCode = 1; },
);
