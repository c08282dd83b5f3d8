// Runs a transform task's step SQL on the local DuckDB warehouse. Regular tables are replaced
// with CREATE OR REPLACE TABLE … AS in one transaction per task (all of a step's tables change
// together or not at all); Iceberg tables get a new overwrite snapshot each, then the
// warehouse view over the current snapshot is refreshed.
import type { DuckDBConnection } from '@duckdb/node-api';
import { registerLocalAiFunctions } from '../ai/duckdb-functions';
import { DEFAULT_SENTIMENT_THRESHOLDS } from '../ai/sentiment';
import { attachIcebergView, commitIcebergOverwrite, icebergTableDir } from '../iceberg';
import type { TaskDef } from '../manifest';
import type { PipelineContext, StepResult } from '../pipeline/context';
import { quoteIdent } from '../sql/identifiers';
import { withSpan } from '../telemetry/tracing';
import { loadStepSql, renderStatement } from './step-sql';

/** The AI functions as constants, as temporary macros of this connection (see PipelineContext.ai). */
export async function registerConstantAiFunctions(conn: DuckDBConnection): Promise<void> {
  await conn.run('CREATE OR REPLACE TEMP MACRO ai_sentiment(t) AS CAST(0.0 AS DOUBLE)');
  await conn.run('CREATE OR REPLACE TEMP MACRO ai_us_state(a) AS CAST(NULL AS VARCHAR)');
}

/** ROWS_IN of a transform: the rows of the tables it reads (the manifest's `reads`), counted
 *  before its statements replace anything, in one statement. */
async function countInputRows(conn: DuckDBConnection, task: TaskDef): Promise<number> {
  const inputs = task.reads.filter((t) => !task.writes.includes(t));
  if (!inputs.length) return 0;
  const r = await conn.runAndReadAll(`SELECT (${inputs.map((t) => `(SELECT COUNT(*) FROM ${quoteIdent(t)})`).join(' + ')})::BIGINT AS n`);
  return Number(r.getRowObjects()[0].n);
}

export async function runTransformTask(task: TaskDef, ctx: PipelineContext): Promise<StepResult> {
  const statements = loadStepSql(task.name);
  const conn: DuckDBConnection = await ctx.wh.connect();
  const tables: Record<string, number> = {};
  let rowsIn = 0;
  let inTx = false;
  try {
    if (statements.some((s) => /\{\{\s*ai_/.test(s.template))) {
      if (ctx.ai === 'constant') await registerConstantAiFunctions(conn);
      else registerLocalAiFunctions(conn);
    }
    const options = { dialect: 'duckdb' as const, sentiment: ctx.sentiment ?? DEFAULT_SENTIMENT_THRESHOLDS };
    rowsIn = await countInputRows(conn, task);
    ctx.log.log('DEBUG', `${task.name}: ${rowsIn} rows in ${task.reads.join(', ')}`);
    for (const s of statements) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('cancelled');
      const select = renderStatement(s, options);
      const t0 = Date.now();
      const attrs = { 'retail.table': s.table.name, 'retail.step_sql': s.file };
      if (s.table.kind === 'iceberg') {
        if (inTx) { await conn.run('COMMIT'); inTx = false; }
        const dir = icebergTableDir(ctx.workspace, s.table.name, ctx.wh.stateDir); // beside the warehouse whose view reads it
        // Phase "write": the SELECT streams into Parquet and the snapshot is committed.
        tables[s.table.name] = await withSpan('write', { ...attrs, 'retail.table_kind': 'iceberg' }, async (span) => {
          const r = await commitIcebergOverwrite(conn, { tableDir: dir, tableName: s.table.name, columns: s.table.columns, selectSql: select });
          await attachIcebergView(conn, s.table.name, dir);
          span.setAttributes({ 'retail.iceberg.snapshot_id': String(r.snapshotId), 'snow.output.rows': r.rows });
          return r.rows;
        });
      } else {
        if (!inTx) { await conn.run('BEGIN TRANSACTION'); inTx = true; }
        tables[s.table.name] = await withSpan('transform', attrs, async (span) => {
          await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(s.table.name)} AS ${select}`);
          const r = await conn.runAndReadAll(`SELECT COUNT(*)::INTEGER AS n FROM ${quoteIdent(s.table.name)}`);
          const n = Number(r.getRowObjects()[0].n);
          span.setAttribute('snow.output.rows', n);
          return n;
        });
      }
      ctx.log.log('DEBUG', `${task.name}: ${s.table.name} ${tables[s.table.name]} rows from ${s.file} (${Date.now() - t0} ms)`);
    }
    // Phase "write": the step's regular tables become visible together.
    if (inTx) { await withSpan('write', { 'retail.task': task.name }, () => conn.run('COMMIT')); inTx = false; }
  } catch (e) {
    if (inTx) await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    conn.closeSync();
  }
  const rowsOut = Object.values(tables).reduce((a, b) => a + b, 0);
  return {
    rowsIn, rowsOut, rejected: 0, tables,
    returnValue: Object.entries(tables).map(([t, n]) => `${t}: ${n}`).join(', '),
  };
}
