// Runs a parsed Snowflake Scripting block. Plain statements go to the engine one at a time with
// the block's variables as binds (`:var` in SQL; bare names in expressions, as Snowflake reads
// them); expressions are evaluated by the engine as `SELECT <expr>`, so casts, `||` and
// functions mean what the engine says they mean. Logging and events go to the host's
// telemetry (the event table). Errors keep Snowflake's code; one that leaves the procedure
// reads "Uncaught exception of type 'STATEMENT_ERROR' on line L at position P : …" as Snowflake's.
// Reference: https://docs.snowflake.com/en/developer-guide/snowflake-scripting/exceptions
import type { SessionContext, SnowflakeErrorShape, SqlEngine, StatementResult } from '../engine-api';
import { mapIdentifiers, splitTopLevel, walkCode } from './lexer';
import type { Block, Statement } from './parse';

export interface ScriptTelemetry {
  log(level: string, message: string): Promise<void>;
  event(name: string, attributes: Record<string, unknown>): Promise<void>;
}

export interface ScriptHost {
  readonly engine: SqlEngine;
  readonly session: SessionContext;
  readonly telemetry: ScriptTelemetry;
  /** Runs a statement of the body the way the server runs a client's, as query `queryId`
   * (kept for RESULT_SCAN); without it, statements go straight to the engine. */
  run?(sql: string, binds: readonly unknown[], session: SessionContext, queryId: string): Promise<StatementResult>;
  /** A fresh query id for each statement of the body (SQLID). */
  newQueryId?(): string;
}

/** An error as Snowflake raises it inside a block: the statement's own error (what SQLERRM
 * shows), the exception's name and where it was raised (for the message once uncaught). */
export class ScriptError extends Error {
  constructor(readonly snowflake: SnowflakeErrorShape, readonly exceptionName = 'STATEMENT_ERROR', readonly line = 0, readonly column = 0) {
    super(snowflake.message);
  }

  /** The error as it leaves the procedure: "Uncaught exception of type 'STATEMENT_ERROR' on line
   * L at position P : <message>" (Snowflake counts lines in the body). */
  uncaught(): SnowflakeErrorShape {
    return { ...this.snowflake, message: `Uncaught exception of type '${this.exceptionName}' on line ${this.line} at position ${this.column} : ${this.snowflake.message}` };
  }
}

class Return {
  constructor(readonly value: unknown) {}
}

/** Variables of the running block and its enclosing blocks (upper-cased names). */
class Scope {
  private readonly vars = new Map<string, { type?: string; value: unknown }>();
  constructor(private readonly parent?: Scope) {}
  has(name: string): boolean {
    return this.vars.has(name) || !!this.parent?.has(name);
  }
  get(name: string): unknown {
    return this.vars.has(name) ? this.vars.get(name)!.value : this.parent?.get(name);
  }
  declare(name: string, type: string | undefined, value: unknown): void {
    this.vars.set(name, { type, value: coerce(type, value) });
  }
  set(name: string, value: unknown): void {
    if (this.vars.has(name)) {
      const v = this.vars.get(name)!;
      v.value = coerce(v.type, value);
    } else if (this.parent?.has(name)) this.parent.set(name, value);
    else throw new ScriptError({ code: '002003', sqlState: '42000', message: `SQL compilation error: error line 0 at position 0\ninvalid identifier '${name}'` });
  }
}

/** Snowflake converts an assigned value to the variable's declared type. */
function coerce(type: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') value = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  const t = (type ?? '').replace(/\(.*$/, '');
  if (/^(INTEGER|INT|BIGINT|SMALLINT|NUMBER|DECIMAL|NUMERIC|FLOAT|DOUBLE|REAL)$/.test(t)) return Number(value);
  if (/^(VARCHAR|STRING|TEXT|CHAR)$/.test(t)) return value instanceof Date ? value.toISOString() : String(value);
  if (t === 'BOOLEAN') return Boolean(value);
  return value;
}

