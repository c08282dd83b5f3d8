// Stored procedures: CREATE [OR REPLACE] PROCEDURE … [IF NOT EXISTS] stores the definition
// (LANGUAGE SQL bodies are parsed at creation, as Snowflake compiles them then), DROP PROCEDURE
// removes it, CALL name(args) runs it: Snowflake Scripting through the interpreter, with one
// span per call in the event table; LANGUAGE PYTHON through a handler the server registers
// (the emulator cannot run Python: see test/emulator/README.md).
// Reference: https://docs.snowflake.com/en/sql-reference/sql/create-procedure
import type { SessionContext, SqlEngine, StatementResult } from '../engine-api';
import { dollarBody, splitQualified, splitTopLevel } from './lexer';
import { Interpreter, ScriptError, type ScriptHost } from './interpret';
import { parseBlock, ScriptSyntaxError, type Block } from './parse';
import { CallTelemetry, type EventTableSettings } from './telemetry';

export interface StoredProcedure {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly args: readonly { name: string; type: string }[];
  readonly returns: string;
  readonly language: string;
  readonly body: string;
  readonly block?: Block;
  /** LANGUAGE PYTHON: HANDLER = '…'. */
  readonly handler?: string;
  readonly createdSql: string;
}

/** Arguments of a CALL to a procedure the server answers itself (the Python one). */
export type NativeProcedure = (args: readonly unknown[], call: { session: SessionContext; telemetry: CallTelemetry }) => Promise<unknown>;

export const sfError = (code: string, message: string, sqlState = '42000') =>
  Object.assign(new Error(message), { snowflake: { code, sqlState, message } });

/** The session's database and schema for an unqualified name, or Snowflake's error. */
export function resolveName(ref: string, session: SessionContext, verb: string): [string, string, string] {
  const parts = splitQualified(ref);
  const name = parts.pop()!;
  const schema = parts.pop() ?? session.schema;
  const database = parts.pop() ?? session.database;
  if (!database) throw sfError('090105', `Cannot perform ${verb}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.`, '22000');
  if (!schema) throw sfError('090106', `Cannot perform ${verb}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.`, '22000');
  return [database, schema, name];
}

const key = (db: string, schema: string, name: string) => `${db}.${schema}.${name}`;

export interface CallContext {
  readonly session: SessionContext;
  readonly queryId: string;
  /** Binds the CALL statement itself carries (for `?` in its arguments). */
  readonly binds: readonly unknown[];
  /** How a body's statements run (the server's statement path) and get their query ids. */
  readonly run?: ScriptHost['run'];
  readonly newQueryId?: ScriptHost['newQueryId'];
}

export class ProcedureCatalog {
  private readonly procedures = new Map<string, StoredProcedure>();
  private readonly natives = new Map<string, NativeProcedure>();
  /** The call whose body runs in a session (a nested CALL joins its trace). */
  private readonly running = new WeakMap<SessionContext, CallTelemetry>();

  constructor(private readonly engine: SqlEngine, private readonly events: EventTableSettings) {}

  /** Calls of the named (unqualified, any schema) procedure are answered by `fn`. */
  registerNative(name: string, fn: NativeProcedure): void {
    this.natives.set(name.toUpperCase(), fn);
  }

  list(): StoredProcedure[] {
    return [...this.procedures.values()];
  }

