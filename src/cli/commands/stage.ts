import { LocalStage } from '../../core/stage/local-stage';
import { parse, UsageError } from '../args';
import { formatRows, type Format } from '../format';
import type { CommandContext } from '../main';

const USAGE = 'stage put FILE [@STAGE[/NAME]] | list [@STAGE] | get @STAGE/NAME [DIR] | remove @STAGE/NAME | create @STAGE  [--format table|json]  local stages (SOURCE_FILES, CODEFILES, and those made with create)';

/** "@SOURCE_FILES/x/y.json" -> ["SOURCE_FILES", "x/y.json"] */
function stageRef(ref: string | undefined, fallbackStage = 'SOURCE_FILES'): [string, string] {
  if (!ref) return [fallbackStage, ''];
  if (!ref.startsWith('@')) throw new UsageError(`expected a stage reference like @SOURCE_FILES/name, got ${ref}`);
  const [stage, ...rest] = ref.slice(1).split('/');
  return [stage, rest.join('/')];
}

export const stageCommand = {
  name: 'stage',
  summary: USAGE,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parse(argv, { format: { type: 'string', short: 'f' } });
    const [verb, a, b] = positionals;
    const ws = ctx.workspace(values);
    const format = (values.format ?? 'table') as Format;
    switch (verb) {
      case 'put': {
        if (!a) throw new UsageError('stage put expects a local FILE');
        const [stage, name] = stageRef(b);
        const f = new LocalStage(ws, stage).put(a, name || undefined);
        ctx.out(formatRows([{ name: `@${stage}/${f.name}`, size: f.size }], format));
        return 0;
      }
      case 'list': {
        const [stage, prefix] = stageRef(a);
        const rows = new LocalStage(ws, stage).list(prefix).map((f) => ({ name: `@${stage}/${f.name}`, size: f.size, last_modified: f.lastModified.toISOString() }));
        ctx.out(formatRows(rows, format, ['name', 'size', 'last_modified']));
        return 0;
      }
      case 'get': {
        const [stage, name] = stageRef(a);
        ctx.out(new LocalStage(ws, stage).get(name, b ?? '.') + '\n');
        return 0;
      }
      case 'remove': {
        const [stage, name] = stageRef(a);
        new LocalStage(ws, stage).remove(name);
        return 0;
      }
      case 'create': {
        // A stage other than SOURCE_FILES and CODEFILES exists only once made on purpose.
        if (!a) throw new UsageError('stage create expects a stage reference like @MY_STAGE');
        const [stage, rest] = stageRef(a);
        if (rest) throw new UsageError(`stage create expects a stage, not a file: @${stage}`);
        new LocalStage(ws, stage).create();
        ctx.out(`stage @${stage.toUpperCase()} exists\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown stage action ${verb ?? '(none)'}: expected put, list, get, remove or create`);
    }
  },
};
