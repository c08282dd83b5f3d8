// Snowflake functions the plan and the project's readers call, as DuckDB text. This is an
// allow-list on purpose: a function not listed here is refused with Snowflake's "Unknown
// function" error, so the emulator never accepts a call Snowflake would not know.
import { syntaxError, unknownFunction } from './errors';
import { sqlString, type Token } from './tokens';
import { isGroup, isOp, isTok, isWord, splitCommas, type Group, type Node } from './tree';
import { bindLiteral, translateNodes, type TranslateContext } from './translate';
import { castExpr, readType } from './types';

export interface CallResult { text: string; next: number; variant: boolean }

/** Same name and meaning in DuckDB. */
const PASS_THROUGH = new Set(`COUNT SUM MIN MAX COALESCE NULLIF TRIM LTRIM RTRIM LOWER UPPER LENGTH CONCAT SUBSTR SUBSTRING
REPLACE ABS ROW_NUMBER RANK DENSE_RANK LAG LEAD FIRST_VALUE LAST_VALUE ANY_VALUE COUNT_IF GREATEST LEAST SPLIT_PART FLOOR
CEIL MOD POWER SQRT LEFT RIGHT STDDEV MEDIAN HASH`.split(/\s+/));

/** Snowflake name -> DuckDB name, same arguments. */
const RENAMED: Record<string, string> = {
  BOOLAND_AGG: 'bool_and', BOOLOR_AGG: 'bool_or', NVL: 'coalesce', IFNULL: 'coalesce', LEN: 'length',
  ARRAY_SIZE: 'json_array_length', CHARINDEX: 'strpos', STARTSWITH: 'starts_with', ENDSWITH: 'ends_with',
};

type Handler = (args: Node[][], ctx: TranslateContext, tx: (n: readonly Node[]) => string, call: Group) => string;

const datePart = (arg: Node[], ctx: TranslateContext): string => {
  const t = arg[0];
  if (isTok(t) && (t.kind === 'word' || t.kind === 'string')) return t.value.toLowerCase().replace(/s$/, '');
  throw syntaxError(ctx.sql, isTok(t) ? t.pos : 0, 'unexpected date part');
};

/** Snowflake date/time format elements -> strftime. */
function strftimeFormat(fmt: string): string {
  const parts: [RegExp, string][] = [
    [/^"([^"]*)"/, '$1'], [/^YYYY/, '%Y'], [/^YY/, '%y'], [/^MM/, '%m'], [/^MON/, '%b'], [/^DD/, '%d'], [/^DY/, '%a'],
    [/^HH24/, '%H'], [/^HH12/, '%I'], [/^MI/, '%M'], [/^SS/, '%S'], [/^FF[1-3]/, '%g'], [/^FF[4-6]/, '%f'], [/^FF[7-9]?/, '%n'],
    // The engine's DuckDB runs in UTC (no time zone extension), so the offset is always +00:00.
    [/^TZH:TZM/, '+00:00'], [/^AM|^PM/, '%p'],
  ];
  let out = '';
  let rest = fmt;
  outer: while (rest.length > 0) {
    for (const [re, rep] of parts) {
      const m = re.exec(rest);
      if (m) {
        out += m[0].startsWith('"') ? m[1].replace(/%/g, '%%') : rep;
        rest = rest.slice(m[0].length);
        continue outer;
      }
    }
    out += rest[0] === '%' ? '%%' : rest[0];
    rest = rest.slice(1);
  }
  return out;
}

function stringArg(arg: Node[] | undefined): string | undefined {
  const t = arg?.[0];
  return arg?.length === 1 && isTok(t) && t.kind === 'string' ? t.value : undefined;
}

function castCall(tryCast: boolean): Handler {
  return (_args, ctx, tx, call) => {
    const asAt = call.items.map((n, i) => (isWord(n, 'AS') ? i : -1)).filter((i) => i >= 0).pop();
    if (asAt === undefined) throw syntaxError(ctx.sql, call.pos, "unexpected ')'");
    const t = readType(call.items, asAt + 1, ctx.sql);
    return castExpr(`(${tx(call.items.slice(0, asAt))})`, t.type, tryCast);
  };
}

const tryTo = (duck: (a: string[]) => string): Handler => (args, _ctx, tx) => {
  const a = args.map(tx);
  return `TRY_CAST(${castExpr(a[0], { snowflake: 'VARCHAR', duckdb: 'VARCHAR', semiStructured: false })} AS ${duck(a)})`;
};

