// The Snowflake emulator's SQL engine (issue 15): one Snowflake statement at a time, executed on
// an in-process DuckDB with Snowflake's semantics and errors. The server half (wire protocol,
// sessions, scripting, tasks) calls it through engine-api.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ExecuteOptions, SessionContext, SqlEngine, StatementResult } from '../engine-api';
import { ResultStore } from './result-scan';
import { Catalog, qualified, type QualifiedName } from './catalog';
import { copyInto, putIntoStage } from './copy-into';
import { listOrRemove } from './stage-files';
import { registerEmulatorFunctions } from './udfs';
import { registerArithmetic } from './arithmetic';
import { executeDdl } from './ddl';
import { isSnowflakeError, objectDoesNotExist, SnowflakeError, syntaxError, unknownFunction, invalidIdentifier, executionError } from './errors';
import { informationSchemaSource, snapshotTables, type TableSnapshot } from './info-schema';
import { checkQuotedTableCase, checkRestrictions } from './restrictions';
import { dmlResult, statusResult, toStatementResult } from './results';
import { splitStatements, tokenize, quoteIdent } from './tokens';
import { buildTree, isGroup, isOp, isTok, isWord, type Node } from './tree';
import { translateNodes, type TranslateContext } from './translate';
import type { Token } from './tokens';

export interface EngineInternals {
  readonly catalog: Catalog;
  readonly stageDir: string;
  /** Runs DuckDB SQL in the session's context, mapping DuckDB errors to Snowflake's. */
  run(sql: string, session: SessionContext): Promise<StatementResult>;
  translate(items: readonly Node[], sql: string, binds: readonly unknown[], session: SessionContext): Promise<string>;
  tableName(parts: readonly Token[], session: SessionContext, action: string): QualifiedName;
}