  create(sql: string, session: SessionContext): StatementResult {
    const m = /^\s*CREATE\s+(OR\s+REPLACE\s+)?(?:SECURE\s+)?PROCEDURE\s+(IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+)){0,2})\s*\(([^)]*)\)\s*RETURNS\s+([A-Za-z_]+(?:\s*\([\d\s,]+\))?)/i.exec(sql);
    if (!m) throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.trim().split(/\s+/).slice(0, 3).join(' ')}'.`, '42000');
    const [database, schema, name] = resolveName(m[3], session, 'CREATE PROCEDURE');
    const k = key(database, schema, name);
    if (this.procedures.has(k) && !m[1]) {
      if (m[2]) return status(`${name} already exists, statement succeeded.`);
      throw sfError('002002', `SQL compilation error:\nObject '${name}' already exists.`, '42710');
    }
    const language = (/\bLANGUAGE\s+([A-Za-z]+)/i.exec(sql)?.[1] ?? 'SQL').toUpperCase();
    const body = dollarBody(sql);
    if (body === undefined) throw sfError('001003', 'SQL compilation error:\nsyntax error: the procedure body must follow AS, between $$ delimiters.', '42000');
    const args = m[4].trim() ? splitTopLevel(m[4]).map((a) => {
      const [n, ...t] = a.trim().split(/\s+/);
      return { name: n.toUpperCase(), type: t.join(' ').toUpperCase() };
    }) : [];
    let block: Block | undefined;
    if (language === 'SQL') {
      try {
        block = parseBlock(body);
      } catch (e) {
        if (e instanceof ScriptSyntaxError) throw sfError('001003', `SQL compilation error:\n${e.message}`, '42000');
        throw e;
      }
    }
    const handler = /\bHANDLER\s*=\s*'([^']+)'/i.exec(sql)?.[1];
    this.procedures.set(k, { database, schema, name, args, returns: m[5].toUpperCase(), language, body, block, handler, createdSql: sql });
    return status(`Function ${name} successfully created.`);
  }

  drop(sql: string, session: SessionContext): StatementResult {
    const m = /^\s*DROP\s+PROCEDURE\s+(IF\s+EXISTS\s+)?([^\s(]+)\s*(\([^)]*\))?/i.exec(sql)!;
    const [database, schema, name] = resolveName(m[2], session, 'DROP PROCEDURE');
    const k = key(database, schema, name);
    if (!this.procedures.delete(k) && !m[1]) throw sfError('002003', `SQL compilation error:\nProcedure '${database}.${schema}.${name}' does not exist or not authorized.`, '02000');
    return status(`${name} successfully dropped.`);
  }

  /** CALL name(args): the procedure's return value as a one-row result named after it. */
  async call(sql: string, ctx: CallContext): Promise<StatementResult> {
    const m = /^\s*CALL\s+((?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+)){0,2})\s*\(([\s\S]*)\)\s*;?\s*$/i.exec(sql);
    if (!m) throw sfError('001003', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${sql.trim().slice(0, 40)}'.`, '42000');
    const [database, schema, name] = resolveName(m[1], ctx.session, 'CALL');
    const proc = this.procedures.get(key(database, schema, name));
    if (!proc) throw sfError('002140', `SQL compilation error:\nUnknown function ${name}`, '42601');
    const argExprs = m[2].trim() ? splitTopLevel(m[2]) : [];
    if (argExprs.length !== proc.args.length) {
      throw sfError('002141', `SQL compilation error:\nInvalid argument types for function '${name}': (${argExprs.map(() => 'VARCHAR').join(', ')})`, '42601');
    }
    const args = argExprs.length ? (await this.engine.execute(`SELECT ${argExprs.join(', ')}`, ctx.binds, ctx.session)).rows[0] : [];
    const telemetry = new CallTelemetry(this.engine, ctx.session, this.events, {
      database, schema, executable: `${name}(${proc.args.map((a) => a.type).join(', ')}):${proc.returns}`, queryId: ctx.queryId,
      warehouse: ctx.session.warehouse, role: ctx.session.role,
    }, name, this.running.get(ctx.session));
    let value: unknown;
    try {
      if (proc.language === 'SQL') {
        const session = { ...ctx.session, database, schema, sessionId: ctx.session.sessionId };
        this.running.set(session, telemetry);
        const host: ScriptHost = { engine: this.engine, session, telemetry, run: ctx.run, newQueryId: ctx.newQueryId };
        value = await new Interpreter(host).run(proc.block!, Object.fromEntries(proc.args.map((a, i) => [a.name, args[i]])));
      } else {
        const native = this.natives.get(name);
        if (!native) throw sfError('100357', `Python Interpreter Error:\nThe emulator cannot run LANGUAGE ${proc.language} procedure ${name}`, 'P0000');
        value = await native(args, { session: { ...ctx.session, database, schema }, telemetry });
      }
    } catch (e) {
      const shape = e instanceof ScriptError ? e.uncaught() : (e as { snowflake?: { message: string } }).snowflake;
      await telemetry.finish(shape?.message ?? (e as Error).message);
      if (e instanceof ScriptError) throw Object.assign(new Error(shape!.message), { snowflake: shape });
      throw e;
    }
    await telemetry.finish();
    return { columns: [{ name, type: 'text' }], rows: [[value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value)]] };
  }
}

export function status(message: string): StatementResult {
  return { columns: [{ name: 'status', type: 'text' }], rows: [[message]] };
}