const HANDLERS: Record<string, Handler> = {
  CAST: castCall(false),
  TRY_CAST: castCall(true),
  IFF: (a, _c, tx) => `(CASE WHEN ${tx(a[0])} THEN ${tx(a[1])} ELSE ${tx(a[2])} END)`,
  // DECODE matches NULL with NULL, unlike CASE x WHEN.
  DECODE: (a, _c, tx) => {
    const e = tx(a[0]);
    const pairs: string[] = [];
    let i = 1;
    for (; i + 1 < a.length; i += 2) pairs.push(`WHEN ${e} IS NOT DISTINCT FROM ${tx(a[i])} THEN ${tx(a[i + 1])}`);
    return `(CASE ${pairs.join(' ')} ELSE ${i < a.length ? tx(a[i]) : 'NULL'} END)`;
  },
  // OBJECT_CONSTRUCT leaves out keys whose value is SQL NULL; _KEEP_NULL keeps them as JSON null.
  OBJECT_CONSTRUCT: (a, _c, tx) => {
    if (a.length === 0) return `CAST('{}' AS JSON)`;
    const entries: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) entries.push(`{'k': ${tx(a[i])}, 'v': to_json(${tx(a[i + 1])})}`);
    return `COALESCE(to_json(map_from_entries(list_filter([${entries.join(', ')}], e -> e.v IS NOT NULL))), CAST('{}' AS JSON))`;
  },
  OBJECT_CONSTRUCT_KEEP_NULL: (a, _c, tx) => (a.length === 0 ? `CAST('{}' AS JSON)` : `json_object(${a.map(tx).join(', ')})`),
  ARRAY_CONSTRUCT: (a, _c, tx) => (a.length === 0 ? `CAST('[]' AS JSON)` : `json_array(${a.map(tx).join(', ')})`),
  PARSE_JSON: (a, _c, tx) => `CAST(${tx(a[0])} AS JSON)`,
  TRY_PARSE_JSON: (a, _c, tx) => `TRY_CAST(${tx(a[0])} AS JSON)`,
  TO_VARIANT: (a, _c, tx) => `to_json(${tx(a[0])})`,
  // TO_JSON: a VARIANT as its JSON text (a VARCHAR); the Quality view reads GE results with it.
  TO_JSON: (a, _c, tx) => `CAST(to_json(${tx(a[0])}) AS VARCHAR)`,
  // An array stays itself, NULL stays NULL, anything else becomes a one-element array.
  TO_ARRAY: (a, _c, tx) => {
    const x = `to_json(${tx(a[0])})`;
    return `(CASE WHEN ${x} IS NULL THEN NULL WHEN json_type(${x}) = 'ARRAY' THEN ${x} ELSE json_array(${x}) END)`;
  },
  PARSE_XML: (a, _c, tx) => `CAST(sf_parse_xml(${tx(a[0])}) AS JSON)`,
  GET: (a, ctx, tx) => {
    const key = a[1]?.[0];
    if (isTok(key) && key.kind === 'number') return `json_extract(${tx(a[0])}, ${sqlString(`$[${key.value}]`)})`;
    const name = stringArg(a[1]);
    if (name === undefined) throw syntaxError(ctx.sql, 0, 'GET needs a constant key');
    return `json_extract(${tx(a[0])}, ${sqlString(`$."${name.replace(/"/g, '\\"')}"`)})`;
  },
  IS_ARRAY: (a, _c, tx) => `(json_type(${tx(a[0])}) = 'ARRAY')`,
  IS_OBJECT: (a, _c, tx) => `(json_type(${tx(a[0])}) = 'OBJECT')`,
  // Snowflake replaces every occurrence by default.
  REGEXP_REPLACE: (a, _c, tx) => `regexp_replace(${tx(a[0])}, ${tx(a[1])}, ${a[2] ? tx(a[2]) : "''"}, 'g')`,
  REGEXP_LIKE: (a, _c, tx) => `regexp_full_match(${tx(a[0])}, ${tx(a[1])})`,
  // 1-based position of the first match, 0 when none.
  REGEXP_INSTR: (a, _c, tx) => {
    const s = tx(a[0]);
    const p = tx(a[1]);
    return `(CASE WHEN regexp_matches(${s}, ${p}) THEN length(regexp_extract(${s}, '(?s)^(.*?)(?:' || ${p} || ')', 1)) + 1 ELSE 0 END)`;
  },
  ROUND: (a, _c, tx) => `round(${a.map(tx).join(', ')})`,
  AVG: (a, _c, tx) => `avg(${a.map(tx).join(', ')})`,
  TO_VARCHAR: toChar,
  TO_CHAR: toChar,
  TO_DATE: (a, _c, tx) => `CAST(${tx(a[0])} AS DATE)`,
  TRY_TO_DATE: tryTo(() => 'DATE'),
  TRY_TO_TIMESTAMP: tryTo(() => 'TIMESTAMP'),
  TRY_TO_BOOLEAN: tryTo(() => 'BOOLEAN'),
  TRY_TO_DOUBLE: tryTo(() => 'DOUBLE'),
  TRY_TO_NUMBER: tryTo((x) => `DECIMAL(${x[1] ?? 38},${x[2] ?? 0})`),
  TRY_TO_DECIMAL: tryTo((x) => `DECIMAL(${x[1] ?? 38},${x[2] ?? 0})`),
  TRY_TO_NUMERIC: tryTo((x) => `DECIMAL(${x[1] ?? 38},${x[2] ?? 0})`),
  TO_NUMBER: (a, _c, tx) => `CAST(${tx(a[0])} AS DECIMAL(${a[1] ? tx(a[1]) : 38},${a[2] ? tx(a[2]) : 0}))`,
  DATEADD: (a, ctx, tx) => `(${tx(a[2])} + ${tx(a[1])} * INTERVAL 1 ${datePart(a[0], ctx).toUpperCase()})`,
  DATEDIFF: (a, ctx, tx) => `date_diff('${datePart(a[0], ctx)}', ${tx(a[1])}, ${tx(a[2])})`,
  // Known gap: Snowflake keeps a DATE input's type; DuckDB's date_trunc gives a TIMESTAMP (same
  // instant, so comparisons and TO_CHAR agree).
  DATE_TRUNC: (a, ctx, tx) => `date_trunc('${datePart(a[0], ctx)}', ${tx(a[1])})`,
  'SNOWFLAKE.CORTEX.SENTIMENT': (a, _c, tx) => `sf_cortex_sentiment(${tx(a[0])})`,
  'SNOWFLAKE.CORTEX.EXTRACT_ANSWER': (a, _c, tx) => `CAST(sf_cortex_extract_answer(${tx(a[0])}, ${tx(a[1])}) AS JSON)`,
  XMLGET: (a, _c, tx) => `CAST(sf_xmlget(CAST(${tx(a[0])} AS VARCHAR), ${tx(a[1])}, ${a[2] ? tx(a[2]) : '0'}) AS JSON)`,
  // CONVERT_TIMEZONE('UTC', ts): the same instant shown in UTC. The engine's DuckDB has no time
  // zone extension, so its TIMESTAMPTZ already reads in UTC (and casts to UTC wall time); other
  // zones and the three-argument form are refused (the event-table reader sends only this one).
  CONVERT_TIMEZONE: (a, ctx, tx) => {
    if (a.length !== 2 || stringArg(a[0])?.toUpperCase() !== 'UTC') throw syntaxError(ctx.sql, 0, "the emulator's CONVERT_TIMEZONE converts to 'UTC' only (two arguments)");
    return tx(a[1]);
  },
  SYSDATE: () => `CAST(now() AS TIMESTAMP)`, // UTC: the engine's DuckDB has no time zone extension
  CURRENT_TIMESTAMP: () => 'CURRENT_TIMESTAMP',
  CURRENT_DATE: () => 'CURRENT_DATE',
  // The session's context, as literals (NULL when the session has none).
  CURRENT_USER: (_a, c) => bindLiteral(c.session.user ?? null),
  CURRENT_ROLE: (_a, c) => bindLiteral(c.session.role ?? null),
  CURRENT_DATABASE: (_a, c) => bindLiteral(c.session.database ?? null),
  CURRENT_SCHEMA: (_a, c) => bindLiteral(c.session.schema ?? null),
  CURRENT_WAREHOUSE: (_a, c) => bindLiteral(c.session.warehouse ?? null),
  FLATTEN: flatten,
  RESULT_SCAN: (a, c, tx) => {
    const id = /^'(.*)'$/s.exec(tx(a[0]));
    if (!id) throw syntaxError(c.sql, 0, 'RESULT_SCAN needs a query id');
    return c.resultScan(id[1].replace(/''/g, "'"));
  },
};

