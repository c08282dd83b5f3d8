// TABLE(RESULT_SCAN('<query id>')): the result of an earlier statement as a table, e.g. the load
// procedures' SUM("rows_parsed") over their COPY INTO's result. The engine keeps the latest
// results under the query ids the server gives them (ExecuteOptions.queryId).
import type { ResultColumn, StatementResult } from '../engine-api';
import { SnowflakeError } from './errors';
import { quoteIdent } from './tokens';
import { bindLiteral } from './translate';

/** How many results are kept: the procedures read their own statements' results back at once. */
const KEPT = 500;

export class ResultStore {
  private readonly results = new Map<string, StatementResult>();

  keep(queryId: string, result: StatementResult): void {
    this.results.set(queryId, result);
    if (this.results.size > KEPT) this.results.delete(this.results.keys().next().value as string);
  }

  /** A derived table of the stored rows with their column names and types. */
  source(queryId: string): string {
    const r = this.results.get(queryId);
    // 000709 (02000) "Statement <id> not found", as Snowflake answers an unknown or expired id.
    if (!r) throw new SnowflakeError('000709', '02000', `Statement ${queryId} not found`);
    const names = r.columns.map((c) => quoteIdent(c.name));
    const cast = (v: unknown, c: ResultColumn) => `CAST(${bindLiteral(v)} AS ${duckType(c)})`;
    if (r.rows.length === 0) return `(SELECT ${r.columns.map((c, i) => `${cast(null, c)} AS ${names[i]}`).join(', ')} WHERE FALSE)`;
    const rows = r.rows.map((row) => `(${row.map((v, i) => cast(v, r.columns[i])).join(', ')})`);
    return `(SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${names.join(', ')}))`;
  }
}

function duckType(c: ResultColumn): string {
  switch (c.type) {
    case 'fixed': return `DECIMAL(${c.precision ?? 38},${c.scale ?? 0})`;
    case 'real': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'timestamp_ntz': return 'TIMESTAMP';
    case 'timestamp_ltz': case 'timestamp_tz': return 'TIMESTAMPTZ';
    case 'variant': case 'object': case 'array': return 'JSON';
    case 'binary': return 'BLOB';
    default: return 'VARCHAR';
  }
}
