// The executing Snowflake emulator (issue 15): the wire protocol the REAL snowflake-sdk speaks
// (test/helpers/snowflake-wire.ts, shared with the recording double) in front of the SQL engine
// (test/emulator/engine, an in-process DuckDB with Snowflake's semantics). The server owns what
// is not one plain statement: sessions and their USE context, PUT (the driver copies the file
// into a LOCAL_FS stage folder; the next statement hands it to the engine), stored procedures
// and CALL (Snowflake Scripting interpreted statement by statement; the Python MySQL loader
// answered by the project's MariaDB reader), tasks (graph rules, EXECUTE TASK, RETRY LAST,
// SYSTEM$TASK_DEPENDENTS_ENABLE, SHOW TASKS) and the account views over them (TASK_HISTORY,
// COMPLETE_TASK_GRAPHS, CURRENT_TASK_GRAPHS, INFORMATION_SCHEMA.PROCEDURES). Everything else
// goes to the engine as it came.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_MYSQL_URL } from '../../src/core/sources/mysql-connection';
import { parsePut, raw, WireServer, type Answer, type QueryCall, type RecordedStatement, type ResultSet, type WireOptions, type WireSession } from '../helpers/snowflake-wire';
import type { SessionContext, SnowflakeErrorShape, SqlEngine, StatementResult } from './engine-api';
import { openEngine } from './engine';
import { leadingCode, splitQualified, splitStatements } from './scripting/lexer';
import { mysqlLoadProcedure } from './scripting/mysql-procedure';
import { ProcedureCatalog, sfError, status } from './scripting/procedures';
import type { EventTableSettings } from './scripting/telemetry';
import { TaskCatalog, type Task } from './tasks/catalog';
import { TaskRunner } from './tasks/runner';
import { SessionVariables } from './session-vars';
import { QueryResults, readsServerViews, rewriteServerViews } from './views';

export interface EmulatorOptions extends WireOptions {
  /** Folder for the engine's DuckDB files (a temporary one by default). */
  readonly dir?: string;
  /** The MariaDB database CALL usp_loadMySQLData reads (its `source` argument names it on Snowflake). */
  readonly mysqlUrl?: string;
}

interface PendingPut {
  readonly folder: string;
  readonly file: string;
  readonly stageRef: string;
  readonly path: string[];
  readonly session: SessionContext;
}

/** Per-database telemetry settings from ALTER DATABASE … SET EVENT_TABLE / LOG_LEVEL / TRACE_LEVEL. */
class DatabaseSettings implements EventTableSettings {
  private readonly values = new Map<string, Map<string, string>>();
  set(database: string, name: string, value: string): void {
    const m = this.values.get(database) ?? new Map<string, string>();
    m.set(name, value);
    this.values.set(database, m);
  }
  /** A database's own setting, else the account's (ALTER ACCOUNT SET …), as Snowflake resolves parameters. */
  private value(database: string, name: string): string | undefined {
    return this.values.get(database)?.get(name) ?? this.values.get(ACCOUNT)?.get(name);
  }
  eventTable(database: string): string | undefined {
    return this.value(database, 'EVENT_TABLE');
  }
  logLevel(database: string): string {
    return this.value(database, 'LOG_LEVEL') ?? 'OFF';
  }
  traceLevel(database: string): string {
    return this.value(database, 'TRACE_LEVEL') ?? 'OFF';
  }
}

/** Where ALTER ACCOUNT SET … parameters are kept among the per-database ones. */
const ACCOUNT = '';

