// CALL usp_loadMySQLData(source, source_table, dest_table): the plan's procedure is Python
// (Snowpark's DB-API reader over an external access integration), which the emulator cannot
// run. It answers the call the way the procedure means it, with the project's own MariaDB
// reader (src/core/sources/mysql.ts, the same one the local target loads with): every row of
// source_table replaces the rows of dest_table, written through the engine so the bronze
// table keeps the types of its DDL. The Python text itself is checked on its own
// (test/emulator/mysql-procedure-text.test.ts).
import { silentLogger } from '../../../src/core/log';
import { findTable } from '../../../src/core/manifest';
import { openMysqlTable } from '../../../src/core/sources/mysql';
import type { SqlEngine } from '../engine-api';
import { sfError, type NativeProcedure } from './procedures';

/** The procedure's own checks, so a bad call fails as the Python would. */
const ALLOWED_TABLES = new Set(['customers', 'products', 'orders', 'inventory', 'order_items']);
const ROWS_PER_INSERT = 500;

/** `mysqlUrl` names the server and the database the plan's `source` argument stands for. */
export function mysqlLoadProcedure(engine: SqlEngine, mysqlUrl: string): NativeProcedure {
  return async ([source, sourceTable, destTable], { session, telemetry }) => {
    const table = String(sourceTable);
    const dest = String(destTable);
    if (!ALLOWED_TABLES.has(table)) throw pythonError(`ValueError: source_table must be one of ${JSON.stringify([...ALLOWED_TABLES].sort())}, got '${table}'`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(dest)) throw pythonError(`ValueError: dest_table must be an identifier, got '${dest}'`);
    const def = findTable(dest);
    if (!def) throw pythonError(`SnowparkSQLException: table ${dest} is not a bronze table of the pipeline`);
    // What the reader reports (connection refused, unknown database …) reaches the caller as the
    // Python procedure's error would: code 100357, the exception's text.
    const src = await openMysqlTable(mysqlUrl, table, def, { partitions: 1, log: silentLogger }).catch((e: Error) => {
      throw pythonError(`pymysql.err.OperationalError: ${e.message}`);
    });
    const cols = def.columns.map((c) => c.name.toUpperCase());
    let loaded = 0;
    try {
      await engine.execute(`DELETE FROM ${dest}`, [], session);
      for (const partition of src.partitions) {
        for await (const batch of partition) {
          if (batch.rejects.length) throw pythonError(`pymysql.err.DataError: ${batch.rejects[0].record}: ${batch.rejects[0].reason}`);
          for (let i = 0; i < batch.rows.length; i += ROWS_PER_INSERT) {
            const chunk = batch.rows.slice(i, i + ROWS_PER_INSERT);
            const tuple = `(${cols.map(() => '?').join(', ')})`;
            await engine.execute(`INSERT INTO ${dest} (${cols.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat(), session);
            loaded += chunk.length;
          }
        }
      }
    } finally {
      await src.close();
    }
    const message = `${dest}: ${loaded} rows loaded from ${String(source)}.${table}`;
    await telemetry.log('INFO', message);
    return message;
  };
}

function pythonError(message: string) {
  return sfError('100357', `Python Interpreter Error:\n${message} in function USP_LOADMYSQLDATA with handler run`, 'P0000');
}
