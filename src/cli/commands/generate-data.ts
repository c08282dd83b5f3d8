import { resolve } from 'node:path';
import { DEFAULT_SEED, generateData } from '../../core/generate/generate';
import { IdRangeError } from '../../core/generate/ids';
import { intOption, parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { formatDuration } from '../../shared/duration';

const kb = (bytes: number): string => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

export const generateDataCommand = {
  name: 'generate-data',
  summary: 'generate-data --out DIR [--scale N] [--seed S]  write a deterministic sample data set (scale 1 = sample_data/)',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parse(argv, { out: { type: 'string', short: 'o' }, scale: { type: 'string' }, seed: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (!values.out) throw new UsageError('--out DIR is required (the folder receives mysql/*.csv, product_reviews.json and the XML files)');
    const scale = intOption(values, 'scale', 1, 1);
    const seed = intOption(values, 'seed', DEFAULT_SEED, 0);
    const out = resolve(ctx.workspace(values), values.out as string);
    const started = Date.now();
    try {
      await generateData({
        out, scale, seed,
        onFile: (f) => process.stderr.write(`wrote ${f.file}: ${f.rows} ${f.file.endsWith('.csv') ? 'rows' : 'records'}${f.nested ? ` (${f.nested} nested)` : ''}, ${kb(f.bytes)}\n`),
      });
    } catch (e) {
      if (e instanceof IdRangeError || e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    process.stderr.write(`generated scale ${scale} (seed ${seed}) in ${out} in ${formatDuration(Date.now() - started)}\n`);
    return 0;
  },
};