function toChar(a: Node[][], _c: TranslateContext, tx: (n: readonly Node[]) => string): string {
  const fmt = stringArg(a[1]);
  if (fmt === undefined) return castExpr(tx(a[0]), { snowflake: 'VARCHAR', duckdb: 'VARCHAR', semiStructured: false });
  return `strftime(${tx(a[0])}, ${sqlString(strftimeFormat(fmt))})`;
}

/** FLATTEN(input => x [, RECURSIVE => TRUE]): one row per element (array) or field (object), or
 *  with RECURSIVE per descendant, with Snowflake's columns SEQ, KEY, PATH, INDEX, VALUE, THIS.
 *  NULL or a scalar input gives no rows. (OUTER, PATH and MODE are not implemented.) */
function flatten(a: Node[][], ctx: TranslateContext, tx: (n: readonly Node[]) => string): string {
  const named = new Map<string, Node[]>();
  a.forEach((arg, i) => {
    if (isTok(arg[0]) && isOp(arg[1], '=>')) named.set((arg[0] as Token).value, arg.slice(2));
    else named.set(['INPUT', 'PATH', 'OUTER', 'RECURSIVE', 'MODE'][i], arg);
  });
  const input = named.get('INPUT');
  if (!input) throw syntaxError(ctx.sql, 0, 'FLATTEN needs INPUT');
  for (const k of ['PATH', 'OUTER', 'MODE']) if (named.has(k)) throw syntaxError(ctx.sql, 0, `FLATTEN ${k} is not supported by the emulator`);
  const recursive = isWord(named.get('RECURSIVE')?.[0], 'TRUE');
  const x = tx(input);
  // json_tree lists the input itself first (no parent); FLATTEN lists descendants only.
  const source = recursive ? `json_tree(CASE WHEN json_type(${x}) IN ('ARRAY', 'OBJECT') THEN ${x} END) AS je WHERE je.parent IS NOT NULL`
    : `json_each(CASE WHEN json_type(${x}) IN ('ARRAY', 'OBJECT') THEN ${x} END) AS je`;
  const inArray = `je.fullkey LIKE '%]'`;
  return `(SELECT 1 AS "SEQ", CASE WHEN ${inArray} THEN NULL ELSE je.key END AS "KEY",
    regexp_replace(je.fullkey, '^\\$\\.?', '') AS "PATH",
    CASE WHEN ${inArray} THEN CAST(je.key AS BIGINT) END AS "INDEX",
    je.value AS "VALUE", ${x} AS "THIS"
    FROM ${source})`;
}

