// Fills a retail_db on MySQL/MariaDB from the CSV files of sample_data/mysql/, so that the
// MySQL path of the pipeline has something to read. Each CSV is read by the very reader the CSV
// bronze path uses (readCsv + canonicalRow), and its canonical values are what we insert: an
// empty field stays '' in a VARCHAR column and is NULL elsewhere, a decimal is normalised, and
// so on. Loading bronze from MySQL therefore gives exactly the values loading the CSV gives.
// Rows that the CSV path would reject, or that the server refuses (a duplicate key, a value too
// long for its column), are skipped and reported with the reason; good rows still load.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2';
import type { Logger } from '../log';
import type { Canonical } from '../load/values';
import { LOAD_TASKS, table as tableDef, type TableDef } from '../manifest';
import { readCsv } from '../sources/csv';
import {
  closeConnection, describeMysqlError, MysqlSourceError, mysqlIdent, openConnection, parseMysqlUrl, run, type MysqlTarget,
} from '../sources/mysql-connection';
import { loadData } from './load-data';
import { mysqlTable, retailDbStatements, type MysqlTable } from './schema';

export interface SkippedRow {
  /** "line 12" (from the CSV reader) or the key, e.g. "customer_id=CUST0001". */
  readonly record: string;
  readonly reason: string;
}

export interface SeedTableResult {
  readonly table: string;
  readonly file: string;
  readonly read: number;
  readonly inserted: number;
  readonly skipped: number;
  /** Of the inserted rows, those that went in through LOAD DATA LOCAL INFILE (the rest by INSERT). */
  readonly loadDataRows: number;
  /** The first skipped rows (at most 100), with reasons. */
  readonly examples: readonly SkippedRow[];
  readonly ms: number;
}

export interface SeedOptions {
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** false: INSERT statements only, never LOAD DATA LOCAL INFILE (default true). */
  readonly loadData?: boolean;
}

/** One source table to seed: the MySQL table, its CSV file and the bronze columns it feeds. */
interface SeedJob {
  readonly table: MysqlTable;
  readonly file: string;
  readonly def: TableDef;
}

/** Rows per LOAD DATA chunk (and bytes, for long descriptions). */
const ROWS_PER_CHUNK = 20_000;
const BYTES_PER_CHUNK = 8 * 1024 * 1024;
/** Rows per INSERT statement when a chunk has to go the slow way. */
const ROWS_PER_INSERT = 1000;
const KEEP_EXAMPLES = 100;
const FRACTION = /\.\d*[1-9]/;

function seedJobs(dataDir: string): SeedJob[] {
  return LOAD_TASKS.filter((t) => t.source?.kind === 'mysql').map((t) => {
    const src = t.source as { table: string; csvFile: string };
    return { table: mysqlTable(src.table), file: join(dataDir, 'mysql', src.csvFile), def: tableDef(t.writes[0]) };
  });
}

/** Why a canonical row cannot be stored as it is in `t`, or undefined when it can. */
function fitProblem(t: MysqlTable, def: TableDef, values: Canonical[]): string | undefined {
  for (let i = 0; i < def.columns.length; i++) {
    const v = values[i];
    if (v === null) continue;
    const col = t.columns.find((c) => c.name === def.columns[i].name);
    if (!col) continue;
    if (col.maxLength !== undefined && [...v].length > col.maxLength) {
      return `column ${col.name}: expected at most ${col.maxLength} characters (${col.type}), got ${[...v].length}`;
    }
    if (col.type === 'TIMESTAMP' && FRACTION.test(v)) {
      return `column ${col.name}: expected whole seconds (MySQL TIMESTAMP), got ${JSON.stringify(v)}`;
    }
  }
  return undefined;
}

function keyOf(t: MysqlTable, def: TableDef, values: Canonical[]): string {
  return t.primaryKey.map((k) => `${k}=${values[def.columns.findIndex((c) => c.name === k)] ?? 'NULL'}`).join(',');
}

