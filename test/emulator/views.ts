// Account views the server owns, because the objects behind them live in the server (tasks,
// graph runs, procedures), not in the engine's DuckDB: TABLE(<db>.INFORMATION_SCHEMA.
// TASK_HISTORY(…)), COMPLETE_TASK_GRAPHS(…), CURRENT_TASK_GRAPHS(…) and
// <db>.INFORMATION_SCHEMA.PROCEDURES. A statement naming one is rewritten before the engine sees
// it: the table function's arguments are evaluated (with the binds they use) and applied here
// (time range, ROOT_TASK_NAME, ERROR_ONLY, RESULT_LIMIT), and the call is replaced by a derived
// table of literal rows with Snowflake's columns; WHERE / QUALIFY / ORDER BY around it are the
// engine's to run, as on Snowflake.
// Reference: https://docs.snowflake.com/en/sql-reference/functions/task_history,
// …/complete_task_graphs, …/current_task_graphs, …/info-schema/procedures
import type { ResultColumn, SessionContext, SqlEngine, StatementResult } from './engine-api';
import { normalizeIdent, skipOpaque, splitTopLevel, walkCode } from './scripting/lexer';
import type { ProcedureCatalog } from './scripting/procedures';
import type { GraphRunRecord, TaskRunRecord, TaskRunner } from './tasks/runner';

type Kind = 'text' | 'fixed' | 'timestamp_ltz';
type Columns = readonly (readonly [string, Kind])[];

