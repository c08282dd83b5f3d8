// Snowflake data types -> DuckDB types, and Snowflake's casts. VARIANT, OBJECT and ARRAY are
// carried as DuckDB JSON; a cast FROM a VARIANT reads the JSON value (a JSON string casts to its
// text without quotes, as Snowflake's `v:name::VARCHAR` does), a cast of anything else is a
// plain CAST.
import { syntaxError } from './errors';
import type { Token } from './tokens';
import { isGroup, isTok, splitCommas, type Node } from './tree';

export interface SqlType {
  /** The Snowflake name, upper-cased (NUMBER, VARCHAR, VARIANT …). */
  readonly snowflake: string;
  readonly duckdb: string;
  readonly semiStructured: boolean;
}

const SEMI = new Set(['VARIANT', 'OBJECT', 'ARRAY']);

function plain(name: string): string | undefined {
  switch (name) {
    case 'VARCHAR': case 'STRING': case 'TEXT': case 'CHAR': case 'CHARACTER': case 'NVARCHAR': return 'VARCHAR';
    case 'BOOLEAN': return 'BOOLEAN';
    case 'DATE': return 'DATE';
    case 'TIME': return 'TIME';
    case 'DOUBLE': case 'FLOAT': case 'FLOAT4': case 'FLOAT8': case 'REAL': return 'DOUBLE';
    // Snowflake's integer types are all NUMBER(38,0).
    case 'INT': case 'INTEGER': case 'BIGINT': case 'SMALLINT': case 'TINYINT': case 'BYTEINT': return 'DECIMAL(38,0)';
    case 'TIMESTAMP': case 'TIMESTAMP_NTZ': case 'DATETIME': return 'TIMESTAMP';
    case 'TIMESTAMP_LTZ': case 'TIMESTAMP_TZ': return 'TIMESTAMPTZ';
    case 'BINARY': case 'VARBINARY': return 'BLOB';
    case 'VARIANT': case 'OBJECT': case 'ARRAY': return 'JSON';
    default: return undefined;
  }
}

/** Reads a type at items[start]: a name with an optional (p, s) group. */
export function readType(items: readonly Node[], start: number, sql: string): { type: SqlType; next: number } {
  const head = items[start];
  if (!isTok(head) || head.kind !== 'word') throw syntaxError(sql, isTok(head) ? head.pos : sql.length, 'unexpected type');
  const name = head.value;
  let next = start + 1;
  let params: number[] = [];
  const g = items[next];
  if (isGroup(g, '(')) {
    params = splitCommas(g.items).map((arg) => Number((arg[0] as Token).value));
    next++;
  }
  if (name === 'NUMBER' || name === 'DECIMAL' || name === 'NUMERIC') {
    const [p = 38, s = 0] = params;
    return { type: { snowflake: 'NUMBER', duckdb: `DECIMAL(${p},${s})`, semiStructured: false }, next };
  }
  const duck = plain(name);
  if (!duck) throw syntaxError(sql, head.pos, `unexpected '${head.raw}'`);
  return { type: { snowflake: name, duckdb: duck, semiStructured: SEMI.has(name) }, next };
}

/** Snowflake `expr::T` / CAST(expr AS T). The JSON branch is chosen by DuckDB at bind time
 *  (typeof is constant per expression), so a non-VARIANT operand costs nothing extra. */
export function castExpr(expr: string, type: SqlType, tryCast = false): string {
  const cast = tryCast ? 'TRY_CAST' : 'CAST';
  if (type.semiStructured) return `to_json(${expr})`;
  return `(CASE WHEN typeof(${expr}) = 'JSON' THEN ${cast}(json_extract_string(CAST(${expr} AS JSON), '$') AS ${type.duckdb}) ELSE ${cast}(${expr} AS ${type.duckdb}) END)`;
}
