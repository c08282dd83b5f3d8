// Client-side MySQL load, for users who load from their machine rather than through the
// external access integration: each MySQL table is streamed with mysql2 (the same partitioned,
// validated reader as the local target) into gzip CSV files, PUT to @SOURCE_FILES, COPY'd into a
// fresh copy of the bronze table which then SWAPs with it, so readers never see a half-loaded
// table. Tables load in parallel on one Snowflake session (the driver runs statements
// concurrently). Rows in = loaded + rejected, checked against COPY's own counts.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CSV_NULL_RULE, csvLine } from '../csv/write';
import type { Reject } from '../load/bronze-writer';
import type { Logger } from '../log';
import { LOAD_TASKS, table as tableDef, type MysqlSource } from '../manifest';
import { openMysqlTable } from '../sources/mysql';
import { quoteIdent, snowflakeLiteral } from '../sql/identifiers';
import type { SnowflakeClient } from './client';
import type { SnowflakeDeployConfig } from './deploy-config';

/** The files are written by the project's CSV writer, so COPY reads them under its NULL rule. */
export const CSV_FILE_FORMAT = `${CSV_NULL_RULE.snowflakeFileFormat} COMPRESSION = GZIP ENCODING = 'UTF8'`;

export interface MysqlLoadOptions {
  readonly mysqlUrl: string;
  /** MySQL tables to load (default: every MySQL load task's table). */
  readonly tables?: readonly string[];
  /** Tables loaded at the same time. */
  readonly parallel?: number;
  /** Key-range partitions per large table (each becomes its own file). */
  readonly partitions?: number;
  /** Row count above which a table is split into partitions (default: the MySQL source's). */
  readonly partitionThreshold?: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface MysqlLoadResult {
  readonly table: string;
  readonly bronze: string;
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly rejects: readonly Reject[];
  readonly files: number;
}

const id = (n: string) => quoteIdent(n.toUpperCase());

/** Stream one partition into a gzip CSV file; returns rows written and the rejects seen. */
async function writePartition(batches: AsyncIterable<{ rows: (string | null)[][]; rejects: Reject[] }>, file: string, rejects: Reject[]): Promise<number> {
  let rows = 0;
  async function* lines() {
    for await (const b of batches) {
      rejects.push(...b.rejects);
      rows += b.rows.length;
      if (b.rows.length) yield b.rows.map(csvLine).join('');
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file));
  return rows;
}

async function loadTable(client: SnowflakeClient, c: SnowflakeDeployConfig, src: MysqlSource, bronze: string, runId: string, workDir: string, o: MysqlLoadOptions): Promise<MysqlLoadResult> {
  const def = tableDef(bronze);
  const schema = `${id(c.database)}.${id(c.schema)}`;
  const target = `${schema}.${id(bronze)}`;
  const staging = `${schema}.${id(`${bronze}_LOAD`)}`;
  // Plain characters only (a UUID and a validated table name), so the location needs no quotes.
  const stagePath = `@${schema}.${id('SOURCE_FILES')}/mysql_load/${runId}/${src.table}/`;
  const source = await openMysqlTable(o.mysqlUrl, src.table, def, { partitions: o.partitions, threshold: o.partitionThreshold, log: o.logger, signal: o.signal });
  const rejects: Reject[] = [];
  let written = 0;
  const files: string[] = [];
  try {
    const counts = await Promise.all(source.partitions.map((p, i) => {
      const file = join(workDir, `${src.table}_${i + 1}.csv.gz`);
      files.push(file);
      return writePartition(p, file, rejects);
    }));
    written = counts.reduce((a, b) => a + b, 0);
  } finally {
    await source.close();
  }
  const read = written + rejects.length;
  if (read !== source.rowCount) o.logger.log('WARN', `${src.table}: read ${read} rows, the table had ${source.rowCount} when the load started (it changed meanwhile)`);
  for (const f of files) {
    await client.execute(`PUT ${snowflakeLiteral('file://' + f.replace(/\\/g, '/'))} ${stagePath} AUTO_COMPRESS = FALSE OVERWRITE = TRUE`, { summary: `upload ${src.table} to ${stagePath}` });
  }
  await client.execute(`CREATE OR REPLACE TABLE ${staging} LIKE ${target}`, { summary: `create ${bronze}_LOAD` });
  const copied = await client.execute<Record<string, unknown>>(
    `COPY INTO ${staging} (${def.columns.map((col) => id(col.name)).join(', ')})\nFROM ${stagePath}\nFILE_FORMAT = (${CSV_FILE_FORMAT})\nON_ERROR = ABORT_STATEMENT\nPURGE = TRUE`,
    { summary: `copy ${src.table} into ${bronze}` },
  );
  const loaded = copied.reduce((n, r) => n + Number(r.rows_loaded ?? r.ROWS_LOADED ?? 0), 0);
  if (loaded !== written) {
    await client.execute(`DROP TABLE IF EXISTS ${staging}`);
    throw new Error(`${src.table}: COPY INTO ${bronze} loaded ${loaded} rows, ${written} were sent; ${bronze} left as it was`);
  }
  await client.execute(`ALTER TABLE ${staging} SWAP WITH ${target}`, { summary: `swap ${bronze}_LOAD with ${bronze}` });
  await client.execute(`DROP TABLE IF EXISTS ${staging}`, { summary: `drop the previous ${bronze}` });
  o.logger.log('INFO', `${src.table} -> ${bronze}: ${loaded} rows loaded, ${rejects.length} rejected${rejects.length ? ` (first: ${rejects[0].record}: ${rejects[0].reason})` : ''}`);
  return { table: src.table, bronze, read, loaded, rejected: rejects.length, rejects, files: files.length };
}

export async function loadMysqlToSnowflake(client: SnowflakeClient, c: SnowflakeDeployConfig, o: MysqlLoadOptions): Promise<MysqlLoadResult[]> {
  const tasks = LOAD_TASKS.filter((t) => t.source?.kind === 'mysql').map((t) => ({ src: t.source as MysqlSource, bronze: t.writes[0] }));
  const unknown = (o.tables ?? []).filter((n) => !tasks.some((t) => t.src.table === n));
  if (unknown.length) throw new Error(`unknown MySQL table(s) ${unknown.join(', ')}; expected ${tasks.map((t) => t.src.table).join(', ')}`);
  const todo = o.tables?.length ? tasks.filter((t) => o.tables!.includes(t.src.table)) : tasks;
  const runId = randomUUID();
  const workDir = mkdtempSync(join(tmpdir(), 'retail-mysql-load-'));
  try {
    const results: MysqlLoadResult[] = [];
    const queue = [...todo];
    const worker = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) results.push(await loadTable(client, c, t.src, t.bronze, runId, workDir, o));
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.parallel ?? 3, todo.length)) }, worker));
    return todo.map((t) => results.find((r) => r.table === t.src.table)!);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
