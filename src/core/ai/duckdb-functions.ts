// SQL access to the local AI functions, so the silver step can be the same SQL on both targets:
//   ai_sentiment(VARCHAR) -> DOUBLE    (−1..1, like SNOWFLAKE.CORTEX.SENTIMENT)
//   ai_us_state(VARCHAR)  -> VARCHAR   (two-letter code or NULL, like the Cortex EXTRACT_ANSWER prompt)
// Scalar UDFs run on the JS thread one data chunk (up to 2048 rows) at a time. Each function
// keeps a cache of the texts it has seen (addresses repeat across customers and orders, review
// texts repeat, and the pipeline re-runs over the same reviews); a chunk's distinct texts that
// are not cached are computed together, on all cores (text-pool.ts).
import { DOUBLE, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { packState, unpackState } from './ai-worker-protocol';
import { scoreSentiment } from './sentiment';
import { TextPool } from './text-pool';
import { extractState } from './us-state';

/** Past this many distinct inputs a cache starts again, bounding memory on huge tables. */
const CACHE_LIMIT = 200_000;

function textFunction<T extends number | string>(
  name: string,
  returnType: typeof DOUBLE | typeof VARCHAR,
  pool: TextPool,
  decode: (n: number) => T | null,
): DuckDBScalarFunction {
  const memo = new Map<string, T | null>();
  return DuckDBScalarFunction.create({
    name,
    returnType,
    parameterTypes: [VARCHAR],
    mainFunction: (info, input, output) => {
      const texts = input.getColumnVector(0);
      try {
        const rows: (string | null)[] = new Array(input.rowCount);
        const missing = new Set<string>();
        for (let row = 0; row < input.rowCount; row++) {
          const text = texts.getItem(row) as string | null;
          rows[row] = text;
          if (text !== null && !memo.has(text)) missing.add(text);
        }
        if (missing.size) {
          if (memo.size + missing.size > CACHE_LIMIT) memo.clear();
          const todo = [...missing];
          const results = pool.computeSync(todo);
          for (let i = 0; i < todo.length; i++) memo.set(todo[i], decode(results[i]));
        }
        for (let row = 0; row < rows.length; row++) {
          const text = rows[row];
          output.setItem(row, text === null ? null : (memo.get(text) as T | null));
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
export function registerLocalAiFunctions(conn: DuckDBConnection, own?: Pools): void {
  const p = own ?? pools();
  conn.registerScalarFunction(textFunction('ai_sentiment', DOUBLE, p.sentiment, (n) => n));
  conn.registerScalarFunction(textFunction('ai_us_state', VARCHAR, p.state, unpackState));
}

export interface Pools {
  readonly sentiment: TextPool;
  readonly state: TextPool;
}

/** Pools with `workers` threads each (default: one per core but this one). */
export function createPools(workers?: number): Pools {
  return { sentiment: new TextPool('sentiment', scoreSentiment, workers), state: new TextPool('state', (t) => packState(extractState(t)), workers) };
}

let shared: Pools | undefined;

/** One pool per function for the process: workers load their model once and are reused. */
export function pools(): Pools {
  shared ??= createPools();
  return shared;
}