/** Errors after which the connection is gone or the table unusable: stop instead of going row by row. */
function fatal(e: unknown): boolean {
  const err = e as { fatal?: boolean; code?: string };
  return !!err?.fatal || ['ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR', 'ER_NET_PACKET_TOO_LARGE', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK'].includes(err?.code ?? '');
}

class TableSeeder {
  private pending: Canonical[][] = [];
  private pendingBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  inserted = 0;
  loadDataRows = 0;
  skipped = 0;
  readonly examples: SkippedRow[] = [];
  private readonly insertHead: string;
  private readonly rowPlaceholder: string;
  private readonly quotedTable: string;
  private readonly quotedColumns: string[];

  constructor(private readonly conn: Connection, private readonly job: SeedJob, private useLoadData = true) {
    const cols = job.def.columns.map((c) => mysqlIdent(c.name, 'MySQL column name'));
    this.quotedTable = mysqlIdent(job.table.name, 'MySQL table name');
    this.quotedColumns = cols;
    this.insertHead = `INSERT INTO ${this.quotedTable} (${cols.join(', ')}) VALUES `;
    this.rowPlaceholder = `(${cols.map(() => '?').join(', ')})`;
  }

  skip(record: string, reason: string): void {
    this.skipped++;
    if (this.examples.length < KEEP_EXAMPLES) this.examples.push({ record, reason });
  }

  async add(values: Canonical[]): Promise<void> {
    const problem = fitProblem(this.job.table, this.job.def, values);
    if (problem) {
      this.skip(keyOf(this.job.table, this.job.def, values), problem);
      return;
    }
    this.pending.push(values);
    for (const v of values) this.pendingBytes += v === null ? 4 : v.length + 3;
    if (this.pending.length >= ROWS_PER_CHUNK || this.pendingBytes >= BYTES_PER_CHUNK) await this.flush();
  }

  /**
   * Send the pending rows. The statement runs while the caller parses the next batch: at most
   * one is in flight, so the server and the CSV parser work at the same time.
   */
  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.inFlight;
    if (!rows.length) return;
    const p = this.insertBatch(rows);
    // Awaited by the next flush or by drain(); the catch only keeps it from being "unhandled" meanwhile.
    p.catch(() => undefined);
    this.inFlight = p;
  }

  /** Wait until every row sent so far is in (or skipped). */
  async drain(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  /**
   * A chunk goes in with LOAD DATA inside a savepoint. If the server loaded fewer rows than
   * sent or warned (LOCAL turns a duplicate key or a bad value into a warning), the chunk is
   * rolled back to the savepoint and inserted again with INSERT statements in strict mode,
   * which load the good rows and name each refused one with the server's reason.
   */
  private async insertBatch(rows: Canonical[][]): Promise<void> {
    if (this.useLoadData) {
      await run(this.conn, 'SAVEPOINT seed_chunk');
      try {
        const r = await loadData(this.conn, this.quotedTable, this.quotedColumns, rows);
        if (r.affectedRows === rows.length && r.warnings === 0) {
          this.inserted += rows.length;
          this.loadDataRows += rows.length;
          return;
        }
      } catch (e) {
        if (fatal(e)) throw e;
        // LOCAL INFILE switched off on the server or client (MySQL 8's default): INSERT from now on.
        if (/local|infile|not allowed|ER_NOT_ALLOWED_COMMAND|ER_LOAD_INFILE/i.test(`${(e as Error).message} ${(e as { code?: string }).code}`)) {
          this.useLoadData = false;
        }
      }
      await run(this.conn, 'ROLLBACK TO SAVEPOINT seed_chunk');
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await this.insertRows(rows.slice(i, i + ROWS_PER_INSERT));
  }

  private async insertRows(rows: Canonical[][]): Promise<void> {
    try {
      await this.insert(rows);
      this.inserted += rows.length;
    } catch (e) {
      if (fatal(e)) throw e;
      // The statement was rolled back as a whole; find the rows the server refuses one by one.
      for (const r of rows) {
        try {
          await this.insert([r]);
          this.inserted++;
        } catch (e1) {
          if (fatal(e1)) throw e1;
          const err = e1 as { sqlMessage?: string; message?: string };
          this.skip(keyOf(this.job.table, this.job.def, r), `refused by the server: ${err.sqlMessage ?? err.message}`);
        }
      }
    }
  }

  private async insert(rows: Canonical[][]): Promise<void> {
    await run(this.conn, this.insertHead + rows.map(() => this.rowPlaceholder).join(', '), rows.flat());
  }
}

async function seedTable(conn: Connection, target: MysqlTarget, job: SeedJob, opts: SeedOptions): Promise<SeedTableResult> {
  const t0 = Date.now();
  const name = mysqlIdent(job.table.name, 'MySQL table name');
  const seeder = new TableSeeder(conn, job, opts.loadData !== false);
  let read = 0;
  try {
    await run(conn, `TRUNCATE TABLE ${name}`);
    await run(conn, 'START TRANSACTION');
    for await (const batch of readCsv(job.file, job.def)) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('seeding cancelled');
      read += batch.rows.length + batch.rejects.length;
      for (const r of batch.rejects) seeder.skip(r.record, r.reason);
      for (const row of batch.rows) await seeder.add(row);
    }
    await seeder.drain();
    await run(conn, 'COMMIT');
  } catch (e) {
    await run(conn, 'ROLLBACK').catch(() => undefined);
    if (e instanceof MysqlSourceError || (e as Error)?.name === 'SourceFileError') throw e;
    throw describeMysqlError(target, `seeding ${target.database}.${job.table.name} from ${job.file}`, e);
  }
  const ms = Date.now() - t0;
  opts.log.log(seeder.skipped ? 'WARN' : 'DEBUG',
    `${target.database}.${job.table.name}: ${seeder.inserted} rows inserted, ${seeder.skipped} skipped of ${read} read (${ms} ms)`);
  for (const s of seeder.examples.slice(0, 5)) opts.log.log('WARN', `${target.database}.${job.table.name}: skipped ${s.record}: ${s.reason}`);
  return { table: job.table.name, file: job.file, read, inserted: seeder.inserted, skipped: seeder.skipped, loadDataRows: seeder.loadDataRows, examples: seeder.examples, ms };
}

/**
 * Create the retail_db schema in the database named by `url` (idempotent) and replace the
 * content of its five tables with <dataDir>/mysql/*.csv. Every CSV file is checked to exist
 * before any table is touched.
 */
export async function seedMysql(url: string, dataDir: string, opts: SeedOptions): Promise<SeedTableResult[]> {
  const target = parseMysqlUrl(url);
  const jobs = seedJobs(dataDir);
  const missing = jobs.filter((j) => !existsSync(j.file)).map((j) => j.file);
  if (missing.length) {
    throw new MysqlSourceError(`missing CSV file(s) ${missing.join(', ')}: expected ${jobs.map((j) => `mysql/${j.file.split(/[\\/]/).pop()}`).join(', ')} under the data folder`);
  }
  const conn = await openConnection(target, { withoutDatabase: true });
  try {
    // Strict: the server must refuse what does not fit (and say so) rather than truncate it.
    await run(conn, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    for (const stmt of retailDbStatements(target.database)) {
      try {
        await run(conn, stmt);
      } catch (e) {
        throw describeMysqlError(target, `creating the schema (${stmt.split('\n')[0]})`, e);
      }
    }
    const results: SeedTableResult[] = [];
    for (const job of jobs) results.push(await seedTable(conn, target, job, opts));
    return results;
  } finally {
    await closeConnection(conn);
  }
}
