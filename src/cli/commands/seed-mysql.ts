// `retail-pipeline seed-mysql`: create retail_db on a MySQL/MariaDB server and fill it from the
// CSV files of the data folder, so that `run --mysql-url` has a real relational source.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { seedMysql } from '../../core/mysql/seed';
import { DEFAULT_MYSQL_URL } from '../../core/sources/mysql-connection';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { mysqlUrlFrom } from './run';

export const seedMysqlCommand = {
  name: 'seed-mysql',
  summary: 'seed-mysql [--mysql-url URL] [--data DIR] [--json]  create retail_db and load <data>/mysql/*.csv into it',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { data: { type: 'string' }, 'mysql-url': { type: 'string' }, json: { type: 'boolean' } });
    const workspace = ctx.workspace(values);
    const dataDir = resolve(workspace, (values.data as string | undefined) ?? 'sample_data');
    if (!existsSync(dataDir)) throw new UsageError(`data folder ${dataDir} does not exist: expected the layout of sample_data/ (--data DIR)`);
    const url = mysqlUrlFrom(values) ?? DEFAULT_MYSQL_URL;
    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('cancelled by the user (Ctrl-C)'));
    process.once('SIGINT', onSigint);
    try {
      const results = await seedMysql(url, dataDir, { log: ctx.logger, signal: controller.signal });
      if (values.json) ctx.out(JSON.stringify({ tables: results }) + '\n');
      else {
        for (const r of results) ctx.out(`${r.table}: ${r.inserted} rows inserted, ${r.skipped} skipped of ${r.read} read (${r.ms} ms)\n`);
      }
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
