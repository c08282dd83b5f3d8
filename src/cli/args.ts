// Argument parsing for the CLI: node's parseArgs with the options each command declares, plus
// the options every command accepts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { task, type TaskDef } from '../core/manifest';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS: Options = {
  workspace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** A command line that cannot be used as given: main.ts prints the usage line and exits 2. */
export class UsageError extends Error {}

/** `--timeout -5` joined into `--timeout=-5`: parseArgs takes a value starting with a dash for
 *  another option ("argument is ambiguous"), but a negative number is a value, which the
 *  option's own check then refuses with a message that says what it expects. */
function joinNegativeNumbers(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

export function parse(argv: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const all = { ...GLOBAL_OPTIONS, ...options };
  try {
    const r = parseArgs({ args: joinNegativeNumbers(argv, all), options: all, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function intOption(values: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} expects a whole number >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** A task named on the command line (--only, --from, snowflake call): an unknown name is a
 *  usage error listing the tasks. */
export function taskArg(name: string, flag: string): TaskDef {
  try {
    return task(name.trim());
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}
