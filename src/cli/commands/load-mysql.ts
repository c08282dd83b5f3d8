// `retail-pipeline load-mysql --connection NAME`: load the MySQL tables into the bronze tables
// on Snowflake from this machine (mysql2 -> gzip CSV -> PUT -> COPY INTO -> SWAP), for accounts
// that load without the external access integration.
import { loadMysqlToSnowflake } from '../../core/snowflake/load-mysql';
import { DEFAULT_MYSQL_URL } from '../../core/sources/mysql-connection';
import { registerSecret } from '../../core/secrets/redact';
import { intOption, parse } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import { deployConfigFrom, LOCATION_OPTIONS, withConnection } from './snowflake';

export const loadMysqlCommand = {
  name: 'load-mysql',
  summary: 'load-mysql [--connection NAME] [--mysql-url URL | RETAIL_MYSQL_URL] [--tables customers,orders,…] [--parallel N] [--partitions N] [--json] [--database DB --schema S]  load MySQL tables into bronze on Snowflake from this machine',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, {
      ...LOCATION_OPTIONS, 'mysql-url': { type: 'string' }, tables: { type: 'string' }, parallel: { type: 'string' }, partitions: { type: 'string' }, json: { type: 'boolean' },
    });
    const mysqlUrl = (values['mysql-url'] as string | undefined) ?? process.env.RETAIL_MYSQL_URL ?? DEFAULT_MYSQL_URL;
    try {
      registerSecret(decodeURIComponent(new URL(mysqlUrl).password));
    } catch {
      // parseMysqlUrl reports a malformed URL with the expected form.
    }
    const c = deployConfigFrom(values);
    const results = await withConnection(values, ctx, (client) => loadMysqlToSnowflake(client, c, {
      mysqlUrl, logger: ctx.logger,
      tables: values.tables ? String(values.tables).split(',').map((t) => t.trim()).filter(Boolean) : undefined,
      parallel: intOption(values, 'parallel', 3, 1), partitions: intOption(values, 'partitions', 4, 1),
    }), { warehouse: c.warehouse.toUpperCase() });
    const rows = results.map(({ rejects, ...r }) => ({ ...r, first_reject: rejects[0] ? `${rejects[0].record}: ${rejects[0].reason}` : null }));
    ctx.out(values.json ? JSON.stringify(rows) + '\n' : formatRows(rows, 'table', ['table', 'bronze', 'read', 'loaded', 'rejected', 'files', 'first_reject']));
    return 0;
  },
};