const NTZ_LIKE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A JavaScript value as Snowflake's JSON result format carries it for a column type. */
export function rawValue(v: unknown, type: string, scale = 0): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean': return v ? '1' : '0';
    case 'date': {
      const ms = v instanceof Date ? v.getTime() : Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`);
      return String(Math.floor(ms / 86_400_000));
    }
    case 'timestamp_ntz': case 'timestamp_ltz': case 'timestamp_tz': {
      const text = v instanceof Date ? v.toISOString() : NTZ_LIKE.test(String(v)) ? `${String(v).replace(' ', 'T')}Z` : String(v);
      return raw.ts(text);
    }
    case 'variant': case 'object': case 'array': return typeof v === 'string' && type !== 'variant' ? v : JSON.stringify(v);
    case 'binary': return Buffer.isBuffer(v) ? v.toString('hex') : String(v);
    case 'fixed': return typeof v === 'number' && scale > 0 ? v.toFixed(scale) : String(v);
    default: return typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
  }
}

export function toResultSet(r: StatementResult): ResultSet {
  // TIMESTAMP_TZ travels with its offset packed into the value; the project reads none, so the
  // emulator sends instants as TIMESTAMP_LTZ (same instant, session time zone UTC).
  const columns = r.columns.map((c) => ({ name: c.name, type: c.type === 'timestamp_tz' ? 'timestamp_ltz' as const : c.type, scale: c.scale, precision: c.precision }));
  return { columns, rows: r.rows.map((row) => row.map((v, i) => rawValue(v, columns[i].type, columns[i].scale ?? 0))) };
}

const errorShape = (e: unknown): SnowflakeErrorShape | undefined => (e as { snowflake?: SnowflakeErrorShape }).snowflake;

export class SnowflakeEmulator extends WireServer {
  readonly tasks = new TaskCatalog();
  readonly runner: TaskRunner;
  readonly procedures: ProcedureCatalog;
  private readonly settings = new DatabaseSettings();
  private readonly sessions = new Map<string, SessionContext>();
  private readonly pendingPuts: PendingPut[] = [];
  private readonly variables = new SessionVariables();
  /** Results by query id, for RESULT_SCAN. */
  private readonly results = new QueryResults();

  private constructor(readonly engine: SqlEngine, options: EmulatorOptions) {
    super(options, 'sf-emulator-put-');
    this.procedures = new ProcedureCatalog(engine, this.settings);
    this.procedures.registerNative('USP_LOADMYSQLDATA', mysqlLoadProcedure(engine, options.mysqlUrl ?? DEFAULT_MYSQL_URL));
    this.runner = new TaskRunner(this.tasks, (t, queryId) => this.runTaskBody(t, queryId), () => this.nextQueryId());
  }

  static async start(options: EmulatorOptions = {}): Promise<SnowflakeEmulator> {
    const e = new SnowflakeEmulator(await openEngine({ dir: options.dir }), options);
    await e.listen();
    return e;
  }

  protected override queryIdSuffix(): string {
    return 'emulator';
  }

  /** Waits for graph runs in flight, then stops the server and the engine. */
  async close(): Promise<void> {
    await this.runner.idle();
    await this.stop();
    await this.engine.close();
  }

  /** Every row of the database's event table (what SYSTEM$LOG_*, SYSTEM$ADD_EVENT and CALL spans wrote). */
  async events(database = 'RETAIL_PIPELINE'): Promise<Record<string, unknown>[]> {
    const table = this.settings.eventTable(database);
    if (!table) return [];
    const r = await this.engine.execute(`SELECT * FROM ${table} ORDER BY TIMESTAMP`, [], { sessionId: 'emulator-reader' });
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
  }

  /** A session's context as the login asked for it: names the engine does not know are dropped
   * (Snowflake logs in without them too). */
  protected override openSession(session: WireSession): undefined {
    const q = session.loginQuery;
    const ctx: SessionContext = { sessionId: session.id, role: q.roleName ? splitQualified(q.roleName)[0] : 'PUBLIC', user: session.loginName?.toUpperCase() };
    this.sessions.set(session.id, ctx);
    void this.applyLoginContext(ctx, q);
    return undefined;
  }

  private readonly loginContext = new Map<string, Promise<void>>();

  private applyLoginContext(ctx: SessionContext, q: Record<string, string>): Promise<void> {
    const p = (async () => {
      const tryUse = async (sql: string) => this.engine.execute(sql, [], ctx).catch(() => undefined);
      if (q.warehouse) await tryUse(`USE WAREHOUSE ${q.warehouse}`);
      if (q.databaseName) await tryUse(`USE DATABASE ${q.databaseName}`);
      if (q.databaseName && q.schemaName) await tryUse(`USE SCHEMA ${q.schemaName}`);
      else if (q.databaseName && ctx.database) ctx.schema = undefined;
    })();
    this.loginContext.set(ctx.sessionId, p);
    return p;
  }

  protected async onQuery({ st, session, send }: QueryCall): Promise<void> {
    this.record(st);
    const ctx = this.sessions.get(session.id)!;
    await this.loginContext.get(session.id);
    const queryId = this.nextQueryId();
    await this.flushPuts();
    if (/^PUT\s/i.test(leadingCode(st.sqlText))) {
      const t = parsePut(st.sqlText);
      this.pendingPuts.push({ folder: join(this.stageDir, t.stage, ...t.path), file: basename(t.file), stageRef: t.stageRef, path: t.path, session: { ...ctx } });
      return send(this.putMetadata(queryId, st.sqlText));
    }
    try {
      const result = await this.executeStatement(st.sqlText, bindValues(st), ctx, queryId);
      send(this.render(queryId, toResultSet(result)));
    } catch (e) {
      const shape = errorShape(e);
      const answer: Answer = { error: shape ?? { code: '000603', sqlState: 'XX000', message: `SQL execution internal error: ${(e as Error).stack ?? e}` } };
      send(this.render(queryId, answer));
    }
  }

  /** Files the driver copied into the LOCAL_FS stage folder since the last statement. */
  private async flushPuts(): Promise<void> {
    while (this.pendingPuts.length) {
      const p = this.pendingPuts.shift()!;
      const local = join(p.folder, p.file);
      if (!existsSync(local)) continue;
      // The driver's copy stays in stageDir (tests look at what was uploaded, as with the double).
      await this.engine.putFile(p.stageRef, [...p.path, p.file].join('/'), readFileSync(local), p.session);
    }
  }

  /** One statement of a client or a task (or nested in a procedure), in `session`. */
  async executeStatement(sql: string, binds: readonly unknown[], session: SessionContext, queryId: string): Promise<StatementResult> {
    const r = await this.executeOne(sql, binds, session, queryId);
    this.results.remember(queryId, r);
    return r;
  }

  private async executeOne(sql: string, binds: readonly unknown[], session: SessionContext, queryId: string): Promise<StatementResult> {
    const pieces = splitStatements(sql);
    if (pieces.length > 1) {
      throw sfError('000008', `Actual statement count ${pieces.length} did not match the desired statement count 1.`, '0A000');
    }
    const assigned = await this.variables.statement(sql, binds, session, this.engine);
    if (assigned) return assigned;
    const text = this.variables.substitute(sql, session);
    const own = await this.dispatch(text, binds, session, queryId);
    if (own) return own;
    return this.engine.execute(text, binds, session);
  }

  /** Statements the server answers itself; undefined for the engine's. */
  private async dispatch(sql: string, binds: readonly unknown[], session: SessionContext, queryId: string): Promise<StatementResult | undefined> {
    const code = leadingCode(sql);
    if (/^CREATE\s+(OR\s+REPLACE\s+)?(SECURE\s+)?PROCEDURE\b/i.test(code)) return this.procedures.create(code, session);
    if (/^DROP\s+PROCEDURE\b/i.test(code)) return this.procedures.drop(code, session);
    if (/^CALL\b/i.test(code)) {
      // A body's statements take the same path as a client's (session variables, context
      // functions, nested CALL, tasks), in the procedure's schema.
      return this.procedures.call(code, { session, queryId, binds, run: (s, b, inner, id) => this.executeStatement(s, b, inner, id), newQueryId: () => this.nextQueryId() });
    }
    if (/^CREATE\s+(OR\s+REPLACE\s+)?TASK\b/i.test(code)) return this.tasks.create(code, session);
    if (/^ALTER\s+TASK\b/i.test(code)) return this.tasks.alter(code, session);
    if (/^DROP\s+TASK\b/i.test(code)) return this.tasks.drop(code, session);
    if (/^SHOW\s+TASKS\b/i.test(code)) return this.tasks.show(code, session);
    const exec = /^EXECUTE\s+TASK\s+(\S+?)(\s+RETRY\s+LAST)?\s*;?$/i.exec(code);
    if (exec) {
      const t = this.tasks.find(exec[1], session, 'EXECUTE TASK');
      if (!t) throw sfError('002003', `SQL compilation error:\nTask '${exec[1].replace(/"/g, '')}' does not exist or not authorized.`, '02000');
      if (exec[2]) this.runner.retryLast(t);
      else this.runner.execute(t);
      return status(`Task ${t.name} is scheduled to run immediately.`);
    }
    const enable = /^SELECT\s+SYSTEM\$TASK_DEPENDENTS_ENABLE\s*\(\s*'((?:[^']|'')+)'\s*\)\s*;?$/i.exec(code);
    if (enable) {
      this.tasks.dependentsEnable(enable[1].replace(/''/g, "'"), session);
      return { columns: [{ name: `SYSTEM$TASK_DEPENDENTS_ENABLE('${enable[1]}')`, type: 'text' }], rows: [['']] };
    }
    const alterDb = /^ALTER\s+(?:ACCOUNT|DATABASE\s+(IF\s+EXISTS\s+)?("[^"]+"|[A-Za-z0-9_$]+))\s+SET\s+([\s\S]+)$/i.exec(code);
    if (alterDb) {
      const result = await this.engine.execute(sql, binds, session);
      const db = alterDb[2] ? splitQualified(alterDb[2])[0] : ACCOUNT;
      for (const m of alterDb[3].matchAll(/\b(EVENT_TABLE|LOG_LEVEL|TRACE_LEVEL|METRIC_LEVEL)\s*=\s*('(?:[^']|'')*'|(?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+))*)/gi)) {
        this.settings.set(db, m[1].toUpperCase(), m[2].startsWith("'") ? m[2].slice(1, -1) : m[2]);
      }
      return result;
    }
    if (readsServerViews(code)) {
      const r = await rewriteServerViews(sql, binds, session, { engine: this.engine, runner: this.runner, procedures: this.procedures, results: this.results });
      return this.engine.execute(r.sql, r.binds, session);
    }
    return undefined;
  }

  /** A task run: its body in a session of its own, in the task's schema, with its warehouse. */
  private async runTaskBody(t: Task, queryId: string): Promise<void> {
    const session: SessionContext = { sessionId: `task-${queryId}`, database: t.database, schema: t.schema, warehouse: t.warehouse, role: 'ACCOUNTADMIN' };
    await this.executeStatement(t.definition, [], session, queryId);
  }
}

/** Driver binds arrive as text with a Snowflake type; the engine gets JavaScript values. */
function bindValues(st: RecordedStatement): unknown[] {
  const b = st.bindings;
  if (!b) return [];
  return Object.keys(b).sort((x, y) => Number(x) - Number(y)).map((k) => {
    const { type, value } = b[k];
    if (value === null || value === undefined) return null;
    switch (type.toUpperCase()) {
      case 'FIXED': case 'REAL': return Number(value);
      case 'BOOLEAN': return value === true || /^(true|1)$/i.test(String(value));
      default: return value;
    }
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<SnowflakeEmulator> {
  return SnowflakeEmulator.start(options);
}
