// What each step-SQL macro becomes on DuckDB (the local target) and on Snowflake. Only
// documented functions on each side: DuckDB's struct_pack/list/json_each/strftime and our
// registered local AI functions; Snowflake's OBJECT_CONSTRUCT, ARRAY_AGG … WITHIN GROUP,
// LATERAL FLATTEN, TO_CHAR, SNOWFLAKE.CORTEX.SENTIMENT and SNOWFLAKE.CORTEX.EXTRACT_ANSWER.
import { quoteLiteral, snowflakeLiteral } from './identifiers';
import { expandMacros, stringArg, TemplateError, type MacroCall } from './template';
import { US_STATES } from './us-states';

export type Dialect = 'duckdb' | 'snowflake';

export interface SentimentThresholds {
  /** Scores above this are 'Positive'. */
  readonly positive: number;
  /** Scores below this are 'Negative'; between the two, 'Neutral'. */
  readonly negative: number;
}

export interface RenderOptions {
  readonly dialect: Dialect;
  readonly sentiment: SentimentThresholds;
}

const TYPES = new Set(['VARCHAR', 'STRING', 'DOUBLE', 'FLOAT', 'INTEGER', 'BIGINT', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'DECIMAL(10,2)', 'DECIMAL(18,2)', 'DECIMAL(3,1)']);

type Expander = (args: string[], call: MacroCall, file: string, o: RenderOptions) => string;

function typeArg(arg: string, call: MacroCall, file: string): string {
  const t = stringArg(arg, call, file).toUpperCase();
  if (!TYPES.has(t)) throw new TemplateError(file, call.line, `${call.name}: unsupported type ${t}; expected one of ${[...TYPES].join(', ')}`);
  return t === 'STRING' ? 'VARCHAR' : t;
}

/** A small non-negative integer literal argument (a number of decimals). */
function digitsArg(arg: string, call: MacroCall, file: string): number {
  if (!/^[0-6]$/.test(arg.trim())) throw new TemplateError(file, call.line, `${call.name}: expected a number of decimals 0 to 6, got ${arg}`);
  return Number(arg.trim());
}

/** Snowflake: map Cortex's free-text answer ("Arizona", "AZ", "az.") onto a two-letter code. */
function stateCodeFromAnswer(answer: string): string {
  const cleaned = `UPPER(TRIM(REGEXP_REPLACE(${answer}, '[^A-Za-z ]', '')))`;
  const pairs = US_STATES.flatMap(([code, name]) => [snowflakeLiteral(name.toUpperCase()), snowflakeLiteral(code)]);
  const codes = US_STATES.map(([code]) => snowflakeLiteral(code)).join(', ');
  return `IFF(${cleaned} IN (${codes}), ${cleaned}, DECODE(${cleaned}, ${pairs.join(', ')}, NULL))`;
}

export interface MacroDef {
  readonly doc: string;
  readonly arity: number | [number, number];
  /** For a macro that is a table (used in FROM): the columns both renderings have. The language
   *  server reads these too, so `f.value` resolves in the editor exactly when it runs. */
  readonly columns?: readonly string[];
  readonly duckdb: Expander;
  readonly snowflake: Expander;
}

/** [lowest, highest] number of arguments a macro takes. */
export function arityRange(def: MacroDef): [number, number] {
  return typeof def.arity === 'number' ? [def.arity, def.arity] : def.arity;
}

export function arityMessage(name: string, def: MacroDef, got: number): string | undefined {
  const [lo, hi] = arityRange(def);
  return got < lo || got > hi ? `${name} expects ${lo === hi ? lo : `${lo} to ${hi}`} argument(s), got ${got}` : undefined;
}

// DuckDB's json_each has key, value, path (and more); Snowflake's FLATTEN has KEY, VALUE, PATH
// (and more): these three mean the same on both.
const FLATTEN_COLUMNS = ['value', 'key', 'path'] as const;