/** A call `name(…)` at items[after-1]; reads a following WITHIN GROUP (…) / OVER (…). */
export function callFunction(name: string, call: Group, items: readonly Node[], after: number, ctx: TranslateContext): CallResult {
  const tx = (n: readonly Node[]) => translateNodes(n, ctx);
  let next = after;
  let text: string;
  if (name === 'ARRAY_AGG') {
    // ARRAY_AGG skips NULLs and gives [] for no rows; WITHIN GROUP (ORDER BY …) orders it.
    let order = '';
    if (isWord(items[next], 'WITHIN') && isWord(items[next + 1], 'GROUP') && isGroup(items[next + 2], '(')) {
      order = ' ' + tx((items[next + 2] as Group).items);
      next += 3;
    }
    const distinct = isWord(call.items[0], 'DISTINCT');
    const arg = tx(distinct ? call.items.slice(1) : call.items);
    text = `COALESCE(to_json(list(${distinct ? 'DISTINCT ' : ''}${arg}${order}) FILTER (WHERE ${arg} IS NOT NULL)), CAST('[]' AS JSON))`;
    return { text, next, variant: true };
  }
  if (PASS_THROUGH.has(name)) text = `${name.toLowerCase()}(${tx(call.items)})`;
  else if (RENAMED[name]) text = `${RENAMED[name]}(${tx(call.items)})`;
  else if (HANDLERS[name]) text = HANDLERS[name](splitCommas(call.items), ctx, tx, call);
  else throw unknownFunction(name);
  if (isWord(items[next], 'OVER') && isGroup(items[next + 1], '(')) {
    text += ` OVER (${tx((items[next + 1] as Group).items)})`;
    next += 2;
  }
  const variant = ['OBJECT_CONSTRUCT', 'OBJECT_CONSTRUCT_KEEP_NULL', 'ARRAY_CONSTRUCT', 'PARSE_JSON', 'TRY_PARSE_JSON', 'GET', 'XMLGET', 'SNOWFLAKE.CORTEX.EXTRACT_ANSWER', 'TO_VARIANT', 'TO_ARRAY', 'PARSE_XML'].includes(name);
  return { text, next, variant };
}
