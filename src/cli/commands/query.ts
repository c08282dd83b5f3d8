import { LocalWarehouse } from '../../core/targets/local/warehouse';
import { parse, UsageError } from '../args';
import { requireWarehouse } from '../existing-warehouse';
import { formatRows, type Format } from '../format';
import type { CommandContext } from '../main';

export const queryCommand = {
  name: 'query',
  summary: 'query "<SQL>" [--format table|json|csv]  run SQL on the local warehouse',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parse(argv, { format: { type: 'string', short: 'f' } });
    const format = (values.format ?? 'table') as Format;
    if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format expects table, json or csv, got ${format}`);
    if (positionals.length !== 1) throw new UsageError('query expects one SQL statement in quotes');
    const workspace = ctx.workspace(values);
    requireWarehouse(workspace, 'query');
    const wh = await LocalWarehouse.open(workspace);
    try {
      const rows = await wh.query(positionals[0]);
      ctx.out(formatRows(rows, format));
      return 0;
    } finally {
      wh.close();
    }
  },
};
