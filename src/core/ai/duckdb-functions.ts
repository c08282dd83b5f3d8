// SQL access to the local AI functions, so the silver step can be the same SQL on both targets:
//   ai_sentiment(VARCHAR) -> DOUBLE    (−1..1, like SNOWFLAKE.CORTEX.SENTIMENT)
//   ai_us_state(VARCHAR)  -> VARCHAR   (two-letter code or NULL, like the Cortex EXTRACT_ANSWER prompt)
// Scalar UDFs run on the JS thread one data chunk (up to 2048 rows) at a time. Each function
// keeps a cache of the texts it has seen: addresses repeat across customers and orders, and
// the pipeline re-runs over the same reviews.
import { DOUBLE, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { scoreSentiment } from './sentiment';
import { extractState } from './us-state';

/** Past this many distinct inputs a cache starts again, bounding memory on huge tables. */
const CACHE_LIMIT = 200_000;

function cached<T>(fn: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let v = memo.get(text);
    if (v === undefined && !memo.has(text)) {
      if (memo.size >= CACHE_LIMIT) memo.clear();
      v = fn(text);
      memo.set(text, v);
    }
    return v as T;
  };
}

function textFunction<T extends number | string>(
  name: string,
  returnType: typeof DOUBLE | typeof VARCHAR,
  fn: (text: string) => T | null,
): DuckDBScalarFunction {
  const compute = cached(fn);
  return DuckDBScalarFunction.create({
    name,
    returnType,
    parameterTypes: [VARCHAR],
    mainFunction: (info, input, output) => {
      const texts = input.getColumnVector(0);
      try {
        for (let row = 0; row < input.rowCount; row++) {
          const text = texts.getItem(row) as string | null;
          output.setItem(row, text === null ? null : compute(text));
        }
        output.flush();
      } catch (err) {
        // An exception thrown on the JS thread would not reach the SQL caller; report it as the
        // statement's error instead.
        info.setError(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
}

/** Registers ai_sentiment and ai_us_state. They go into the database's catalog, so every
 *  connection of the same DuckDB instance sees them; registering again replaces them. */
export function registerLocalAiFunctions(conn: DuckDBConnection): void {
  conn.registerScalarFunction(textFunction('ai_sentiment', DOUBLE, scoreSentiment));
  conn.registerScalarFunction(textFunction('ai_us_state', VARCHAR, extractState));
}