export const MACROS: Record<string, MacroDef> = {
  ai_sentiment: {
    doc: 'ai_sentiment(text) -> DOUBLE in -1..1 (local model | SNOWFLAKE.CORTEX.SENTIMENT)',
    arity: 1,
    duckdb: ([t]) => `ai_sentiment(${t})`,
    snowflake: ([t]) => `SNOWFLAKE.CORTEX.SENTIMENT(${t})`,
  },
  ai_us_state_answer: {
    doc: 'ai_us_state_answer(address) -> the AI answer for the US state of an address (local: already a code; Snowflake: EXTRACT_ANSWER result). Pass it to us_state_code in an outer query, so the AI runs once per value.',
    arity: 1,
    duckdb: ([a]) => `ai_us_state(${a})`,
    snowflake: ([a]) => `SNOWFLAKE.CORTEX.EXTRACT_ANSWER(${a}, 'What is the US state of this address?')`,
  },
  us_state_code: {
    doc: 'us_state_code(answer) -> two-letter US state code or NULL, from an ai_us_state_answer column',
    arity: 1,
    duckdb: ([x]) => x,
    // EXTRACT_ANSWER returns [{answer, score}]; tolerate a plain string as well.
    snowflake: ([x]) => stateCodeFromAnswer(`IFF(IS_ARRAY(${x}), ${x}[0]:answer::VARCHAR, ${x}::VARCHAR)`),
  },
  sentiment_label: {
    doc: "sentiment_label(score) -> 'Positive' | 'Neutral' | 'Negative' using the configured thresholds",
    arity: 1,
    duckdb: ([s], _c, _f, o) => `CASE WHEN ${s} IS NULL THEN NULL WHEN ${s} > ${o.sentiment.positive} THEN 'Positive' WHEN ${s} < ${o.sentiment.negative} THEN 'Negative' ELSE 'Neutral' END`,
    snowflake: ([s], _c, _f, o) => `CASE WHEN ${s} IS NULL THEN NULL WHEN ${s} > ${o.sentiment.positive} THEN 'Positive' WHEN ${s} < ${o.sentiment.negative} THEN 'Negative' ELSE 'Neutral' END`,
  },
  object: {
    doc: "object('KEY', value, …) -> a semi-structured object",
    arity: [2, 40],
    duckdb: (args, c, f) => {
      if (args.length % 2) throw new TemplateError(f, c.line, 'object expects key/value pairs');
      const parts: string[] = [];
      for (let i = 0; i < args.length; i += 2) parts.push(`"${stringArg(args[i], c, f).replace(/"/g, '""')}" := ${args[i + 1]}`);
      return `struct_pack(${parts.join(', ')})`;
    },
    snowflake: (args, c, f) => {
      if (args.length % 2) throw new TemplateError(f, c.line, 'object expects key/value pairs');
      return `OBJECT_CONSTRUCT(${args.join(', ')})`;
    },
  },
  array_agg: {
    doc: 'array_agg(expr, order_key, …) -> an array aggregate ordered by the keys (deterministic across runs)',
    arity: [2, 10],
    duckdb: ([e, ...o]) => `list(${e} ORDER BY ${o.join(', ')})`,
    snowflake: ([e, ...o]) => `ARRAY_AGG(${e}) WITHIN GROUP (ORDER BY ${o.join(', ')})`,
  },
  flatten: {
    doc: `flatten(array_expr) -> a lateral table of the elements, columns ${FLATTEN_COLUMNS.map((c) => c.toUpperCase()).join(', ')} (use after a comma or JOIN LATERAL … ON TRUE)`,
    arity: 1,
    columns: FLATTEN_COLUMNS,
    duckdb: ([e]) => `json_each(${e})`,
    snowflake: ([e]) => `TABLE(FLATTEN(input => ${e}))`,
  },
  field: {
    doc: "field(object_expr, 'key', 'TYPE') -> the typed value of a key of a semi-structured object",
    arity: 3,
    duckdb: ([e, k, t], c, f) => `CAST(json_extract_string(${e}, ${quoteLiteral('$.' + stringArg(k, c, f))}) AS ${typeArg(t, c, f)})`,
    snowflake: ([e, k, t], c, f) => `${e}:${JSON.stringify(stringArg(k, c, f))}::${typeArg(t, c, f)}`,
  },
  ratio_round: {
    doc: 'ratio_round(numerator, denominator, digits) -> numerator / denominator rounded half away from zero to digits decimals, exactly (a DECIMAL numerator with at most digits decimals, e.g. SUM(amount), over a count); NULL when the denominator is 0. AVG(x) rounded is ratio_round(SUM(x), COUNT(x), 2).',
    arity: 3,
    // DuckDB divides DECIMALs as DOUBLE, so 557.93 / 2 = 278.965 would round to 278.96 where
    // Snowflake's exact NUMBER division gives 278.97. Integer arithmetic on the scaled numerator
    // gives Snowflake's digits: round(s / n) = sign(s) * ((2|s| + n) div 2n).
    duckdb: ([num, den, d], c, f) => {
      const digits = digitsArg(d, c, f);
      const scaled = `CAST((${num}) * ${10 ** digits} AS HUGEINT)`;
      const n = `NULLIF(${den}, 0)`;
      // Back to `digits` decimals by a DECIMAL multiplication (a division would be DOUBLE again).
      return `(CAST(SIGN(${scaled}) * ((2 * ABS(${scaled}) + ${n}) // (2 * ${n})) AS DECIMAL(38,0)) * ${(10 ** -digits).toFixed(digits)})`;
    },
    snowflake: ([num, den, d], c, f) => `ROUND((${num}) / NULLIF(${den}, 0), ${digitsArg(d, c, f)})`,
  },
  month_start: {
    doc: 'month_start(date or timestamp) -> DATE of the first day of its month',
    arity: 1,
    duckdb: ([d]) => `CAST(date_trunc('month', ${d}) AS DATE)`,
    // DATE_TRUNC keeps its argument's type: a TIMESTAMP stays one, so cast as DuckDB does.
    snowflake: ([d]) => `CAST(DATE_TRUNC('MONTH', ${d}) AS DATE)`,
  },
  month_text: {
    doc: "month_text(date or timestamp) -> 'YYYY-MM'",
    arity: 1,
    duckdb: ([d]) => `strftime(${d}, '%Y-%m')`,
    snowflake: ([d]) => `TO_CHAR(${d}, 'YYYY-MM')`,
  },
};

function expandCall(call: MacroCall, file: string, o: RenderOptions): string {
  const m = MACROS[call.name];
  if (!m) throw new TemplateError(file, call.line, `unknown macro ${call.name}; expected one of ${Object.keys(MACROS).join(', ')}`);
  const wrong = arityMessage(call.name, m, call.args.length);
  if (wrong) throw new TemplateError(file, call.line, wrong);
  // An argument that is itself a macro call, e.g. array_agg(object('K', v), k), expands first.
  const args = call.args.map((a, k) => {
    const inner = call.argCalls[k];
    return inner && MACROS[inner.name] ? expandCall(inner, file, o) : a;
  });
  return m[o.dialect](args, { ...call, args }, file, o);
}

export function renderSql(sql: string, file: string, o: RenderOptions): string {
  return expandMacros(sql, file, (call) => expandCall(call, file, o));
}
