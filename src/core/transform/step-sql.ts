// Step SQL files: sql/pipeline/<task>/<NN>_<table>.sql, run in file-name order. Each file is
// one SELECT that produces the table named in its `-- table:` header; the target decides how
// to materialise it (CREATE OR REPLACE TABLE … AS, or an Iceberg overwrite).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTable, task as taskDef, type TableDef } from '../manifest';
import { renderSql, type RenderOptions } from '../sql/dialect';
import { sqlDir } from '../paths';
import { findTableHeader, TABLE_HEADER_FORM } from './table-header';

export interface StepStatement {
  /** Path relative to the package's sql/ folder, e.g. pipeline/bronze_silver_task/01_silver_customers.sql. */
  readonly file: string;
  readonly table: TableDef;
  /** The template as written (with macros). */
  readonly template: string;
}

export class StepSqlError extends Error {}

export function stepSqlFolder(taskName: string): string {
  return join(sqlDir(), 'pipeline', taskName);
}

export function loadStepSql(taskName: string, root = sqlDir()): StepStatement[] {
  const t = taskDef(taskName);
  const dir = join(root, 'pipeline', taskName);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  } catch {
    throw new StepSqlError(`task ${taskName}: no step SQL folder sql/pipeline/${taskName}/`);
  }
  const out = files.map((f) => {
    const rel = `pipeline/${taskName}/${f}`;
    const template = readFileSync(join(dir, f), 'utf8');
    const named = findTableHeader(template);
    if (!named) throw new StepSqlError(`${rel}:1: expected a header line "${TABLE_HEADER_FORM}"`);
    const table = findTable(named);
    if (!table) throw new StepSqlError(`${rel}: table ${named} is not in the pipeline catalog`);
    if (!t.writes.includes(table.name)) throw new StepSqlError(`${rel}: task ${taskName} does not write ${table.name} in the manifest (writes ${t.writes.join(', ')})`);
    return { file: rel, table, template };
  });
  const missing = t.writes.filter((w) => !out.some((s) => s.table.name === w));
  if (missing.length) throw new StepSqlError(`task ${taskName}: no step SQL for ${missing.join(', ')}`);
  return out;
}

/** The SELECT of a step statement for a dialect, without its comment header. */
export function renderStatement(s: StepStatement, o: RenderOptions): string {
  return renderSql(s.template, s.file, o).trim();
}