/** `:var` in SQL (and bare names in expressions) replaced by `?`, with the values in order. */
function bindVariables(text: string, scope: Scope, bare: boolean): { sql: string; binds: unknown[] } {
  const binds: unknown[] = [];
  const sql = mapIdentifiers(text, (word, prev, next, colon) => {
    const name = word.toUpperCase();
    if (!scope.has(name)) return undefined;
    // `v:path` is a VARIANT path, not a bind: a colon right after a name, `)` or `]`.
    if (colon && /[A-Za-z0-9_$")\]]/.test(prev)) return undefined;
    if (!colon && (!bare || prev === '.' || next === '(' || next === '.')) return undefined;
    binds.push(scope.get(name));
    return '?';
  });
  return { sql, binds };
}

const isQuery = (expr: string) => /^\(\s*(SELECT|WITH)\b/i.test(expr.trim());

export class Interpreter {
  constructor(private readonly host: ScriptHost) {}

  /** Runs the block with the procedure's arguments; returns RETURN's value (null without one). */
  async run(block: Block, args: Record<string, unknown>): Promise<unknown> {
    const scope = new Scope();
    for (const [k, v] of Object.entries(args)) scope.declare(k.toUpperCase(), undefined, v);
    for (const g of ['SQLID', 'SQLROWCOUNT', 'SQLFOUND', 'SQLNOTFOUND']) scope.declare(g, undefined, null);
    try {
      await this.block(block, scope);
      return null;
    } catch (e) {
      if (e instanceof Return) return e.value;
      throw e;
    }
  }

  private async block(b: Block, outer: Scope): Promise<void> {
    const scope = new Scope(outer);
    for (const d of b.declarations) {
      if (d.exception) scope.declare(d.name, 'EXCEPTION', d.exception);
      else scope.declare(d.name, d.type, d.defaultExpr === undefined ? null : await this.evaluate(d.defaultExpr, scope));
    }
    try {
      for (const s of b.body) await this.statement(s, scope);
    } catch (e) {
      if (e instanceof Return || !(e instanceof ScriptError)) throw e;
      const handler = b.handlers.find((h) => h.names.includes('OTHER') || h.names.includes(e.exceptionName));
      if (!handler) throw e;
      const inHandler = new Scope(scope);
      inHandler.declare('SQLCODE', 'NUMBER', Number(e.snowflake.code));
      inHandler.declare('SQLERRM', 'VARCHAR', e.snowflake.message);
      inHandler.declare('SQLSTATE', 'VARCHAR', e.snowflake.sqlState);
      for (const s of handler.body) {
        if (s.kind === 'raise' && !s.name) throw e;
        await this.statement(s, inHandler);
      }
    }
  }

  private async statement(s: Statement, scope: Scope): Promise<void> {
    try {
      switch (s.kind) {
        case 'block': return await this.block(s.block, scope);
        case 'assign':
          if (s.declareType) scope.declare(s.name, s.declareType, await this.evaluate(s.expr, scope));
          else scope.set(s.name, await this.evaluate(s.expr, scope));
          return;
        case 'return': throw new Return(s.expr === undefined ? null : await this.evaluate(s.expr, scope));
        case 'raise': return this.raise(s.name, scope, s.line, s.column - 1);
        case 'log': {
          const [level, message] = s.level ? [s.level, s.args[0]] : [String(await this.evaluate(s.args[0], scope)).toUpperCase(), s.args[1]];
          return await this.host.telemetry.log(level, String(await this.evaluate(message, scope) ?? ''));
        }
        case 'event': {
          const name = String(await this.evaluate(s.args[0], scope));
          const attrs = s.args[1] ? await this.evaluate(objectConstant(s.args[1]), scope) : {};
          return await this.host.telemetry.event(name, typeof attrs === 'string' ? JSON.parse(attrs) : (attrs as Record<string, unknown>) ?? {});
        }
        case 'sql': return await this.sql(s.text, scope);
      }
    } catch (e) {
      if (e instanceof Return || e instanceof ScriptError) throw e;
      const shape = (e as { snowflake?: SnowflakeErrorShape }).snowflake;
      if (!shape) throw e;
      throw new ScriptError(shape, 'STATEMENT_ERROR', s.line, s.column - 1);
    }
  }

  private raise(name: string | undefined, scope: Scope, line: number, column: number): never {
    if (!name) throw new ScriptError({ code: '002003', sqlState: '42601', message: 'RAISE without an exception is allowed only in an exception handler' }, 'STATEMENT_ERROR', line, column);
    const ex = scope.get(name) as { code: number; message: string } | undefined;
    if (!ex || typeof ex !== 'object') throw new ScriptError({ code: '002003', sqlState: '42000', message: `SQL compilation error:\nException '${name}' is not declared` }, 'STATEMENT_ERROR', line, column);
    throw new ScriptError({ code: String(ex.code), sqlState: 'P0001', message: ex.message }, name, line, column);
  }

  private async evaluate(expr: string, scope: Scope): Promise<unknown> {
    const { sql, binds } = bindVariables(expr, scope, !isQuery(expr));
    const r = await this.execute(`SELECT ${sql}`, binds);
    return normalize(r.rows[0]?.[0]);
  }

  /** A plain statement: `:var` bound; `SELECT … INTO :a, :b …` assigns the first row; SQLID,
   * SQLROWCOUNT, SQLFOUND and SQLNOTFOUND describe it afterwards (Snowflake Scripting's
   * "global variables", https://docs.snowflake.com/en/developer-guide/snowflake-scripting/dml-status). */
  private async sql(text: string, scope: Scope): Promise<void> {
    const into = selectInto(text);
    const { sql, binds } = bindVariables(into?.sql ?? text, scope, false);
    const queryId = this.host.newQueryId?.() ?? '';
    const r = await this.execute(sql, binds, queryId);
    if (into) {
      const row = r.rows[0];
      into.targets.forEach((name, i) => scope.set(name, row ? normalize(row[i]) : null));
    }
    const count = r.rowsAffected ?? r.rows.length;
    scope.set('SQLID', queryId);
    scope.set('SQLROWCOUNT', count);
    scope.set('SQLFOUND', count > 0);
    scope.set('SQLNOTFOUND', count === 0);
  }

  private async execute(sql: string, binds: readonly unknown[], queryId = ''): Promise<StatementResult> {
    return this.host.run ? this.host.run(sql, binds, this.host.session, queryId || this.host.newQueryId?.() || '') : this.host.engine.execute(sql, binds, this.host.session);
  }
}

const normalize = (v: unknown): unknown => (typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v ?? null);

/** `SELECT … INTO :a, :b FROM …`: the statement without its INTO clause, and the targets. */
function selectInto(text: string): { sql: string; targets: string[] } | undefined {
  if (!/^\s*(SELECT|WITH)\b/i.test(text)) return undefined;
  let found: { sql: string; targets: string[] } | undefined;
  let depth = 0;
  walkCode(text, (i) => {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^INTO\s+:/i.test(text.slice(i)) && /\s/.test(text[i - 1] ?? '')) {
      const m = /^INTO\s+(:[A-Za-z_][A-Za-z0-9_$]*(?:\s*,\s*:[A-Za-z_][A-Za-z0-9_$]*)*)/i.exec(text.slice(i))!;
      found = { sql: text.slice(0, i) + text.slice(i + m[0].length), targets: m[1].split(',').map((t) => t.trim().slice(1).toUpperCase()) };
      return text.length;
    }
    return i + 1;
  });
  return found;
}

/** `{'k': v, …}` (an OBJECT constant) as OBJECT_CONSTRUCT('k', v, …) for the engine. */
export function objectConstant(text: string): string {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return t;
  const pairs = splitTopLevel(t.slice(1, -1)).filter(Boolean).map((p) => {
    const [k, ...rest] = splitTopLevel(p, ':');
    return `${k}, ${objectConstant(rest.join(':'))}`;
  });
  return `OBJECT_CONSTRUCT(${pairs.join(', ')})`;
}

