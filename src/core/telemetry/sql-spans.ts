// One span per SQL statement a step runs through the warehouse handle it was given: the runner
// hands steps a proxy of LocalWarehouse whose query() and run() open a child span of the
// active span. Steps stay plain code; their statements still show up in the trace.
import type { LocalWarehouse } from '../targets/local/warehouse';
import { redact } from '../secrets/redact';
import { withSpan } from './tracing';

const MAX_TEXT = 2000;

function statementAttributes(sql: string) {
  const text = redact(sql.trim());
  return {
    'db.system.name': 'duckdb',
    'db.query.text': text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text,
    'db.operation.name': (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SQL').toUpperCase(),
  };
}

export function instrumentWarehouse(wh: LocalWarehouse): LocalWarehouse {
  return new Proxy(wh, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (sql: string, ...rest: unknown[]) => {
          const a = statementAttributes(sql);
          return withSpan(`sql ${a['db.operation.name']}`, a, async (span) => {
            const rows = await (target.query as (...x: unknown[]) => Promise<unknown[]>).call(target, sql, ...rest);
            span.setAttribute('db.response.returned_rows', rows.length);
            return rows;
          });
        };
      }
      if (prop === 'run') {
        return (sql: string, ...rest: unknown[]) => {
          const a = statementAttributes(sql);
          return withSpan(`sql ${a['db.operation.name']}`, a, () => (target.run as (...x: unknown[]) => Promise<void>).call(target, sql, ...rest));
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
