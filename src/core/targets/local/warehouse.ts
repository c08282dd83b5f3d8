// The local warehouse: one DuckDB database file at <workspace>/.retail/warehouse.duckdb (or in
// the state folder the extension's retailPipeline.stateFolder names).
// One instance per process; connections are cheap and each concurrent step takes its own.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { engineSettings } from './engine-settings';
import { warehouseFile } from './state-dir';
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

export { stateDir, warehouseFile } from './state-dir';

export interface OpenOptions {
  readonly readOnly?: boolean;
  /** The state folder (default `<workspace>/.retail`), see stateDir. */
  readonly stateDir?: string;
}

export class LocalWarehouse {
  private constructor(readonly path: string, private readonly instance: DuckDBInstance, private readonly main: DuckDBConnection) {}

  static async open(workspace: string, opts: OpenOptions = {}): Promise<LocalWarehouse> {
    const path = warehouseFile(workspace, opts.stateDir);
    mkdirSync(dirname(path), { recursive: true });
    const settings = { ...engineSettings(join(dirname(path), 'duckdb-spill')) };
    const instance = await DuckDBInstance.create(path, opts.readOnly ? { ...settings, access_mode: 'READ_ONLY' } : settings);
    const main = await instance.connect();
    return new LocalWarehouse(path, instance, main);
  }

  /** The state folder this warehouse lives in: its stages, Iceberg tables and run lock go beside it. */
  get stateDir(): string {
    return dirname(this.path);
  }

  /** A fresh connection for work that runs concurrently with other steps. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Run statements whose result is not needed. */
  async run(sql: string, values?: DuckDBValue[]): Promise<void> {
    await this.main.run(sql, values);
  }

  /** Rows as plain JSON-friendly objects (big integers and decimals as numbers or strings). */
  async query<T extends Row = Row>(sql: string, values?: DuckDBValue[], conn: DuckDBConnection = this.main): Promise<T[]> {
    const reader = await conn.runAndReadAll(sql, values);
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    // getRowObjectsJson renders 64-bit integers and decimals as strings; callers (and `query
    // --format json`) expect numbers where a double holds the value exactly.
    const numeric = reader.columnTypes().map((t, i) => ({ name: reader.deduplicatedColumnNames()[i], t }))
      .filter(({ t }) => [DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.DECIMAL].includes(t.typeId));
    if (numeric.length) {
      for (const r of rows) {
        for (const { name } of numeric) {
          const v = r[name];
          if (typeof v === 'string') {
            const n = Number(v);
            if (Number.isFinite(n) && (Number.isSafeInteger(n) || (!/^-?\d+$/.test(v) && v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15))) r[name] = n;
          }
        }
      }
    }
    return rows as T[];
  }

  async tableExists(name: string): Promise<boolean> {
    const r = await this.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema = 'main' and upper(table_name) = upper(?)`, [name]);
    return r[0].n > 0;
  }

  async rowCount(name: string): Promise<number> {
    const r = await this.query<{ n: number }>(`select count(*)::bigint::int as n from "${name.replace(/"/g, '""')}"`);
    return r[0].n;
  }

  close(): void {
    this.main.closeSync();
    this.instance.closeSync();
  }
}
