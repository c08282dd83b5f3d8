// Session variables (https://docs.snowflake.com/en/sql-reference/session-variables): SET name =
// expr / SET (a, b) = (x, y) / UNSET name, and `$name` in later statements of the same session
// (IDENTIFIER($name) included). A variable's value is evaluated once, at SET, by the engine;
// a reference is replaced by the value as a literal before the statement goes on. The context
// functions the session owns — CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(),
// CURRENT_ROLE(), CURRENT_USER() — are replaced the same way.
import type { SessionContext, SqlEngine, StatementResult } from './engine-api';
import { leadingCode, splitTopLevel, walkCode } from './scripting/lexer';
import { sfError, status } from './scripting/procedures';

const literal = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const text = v instanceof Date ? v.toISOString() : String(v);
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
};

export class SessionVariables {
  private readonly bySession = new Map<string, Map<string, unknown>>();

  private vars(session: SessionContext): Map<string, unknown> {
    let m = this.bySession.get(session.sessionId);
    if (!m) this.bySession.set(session.sessionId, (m = new Map()));
    return m;
  }

  /** SET / UNSET, or undefined when the statement is neither. */
  async statement(sql: string, binds: readonly unknown[], session: SessionContext, engine: SqlEngine): Promise<StatementResult | undefined> {
    const code = leadingCode(sql).replace(/;\s*$/, '');
    const unset = /^UNSET\s+(\(([^)]*)\)|[A-Za-z_][A-Za-z0-9_$]*)$/i.exec(code);
    if (unset) {
      for (const n of (unset[2] ?? unset[1]).split(',').map((x) => x.trim().toUpperCase())) this.vars(session).delete(n);
      return status('Statement executed successfully.');
    }
    const set = /^SET\s+(\(([^)]*)\)|[A-Za-z_][A-Za-z0-9_$]*)\s*=\s*([\s\S]+)$/i.exec(code);
    if (!set) return undefined;
    const names = (set[2] ?? set[1]).split(',').map((x) => x.trim().toUpperCase());
    let exprs = [set[3]];
    if (set[2] !== undefined) {
      const t = set[3].trim();
      exprs = t.startsWith('(') && t.endsWith(')') ? splitTopLevel(t.slice(1, -1)) : [t];
    }
    if (exprs.length !== names.length) throw sfError('001003', `SQL compilation error:\nSET assigns ${exprs.length} values to ${names.length} variables.`, '42601');
    const r = await engine.execute(`SELECT ${this.substitute(exprs.join(', '), session)}`, binds, session);
    names.forEach((n, i) => this.vars(session).set(n, r.rows[0]?.[i] ?? null));
    return status('Statement executed successfully.');
  }

  /** `$name` replaced by the session variable's value (Snowflake's error when it is not set). */
  substitute(sql: string, session: SessionContext): string {
    const vars = this.bySession.get(session.sessionId);
    if (!sql.includes('$') && !/CURRENT_/i.test(sql)) return sql;
    const context: Record<string, string | undefined> = {
      DATABASE: session.database, SCHEMA: session.schema, WAREHOUSE: session.warehouse, ROLE: session.role, USER: session.user,
    };
    let out = '';
    walkCode(sql, (i) => {
      const m = sql[i] === '$' && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '') ? /^\$([A-Za-z_][A-Za-z0-9_$]*)/.exec(sql.slice(i)) : null;
      const fn = /[A-Za-z0-9_$."]/.test(sql[i - 1] ?? '') ? null : /^CURRENT_(DATABASE|SCHEMA|WAREHOUSE|ROLE|USER)\s*\(\s*\)/i.exec(sql.slice(i, i + 40));
      if (fn) {
        out += literal(context[fn[1].toUpperCase()] ?? null);
        return i + fn[0].length;
      }
      if (m) {
        const name = m[1].toUpperCase();
        if (!vars?.has(name)) throw sfError('002211', `SQL compilation error: error line 1 at position ${i}\nSession variable '$${name}' does not exist`, '02000');
        out += literal(vars.get(name));
        return i + m[0].length;
      }
      out += sql[i];
      return i + 1;
    }, (start, end) => {
      out += sql.slice(start, end);
    });
    return out;
  }
}