const HISTORY: Columns = [
  ['QUERY_ID', 'text'], ['NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['QUERY_TEXT', 'text'], ['CONDITION_TEXT', 'text'],
  ['STATE', 'text'], ['ERROR_CODE', 'text'], ['ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'], ['QUERY_START_TIME', 'timestamp_ltz'],
  ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'], ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'],
  ['RETURN_VALUE', 'text'], ['SCHEDULED_FROM', 'text'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
const GRAPHS: Columns = [
  ['ROOT_TASK_NAME', 'text'], ['DATABASE_NAME', 'text'], ['SCHEMA_NAME', 'text'], ['STATE', 'text'], ['SCHEDULED_FROM', 'text'],
  ['FIRST_ERROR_TASK_NAME', 'text'], ['FIRST_ERROR_CODE', 'fixed'], ['FIRST_ERROR_MESSAGE', 'text'], ['SCHEDULED_TIME', 'timestamp_ltz'],
  ['QUERY_START_TIME', 'timestamp_ltz'], ['NEXT_SCHEDULED_TIME', 'timestamp_ltz'], ['COMPLETED_TIME', 'timestamp_ltz'], ['ROOT_TASK_ID', 'text'],
  ['GRAPH_VERSION', 'fixed'], ['RUN_ID', 'fixed'], ['ATTEMPT_NUMBER', 'fixed'], ['CONFIG', 'text'], ['GRAPH_RUN_GROUP_ID', 'text'],
];
const PROCEDURES: Columns = [
  ['PROCEDURE_CATALOG', 'text'], ['PROCEDURE_SCHEMA', 'text'], ['PROCEDURE_NAME', 'text'], ['PROCEDURE_OWNER', 'text'], ['ARGUMENT_SIGNATURE', 'text'],
  ['DATA_TYPE', 'text'], ['PROCEDURE_LANGUAGE', 'text'], ['PROCEDURE_DEFINITION', 'text'], ['CREATED', 'timestamp_ltz'], ['LAST_ALTERED', 'timestamp_ltz'],
];

const literal = (v: unknown, kind: Kind): string => {
  const cast = kind === 'text' ? 'VARCHAR' : kind === 'fixed' ? 'NUMBER(38,0)' : 'TIMESTAMP_LTZ';
  if (v === null || v === undefined) return `CAST(NULL AS ${cast})`;
  if (kind === 'fixed') return `${Number(v)}::${cast}`;
  const text = v instanceof Date ? v.toISOString() : String(v);
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'::${cast}`;
};

/** A derived table of literal rows with the given columns (no row: one typed row filtered out). */
function rowsTable(columns: Columns, rows: readonly Record<string, unknown>[]): string {
  const select = (r: Record<string, unknown> | undefined) => `SELECT ${columns.map(([c, k]) => `${literal(r?.[c], k)} AS ${c}`).join(', ')}`;
  return rows.length ? `(${rows.map(select).join('\nUNION ALL ')})` : `(${select(undefined)} WHERE 1 = 0)`;
}

/** Recent results by query id: what RESULT_SCAN(<query id>) reads back ("the result of a
 * previous command … within the last 24 hours"; the emulator keeps the last 1000). */
export class QueryResults {
  private readonly byId = new Map<string, StatementResult>();
  remember(queryId: string, r: StatementResult): void {
    if (!queryId) return;
    this.byId.set(queryId, r);
    if (this.byId.size > 1000) this.byId.delete(this.byId.keys().next().value!);
  }
  get(queryId: string): StatementResult | undefined {
    return this.byId.get(queryId);
  }
}

export interface ViewSources {
  readonly engine: SqlEngine;
  readonly runner: TaskRunner;
  readonly procedures: ProcedureCatalog;
  readonly results: QueryResults;
}

const CAST: Record<string, string> = {
  text: 'VARCHAR', real: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp_ntz: 'TIMESTAMP_NTZ', timestamp_ltz: 'TIMESTAMP_LTZ',
  timestamp_tz: 'TIMESTAMP_TZ', binary: 'BINARY',
};

/** One value of a remembered result as a typed literal of its column's type. */
function resultLiteral(v: unknown, c: ResultColumn): string {
  const semi = c.type === 'variant' || c.type === 'object' || c.type === 'array';
  const type = c.type === 'fixed' ? `NUMBER(38,${c.scale ?? 0})` : semi ? c.type.toUpperCase() : CAST[c.type] ?? 'VARCHAR';
  if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
  const quote = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  if (semi) return `PARSE_JSON(${quote(JSON.stringify(v))})${c.type === 'variant' ? '' : `::${type}`}`;
  if (c.type === 'fixed' || c.type === 'real') return `${String(v)}::${type}`;
  if (c.type === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `${quote(v instanceof Date ? v.toISOString() : String(v))}::${type}`;
}

/** RESULT_SCAN's rows as a derived table with the result's own column names (quoted as returned). */
function resultTable(r: StatementResult): string {
  const name = (c: ResultColumn) => `"${c.name.replace(/"/g, '""')}"`;
  const select = (row: readonly unknown[] | undefined) => `SELECT ${r.columns.map((c, i) => `${resultLiteral(row?.[i], c)} AS ${name(c)}`).join(', ')}`;
  return r.rows.length ? `(${r.rows.map(select).join('\nUNION ALL ')})` : `(${select(undefined)} WHERE 1 = 0)`;
}

const RESULT_SCAN = /TABLE\s*\(\s*RESULT_SCAN\s*\(/iy;

const FUNCTION = /TABLE\s*\(\s*(?:((?:"[^"]+"|[A-Za-z0-9_$]+)\s*\.\s*))?INFORMATION_SCHEMA\s*\.\s*(TASK_HISTORY|COMPLETE_TASK_GRAPHS|CURRENT_TASK_GRAPHS)\s*\(/iy;
const PROC_VIEW = /(?:((?:"[^"]+"|[A-Za-z0-9_$]+)\s*\.\s*))?INFORMATION_SCHEMA\s*\.\s*PROCEDURES\b/iy;

/** Whether the statement reads one of these views (cheap test before rewriting). */
export const readsServerViews = (sql: string) => /INFORMATION_SCHEMA\s*\.\s*(TASK_HISTORY|COMPLETE_TASK_GRAPHS|CURRENT_TASK_GRAPHS|PROCEDURES)\b|\bRESULT_SCAN\s*\(/i.test(sql);

/** The statement with the views replaced by literal rows, and the binds left for it. */
export async function rewriteServerViews(sql: string, binds: readonly unknown[], session: SessionContext, src: ViewSources): Promise<{ sql: string; binds: unknown[] }> {
  let out = '';
  const left: unknown[] = [];
  let bindAt = 0;
  let i = 0;
  while (i < sql.length) {
    // The views are looked for before skipping literals: `"DB".INFORMATION_SCHEMA…` starts with a quoted name.
    FUNCTION.lastIndex = i;
    PROC_VIEW.lastIndex = i;
    RESULT_SCAN.lastIndex = i;
    const scan = /[A-Za-z_]/.test(sql[i - 1] ?? '') ? null : RESULT_SCAN.exec(sql);
    const call = (matched: string) => {
      const { args, close } = tableCall(sql, i, matched.length);
      const used = countBinds(args);
      const own = binds.slice(bindAt, bindAt + used);
      bindAt += used;
      return { args, close, binds: own };
    };
    if (scan) {
      const { args, close, binds: own } = call(scan[0]);
      const id = String((await src.engine.execute(`SELECT ${args}`, own, session)).rows[0]?.[0] ?? '');
      const r = src.results.get(id);
      if (!r) throw Object.assign(new Error(id), { snowflake: { code: '000709', sqlState: '02000', message: `Statement ${id} not found` } });
      out += resultTable(r);
      i = close + 1;
      continue;
    }
    const fn = /[A-Za-z_]/.test(sql[i - 1] ?? '') ? null : FUNCTION.exec(sql);
    const view = fn || /[A-Za-z_.]/.test(sql[i - 1] ?? '') ? null : PROC_VIEW.exec(sql);
    if (fn) {
      const { args, close, binds: own } = call(fn[0]);
      const values = await evaluateArgs(args, own, session, src.engine);
      const database = fn[1] ? normalizeIdent(fn[1].replace(/\s*\.\s*$/, '')) : session.database;
      out += tableFunction(fn[2].toUpperCase(), values, database, src.runner);
      i = close + 1;
      continue;
    }
    if (view) {
      const database = view[1] ? normalizeIdent(view[1].replace(/\s*\.\s*$/, '')) : session.database;
      const rows = src.procedures.list().filter((p) => p.database === database).map((p) => ({
        PROCEDURE_CATALOG: p.database, PROCEDURE_SCHEMA: p.schema, PROCEDURE_NAME: p.name, PROCEDURE_OWNER: session.role ?? 'PUBLIC',
        ARGUMENT_SIGNATURE: `(${p.args.map((a) => `${a.name} ${a.type}`).join(', ')})`, DATA_TYPE: p.returns, PROCEDURE_LANGUAGE: p.language,
        PROCEDURE_DEFINITION: p.body, CREATED: null, LAST_ALTERED: null,
      }));
      const rest = sql.slice(i + view[0].length);
      const aliased = /^\s+(?:AS\s+)?(?!(?:WHERE|JOIN|LEFT|RIGHT|INNER|FULL|CROSS|ORDER|GROUP|LIMIT|QUALIFY|HAVING|UNION|ON|NATURAL|LATERAL)\b)[A-Za-z_"]/i.test(rest);
      out += rowsTable(PROCEDURES, rows) + (aliased ? '' : ' AS PROCEDURES');
      i += view[0].length;
      continue;
    }
    const j = skipOpaque(sql, i);
    if (j > i) {
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (sql[i] === '?') left.push(binds[bindAt++]);
    out += sql[i++];
  }
  return { sql: out, binds: [...left, ...binds.slice(bindAt)] };
}

/** `TABLE(F(args))` at `at`, whose text up to F's `(` is `matched` long: the arguments and the
 * index of TABLE's closing parenthesis. */
function tableCall(sql: string, at: number, matched: number): { args: string; close: number } {
  const argsStart = at + matched;
  return { args: sql.slice(argsStart, closing(sql, argsStart - 1)), close: closing(sql, sql.indexOf('(', at)) };
}

/** Index of the `)` matching the `(` at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  let found = -1;
  walkCode(s, (i) => {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) {
      found = i;
      return s.length;
    }
    return i + 1;
  }, undefined, open);
  if (found < 0) throw new Error(`unbalanced parentheses in ${s.slice(open, open + 60)}`);
  return found;
}

function countBinds(s: string): number {
  let n = 0;
  walkCode(s, (i) => {
    if (s[i] === '?') n++;
    return i + 1;
  });
  return n;
}

/** NAME => expr arguments, each evaluated by the engine. */
async function evaluateArgs(args: string, binds: readonly unknown[], session: SessionContext, engine: SqlEngine): Promise<Map<string, unknown>> {
  const named = splitTopLevel(args).filter(Boolean).map((a) => {
    const m = /^([A-Za-z_]+)\s*=>\s*([\s\S]+)$/.exec(a.trim());
    if (!m) throw Object.assign(new Error(`argument ${a}`), { snowflake: { code: '001003', sqlState: '42000', message: `SQL compilation error:\nsyntax error: table function arguments are named (NAME => value), got '${a.trim()}'` } });
    return [m[1].toUpperCase(), m[2]] as const;
  });
  if (!named.length) return new Map();
  const r = await engine.execute(`SELECT ${named.map(([, e]) => e).join(', ')}`, binds, session);
  return new Map(named.map(([n], k) => [n, r.rows[0][k]]));
}

const time = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : v instanceof Date ? v.getTime() : Date.parse(String(v)));

function tableFunction(name: string, args: Map<string, unknown>, database: string | undefined, runner: TaskRunner): string {
  const limit = Number(args.get('RESULT_LIMIT') ?? (name === 'TASK_HISTORY' ? 100 : 1000));
  const root = args.has('ROOT_TASK_NAME') ? String(args.get('ROOT_TASK_NAME')).toUpperCase() : undefined;
  const errorOnly = args.get('ERROR_ONLY') === true || String(args.get('ERROR_ONLY')).toUpperCase() === 'TRUE';
  if (name === 'TASK_HISTORY') {
    const from = time(args.get('SCHEDULED_TIME_RANGE_START')) ?? Date.now() - 7 * 86_400_000;
    const to = time(args.get('SCHEDULED_TIME_RANGE_END')) ?? Number.MAX_SAFE_INTEGER;
    const task = args.has('TASK_NAME') ? String(args.get('TASK_NAME')).toUpperCase() : undefined;
    const rows = runner.history.filter((h: TaskRunRecord) => h.DATABASE_NAME === database && h.SCHEDULED_TIME.getTime() >= from && h.SCHEDULED_TIME.getTime() <= to
      && (!task || h.NAME === task) && (!errorOnly || h.STATE === 'FAILED'))
      .sort((a, b) => b.SCHEDULED_TIME.getTime() - a.SCHEDULED_TIME.getTime()).slice(0, limit);
    return rowsTable(HISTORY, rows as unknown as Record<string, unknown>[]);
  }
  const done = name === 'COMPLETE_TASK_GRAPHS';
  const rows = runner.graphRuns.filter((g: GraphRunRecord) => g.DATABASE_NAME === database && (done ? g.STATE !== 'EXECUTING' : g.STATE === 'EXECUTING')
    && (!root || g.ROOT_TASK_NAME === root) && (!errorOnly || g.STATE === 'FAILED'))
    .sort((a, b) => b.QUERY_START_TIME.getTime() - a.QUERY_START_TIME.getTime()).slice(0, limit);
  return rowsTable(GRAPHS, rows as unknown as Record<string, unknown>[]);
}
