// A process that commits to a local Iceberg table and dies by SIGKILL part-way through its
// second commit, so no cleanup code of ours runs (unlike a thrown error):
//   node --import tsx iceberg-crash-child.ts TABLE_DIR after-data      dies once the data file is
//     written, before any manifest or metadata file;
//   node --import tsx iceberg-crash-child.ts TABLE_DIR before-pointer  dies after the new
//     metadata file is written, before version-hint.text is swapped.
// It prints the first commit as JSON on stdout before the second one starts.
import fsp from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { commitIcebergOverwrite } from '../../../src/core/iceberg';
import { table } from '../../../src/core/manifest';

const [tableDir, mode] = process.argv.slice(2);
const columns = table('GOLD_CUSTOMER_INSIGHTS').columns;
const rows = (n: number, tag: string) => `SELECT 'CUST' || lpad(i::VARCHAR, 4, '0') AS customer_id, '${tag}' AS state, i AS total_orders,
  (i * 1.5)::DECIMAL(18,2) AS total_spent, 1.5::DECIMAL(18,2) AS avg_order_value, DATE '2024-01-01' + i::INT AS last_order_date,
  TIMESTAMP '2024-01-01 00:00:00' AS last_updated FROM range(1, ${n + 1}) t(i)`;

(async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const first = await commitIcebergOverwrite(conn, { tableDir, tableName: 'GOLD_CUSTOMER_INSIGHTS', columns, selectSql: rows(100, 'FIRST') });
  process.stdout.write(JSON.stringify(first) + '\n');
  const die = () => { process.kill(process.pid, 'SIGKILL'); };
  if (mode === 'after-data') {
    // The writer writes manifests with fs/promises.writeFile after DuckDB wrote the data file.
    const original = fsp.writeFile;
    (fsp as { writeFile: unknown }).writeFile = (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('.avro')) die();
      return (original as (...a: unknown[]) => Promise<void>)(path, ...rest);
    };
  }
  await commitIcebergOverwrite(conn, {
    tableDir, tableName: 'GOLD_CUSTOMER_INSIGHTS', columns, selectSql: rows(250, 'SECOND'),
    beforePointerSwap: mode === 'before-pointer' ? die : undefined,
  });
  process.stdout.write('second commit completed\n');
})();
