// One span per SQL statement a step runs: the runner hands steps a proxy of LocalWarehouse whose
// query() and run(), and the connections its connect() returns (run, runAndReadAll,
// runAndRead), open a child span of the active span. Steps stay plain code; their statements
// still show up in the trace with db.query.text.
import type { DuckDBConnection } from '@duckdb/node-api';
import { context, createContextKey } from '@opentelemetry/api';
import type { LocalWarehouse } from '../targets/local/warehouse';
import { redact } from '../secrets/redact';
import { withSpan } from './tracing';

const MAX_TEXT = 2000;
/** Set inside a statement span: wh.query(sql, params, conn) must not yield two spans. */
const IN_STATEMENT = createContextKey('retail-pipeline sql statement');

function statementAttributes(sql: string) {
  const text = redact(sql.trim());
  return {
    'db.system.name': 'duckdb',
    'db.query.text': text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text,
    'db.operation.name': (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SQL').toUpperCase(),
  };
}

/** Runs one statement inside its own span (for step code that talks to DuckDB some other way). */
export function sqlSpan<T>(sql: string, run: () => Promise<T>, returnedRows?: (result: T) => number | undefined): Promise<T> {
  if (context.active().getValue(IN_STATEMENT)) return run();
  const a = statementAttributes(sql);
  return withSpan(`sql ${a['db.operation.name']}`, a, (span) => context.with(context.active().setValue(IN_STATEMENT, true), async () => {
    const result = await run();
    const n = returnedRows?.(result);
    if (n !== undefined) span.setAttribute('db.response.returned_rows', n);
    return result;
  }));
}

type Fn = (...args: unknown[]) => Promise<unknown>;

export function instrumentConnection(conn: DuckDBConnection): DuckDBConnection {
  return new Proxy(conn, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'run' || prop === 'runAndReadAll' || prop === 'runAndRead') {
        return (sql: string, ...rest: unknown[]) => sqlSpan(sql, () => (v as Fn).call(target, sql, ...rest));
      }
      return (v as Fn).bind(target);
    },
  });
}

export function instrumentWarehouse(wh: LocalWarehouse): LocalWarehouse {
  return new Proxy(wh, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'query') {
        return (sql: string, ...rest: unknown[]) => sqlSpan(sql, () => (v as Fn).call(target, sql, ...rest), (rows) => (rows as unknown[]).length);
      }
      if (prop === 'run') return (sql: string, ...rest: unknown[]) => sqlSpan(sql, () => (v as Fn).call(target, sql, ...rest));
      if (prop === 'connect') return async () => instrumentConnection(await target.connect());
      return (v as Fn).bind(target);
    },
  });
}