/** DuckDB's errors in Snowflake's words (the shapes the plan and tests meet). */
function mapDuckError(err: unknown, session: SessionContext): Error {
  if (isSnowflakeError(err)) return err;
  const msg = err instanceof Error ? err.message : String(err);
  let m = /Table with name ([^\s]+) does not exist/.exec(msg);
  if (m) {
    const name = m[1].replace(/"/g, '');
    const full = name.split('.').length === 1 && session.database && session.schema ? `${session.database}.${session.schema}.${name}` : name;
    return objectDoesNotExist(full);
  }
  m = /Referenced column "?([^"\s]+)"? (?:was )?not found/.exec(msg) ?? /column "?([^"\s]+)"? (not found|does not exist)/i.exec(msg);
  if (m) return invalidIdentifier(m[1]);
  m = /Scalar Function with name "?(\w+)"? does not exist/.exec(msg);
  if (m) return unknownFunction(m[1].toUpperCase());
  m = /Table with name ([^\s]+) already exists|already exists/.exec(msg);
  if (m && /Catalog Error/.test(msg)) return new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${(m[1] ?? '').replace(/"/g, '')}' already exists.`);
  // A UDF's own Snowflake wording (PARSE_XML): 100100 is Snowflake's XML parse error code as
  // users report it; not confirmed from Snowflake's documentation.
  m = /(Error parsing XML: [^\n]*)/.exec(msg);
  if (m) return new SnowflakeError('100100', '22P02', m[1]);
  if (/Division by zero/.test(msg)) return new SnowflakeError('100051', '22012', 'Division by zero');
  if (/Conversion Error|Could not convert/.test(msg)) return executionError(`Numeric value conversion failed: ${msg.split('\n')[0]}`);
  if (/Parser Error/.test(msg)) return new SnowflakeError('001003', '42000', `SQL compilation error:\n${msg.split('\n')[0]}`);
  return new SnowflakeError('100000', '22000', `SQL execution error: ${msg.split('\n')[0]}`);
}

class Engine implements SqlEngine, EngineInternals {
  readonly catalog = new Catalog();
  private readonly results = new ResultStore();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: DuckDBInstance, private readonly conn: DuckDBConnection, readonly stageDir: string, private readonly ownsDir: boolean) {}

  /** One statement at a time: the DuckDB connection's USE context is per statement. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async run(sql: string, session: SessionContext): Promise<StatementResult> {
    try {
      await this.useContext(session);
      return toStatementResult(await this.conn.runAndReadAll(sql));
    } catch (err) {
      throw mapDuckError(err, session);
    }
  }

  private async useContext(session: SessionContext): Promise<void> {
    const { database, schema } = session;
    if (database && this.catalog.databases.has(database)) {
      const s = schema && this.catalog.schemas.has(`${database}.${schema}`) ? schema : 'PUBLIC';
      await this.conn.run(`USE ${quoteIdent(database)}.${quoteIdent(s)}`);
    } else await this.conn.run('USE memory.main');
  }

  tableName(parts: readonly Token[], session: SessionContext, action: string): QualifiedName {
    return this.catalog.resolve(parts, session, action);
  }

  async translate(items: readonly Node[], sql: string, binds: readonly unknown[], session: SessionContext): Promise<string> {
    checkRestrictions(items);
    checkQuotedTableCase(items, new Set(this.catalog.tables.keys()), (parts) => {
      try { return qualified(this.catalog.resolve(parts, session, 'SELECT')); } catch { return undefined; }
    });
    let snapshot: TableSnapshot[] | undefined;
    if (sql.toUpperCase().includes('INFORMATION_SCHEMA')) snapshot = await snapshotTables(this.conn, this.catalog);
    const ctx: TranslateContext = {
      sql, binds, bindIndex: 0, session, resultScan: (id) => this.results.source(id),
      informationSchema: (database, view) => informationSchemaSource(database ?? session.database, view, snapshot ?? []),
    };
    return translateNodes(items, ctx);
  }

  execute(sql: string, binds: readonly unknown[], session: SessionContext, options: ExecuteOptions = {}): Promise<StatementResult> {
    return this.serial(async () => {
      const result = await this.executeOne(sql, binds, session);
      if (options.queryId) this.results.keep(options.queryId, result);
      return result;
    });
  }

  private async executeOne(sql: string, binds: readonly unknown[], session: SessionContext): Promise<StatementResult> {
    const statements = splitStatements(tokenize(sql));
    if (statements.length !== 1) {
      throw new SnowflakeError('000008', '0A000', `Actual statement count ${statements.length} did not match the desired statement count 1.`);
    }
    const items = buildTree(statements[0], sql);
    const head = items[0];
    if (!isTok(head) || head.kind !== 'word') {
      if (isGroup(head, '(')) return this.query(items, sql, binds, session);
      throw syntaxError(sql, isTok(head) ? head.pos : 0, `unexpected '${isTok(head) ? head.raw : '('}'`);
    }
    switch (head.value) {
      case 'SELECT': case 'WITH': return this.query(items, sql, binds, session);
      case 'INSERT': return this.insert(items, sql, binds, session);
      case 'DELETE': case 'UPDATE': {
        const r = await this.run(await this.translate(items, sql, binds, session), session);
        const n = Number(r.rows[0]?.[0] ?? 0);
        return dmlResult(head.value === 'DELETE' ? 'number of rows deleted' : 'number of rows updated', n);
      }
      case 'COPY': return copyInto(this, items, sql, session);
      case 'LIST': case 'LS': case 'REMOVE': case 'RM': {
        const ref = /@[^\s;]+/.exec(sql)?.[0];
        if (!ref) throw syntaxError(sql, 0, `unexpected '${head.raw}'`);
        const pattern = /PATTERN\s*=\s*'((?:[^']|'')*)'/i.exec(sql)?.[1]?.replace(/''/g, "'");
        return listOrRemove(this, head.value.startsWith('L') ? 'LIST' : 'REMOVE', ref, pattern, session);
      }
      default: return executeDdl(this, items, sql, binds, session);
    }
  }

  private async query(items: readonly Node[], sql: string, binds: readonly unknown[], session: SessionContext): Promise<StatementResult> {
    return this.run(await this.translate(items, sql, binds, session), session);
  }

  /** INSERT [OVERWRITE] INTO t [(cols)] <query | VALUES …>. OVERWRITE empties t first, in the
   *  same transaction, as Snowflake's truncate-and-insert does. */
  private async insert(items: readonly Node[], sql: string, binds: readonly unknown[], session: SessionContext): Promise<StatementResult> {
    let i = 1;
    const overwrite = isWord(items[i], 'OVERWRITE');
    if (overwrite) i++;
    if (!isWord(items[i], 'INTO')) throw syntaxError(sql, isTok(items[i]) ? (items[i] as Token).pos : 0, "unexpected token, expected 'INTO'");
    i++;
    const parts: Token[] = [];
    while (isTok(items[i]) && ((items[i] as Token).kind === 'word' || (items[i] as Token).kind === 'qident')) {
      parts.push(items[i] as Token);
      i++;
      if (isOp(items[i], '.')) i++; else break;
    }
    const target = this.tableName(parts, session, 'INSERT');
    const name = `${quoteIdent(target.database)}.${quoteIdent(target.schema)}.${quoteIdent(target.name)}`;
    let columns = '';
    const maybeCols = items[i];
    if (isGroup(maybeCols, '(') && !isWord(maybeCols.items[0], 'SELECT', 'WITH')) {
      columns = `(${maybeCols.items.filter((n) => !isOp(n, ',')).map((n) => quoteIdent((n as Token).value)).join(', ')})`;
      i++;
    }
    const body = await this.translate(items.slice(i), sql, binds, session);
    if (!this.catalog.tables.has(`${target.database}.${target.schema}.${target.name}`)) {
      throw objectDoesNotExist(`${target.database}.${target.schema}.${target.name}`);
    }
    await this.run('BEGIN TRANSACTION', session);
    try {
      if (overwrite) await this.run(`DELETE FROM ${name}`, session);
      const r = await this.run(`INSERT INTO ${name} ${columns} ${body}`, session);
      await this.run('COMMIT', session);
      this.catalog.touch(target);
      return dmlResult('number of rows inserted', Number(r.rows[0]?.[0] ?? 0));
    } catch (err) {
      await this.run('ROLLBACK', session).catch(() => undefined);
      throw err;
    }
  }

  putFile(stage: string, fileName: string, bytes: Buffer, session: SessionContext): Promise<void> {
    return this.serial(() => putIntoStage(this, stage, fileName, bytes, session));
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.conn.closeSync();
    this.db.closeSync();
    if (this.ownsDir) rmSync(this.stageDir, { recursive: true, force: true });
  }
}

/** Opens an engine on a fresh in-memory DuckDB. `dir` holds the emulated stages (a temporary
 *  folder, removed on close, when not given). */
export async function openEngine(options: { dir?: string } = {}): Promise<SqlEngine & EngineInternals> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await registerEmulatorFunctions(conn);
  await registerArithmetic(conn);
  const stageDir = options.dir ?? mkdtempSync(join(tmpdir(), 'sf-emulator-'));
  return new Engine(db, conn, stageDir, options.dir === undefined);
}

export type { SqlEngine } from '../engine-api';
