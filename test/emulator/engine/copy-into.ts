// Stages and loading: PUT stores a file under the engine's folder for the named stage; COPY INTO
// <table> FROM @stage[/path] loads JSON (STRIP_OUTER_ARRAY) or XML (STRIP_OUTER_ELEMENT) records
// into a one-VARIANT-column table, honouring ON_ERROR (ABORT_STATEMENT, the default, fails the
// statement; CONTINUE skips bad records; SKIP_FILE skips a file with any), FILES, PATTERN and
// FORCE (without it a file already loaded into the table is skipped, as Snowflake's load
// metadata does). Results carry Snowflake's COPY columns.
import { readFileSync } from 'node:fs';
import type { ResultColumn, SessionContext, StatementResult } from '../engine-api';
import { JsonArraySplitter } from '../../../src/core/sources/json-splitter';
import { qualified, type QualifiedName } from './catalog';
import { csvRecords, decompress, type CsvFormat } from './csv-records';
import { executionError, objectDoesNotExist, syntaxError } from './errors';
import type { EngineInternals } from './index';
import { parseStageRef, removeStageFile, stageFiles } from './stage-files';
import { quoteIdent, sqlString, tokenize, type Token } from './tokens';
import { isGroup, isOp, isTok, isWord, type Node } from './tree';
import { xmlRecords } from './xml-variant';

export { putIntoStage } from './stage-files';

type OnError = 'ABORT_STATEMENT' | 'CONTINUE' | 'SKIP_FILE';

interface Options extends CsvFormat {
  type: string; stripOuterArray: boolean; stripOuterElement: boolean; onError: OnError; force: boolean; purge: boolean;
  files?: string[]; pattern?: RegExp;
}

function setOption(o: Options, key: string, value: string): void {
  switch (key) {
    case 'TYPE': o.type = value.toUpperCase(); break;
    case 'STRIP_OUTER_ARRAY': o.stripOuterArray = value.toUpperCase() === 'TRUE'; break;
    case 'STRIP_OUTER_ELEMENT': o.stripOuterElement = value.toUpperCase() === 'TRUE'; break;
    case 'ON_ERROR': o.onError = (value.toUpperCase().startsWith('SKIP_FILE') ? 'SKIP_FILE' : value.toUpperCase()) as OnError; break;
    case 'FORCE': o.force = value.toUpperCase() === 'TRUE'; break;
    case 'PATTERN': o.pattern = new RegExp(`^(?:${value})$`); break;
    case 'FIELD_DELIMITER': o.fieldDelimiter = value.toUpperCase() === 'NONE' ? undefined : value; break;
    case 'RECORD_DELIMITER': o.recordDelimiter = value.toUpperCase() === 'NONE' ? undefined : value; break;
    case 'SKIP_HEADER': o.skipHeader = Number(value); break;
    case 'FIELD_OPTIONALLY_ENCLOSED_BY': o.enclosedBy = value.toUpperCase() === 'NONE' ? undefined : value; break;
    case 'EMPTY_FIELD_AS_NULL': o.emptyFieldAsNull = value.toUpperCase() === 'TRUE'; break;
    case 'COMPRESSION': o.compression = value.toUpperCase(); break;
    case 'PURGE': o.purge = value.toUpperCase() === 'TRUE'; break;
  }
}

function readOptions(engine: EngineInternals, items: readonly Node[], session: SessionContext): Options {
  const o: Options = {
    type: 'CSV', stripOuterArray: false, stripOuterElement: false, onError: 'ABORT_STATEMENT', force: false, purge: false,
    fieldDelimiter: ',', recordDelimiter: '\n', skipHeader: 0, nullIf: ['\\N'], emptyFieldAsNull: true, compression: 'AUTO',
  };
  const apply = (list: readonly Node[]) => {
    for (let i = 0; i < list.length; i++) {
      const k = list[i];
      if (!isTok(k) || k.kind !== 'word' || !isOp(list[i + 1], '=')) continue;
      const v = list[i + 2];
      if (k.value === 'FILE_FORMAT' && isGroup(v)) apply(v.items);
      else if (k.value === 'FILES' && isGroup(v)) o.files = v.items.filter((x): x is Token => isTok(x) && x.kind === 'string').map((x) => x.value);
      else if (k.value === 'NULL_IF' && isGroup(v)) o.nullIf = v.items.filter((x): x is Token => isTok(x) && x.kind === 'string').map((x) => x.value);
      else if (k.value === 'FORMAT_NAME' && isTok(v)) {
        const name = engine.tableName(tokenize(v.value).filter((t) => t.kind !== 'op'), session, 'COPY');
        const fmt = engine.catalog.getObject('FILE FORMAT', qualified(name));
        if (!fmt) throw objectDoesNotExist(qualified(name), 'File format');
        for (const [fk, fv] of Object.entries(fmt.properties)) setOption(o, fk, fv);
      } else if (isTok(v)) setOption(o, k.value, v.value);
      i += 2;
    }
  };
  apply(items);
  return o;
}

/** A file's records: one JSON text each (JSON, XML) or its fields (CSV). */
interface FileLoad { file: string; parsed: number; records: string[]; fields?: (string | null)[][]; fieldLines?: number[]; errors: { message: string; line: number }[] }

function parseFile(path: string, name: string, o: Options): FileLoad {
  const data = decompress(readFileSync(path), o.compression);
  const load: FileLoad = { file: name, parsed: 0, records: [], errors: [] };
  if (o.type === 'JSON' && o.stripOuterArray) {
    const splitter = new JsonArraySplitter(name);
    try {
      for (const el of [...splitter.push(data), ...splitter.end()]) {
        load.parsed++;
        if (el.problem) { load.errors.push({ message: el.problem, line: el.line }); continue; }
        // The record's own text is kept (JSON.parse only checks it): a round trip through JS
        // numbers would change 12345678901234567890 or 4.0.
        const text = el.bytes.toString('utf8').trim();
        try { JSON.parse(text); load.records.push(text); } catch (e) {
          load.errors.push({ message: `Error parsing JSON: ${(e as Error).message}`, line: el.line });
        }
      }
    } catch (e) { load.errors.push({ message: `Error parsing JSON: ${(e as Error).message}`, line: 1 }); }
  } else if (o.type === 'JSON') {
    // Without STRIP_OUTER_ARRAY a file holds one document per line (NDJSON) or one document.
    const text = data.toString('utf8');
    let whole: unknown;
    try { whole = JSON.parse(text); } catch { whole = undefined; }
    if (whole !== undefined) { load.parsed = 1; load.records.push(text.trim()); } else {
      text.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        load.parsed++;
        try { JSON.parse(line); load.records.push(line.trim()); } catch (e) { load.errors.push({ message: `Error parsing JSON: ${(e as Error).message}`, line: i + 1 }); }
      });
    }
  } else if (o.type === 'XML') {
    const r = xmlRecords(data.toString('utf8'), o.stripOuterElement);
    load.parsed = r.records.length + (r.error ? 1 : 0);
    load.records = r.records.map((x) => JSON.stringify(x));
    if (r.error) load.errors.push({ message: `Error parsing XML: ${r.error.message}`, line: r.error.line });
  } else if (o.type === 'CSV') {
    const records = csvRecords(data.toString('utf8'), o);
    load.fields = records.map((r) => r.fields);
    load.fieldLines = records.map((r) => r.line);
    load.parsed = load.fields.length;
  } else throw executionError(`COPY with file format TYPE = ${o.type} is not supported by the emulator`, '000002', '0A000');
  return load;
}

const COPY_COLUMNS: ResultColumn[] = ['file', 'status', 'rows_parsed', 'rows_loaded', 'error_limit', 'errors_seen', 'first_error', 'first_error_line']
  .map((name, i) => ({ name, type: i >= 2 && i <= 5 || i === 7 ? 'fixed' as const : 'text' as const, ...(i >= 2 && i <= 5 || i === 7 ? { precision: 38, scale: 0 } : {}) }));

/** Files already loaded per table (name + md5), Snowflake's load metadata. */
const loadHistory = new WeakMap<EngineInternals, Set<string>>();

async function columnCount(engine: EngineInternals, q: QualifiedName, session: SessionContext): Promise<number> {
  const r = await engine.run(`SELECT count(*) FROM duckdb_columns() WHERE database_name = ${sqlString(q.database)} AND schema_name = ${sqlString(q.schema)} AND table_name = ${sqlString(q.name)}`, session);
  return Number(r.rows[0][0]);
}

export async function copyInto(engine: EngineInternals, items: readonly Node[], sql: string, session: SessionContext): Promise<StatementResult> {
  if (!isWord(items[1], 'INTO')) throw syntaxError(sql, 0, "unexpected 'COPY'");
  const parts: Token[] = [];
  let i = 2;
  while (isTok(items[i]) && ['word', 'qident'].includes((items[i] as Token).kind)) { parts.push(items[i] as Token); i++; if (isOp(items[i], '.')) i++; else break; }
  const target = engine.tableName(parts, session, 'COPY');
  if (!engine.catalog.tables.has(qualified(target))) throw objectDoesNotExist(qualified(target));
  // COPY INTO t (c1, c2 …): the file's fields go to those columns, in that order.
  let columns: string[] | undefined;
  if (isGroup(items[i], '(')) {
    columns = (items[i] as { items: Node[] }).items.filter((n): n is Token => isTok(n) && (n.kind === 'word' || n.kind === 'qident')).map((n) => n.value);
    i++;
  }
  if (!isWord(items[i], 'FROM') || !isOp(items[i + 1], '@')) throw syntaxError(sql, 0, "unexpected token, expected 'FROM @stage'");
  const at = (items[i + 1] as Token).pos;
  const ref = /^@([^\s]+)/.exec(sql.slice(at))![1];
  const { stage, path: prefix } = parseStageRef(engine, ref, session, 'COPY');
  const rest = items.filter((n) => (isTok(n) ? n.pos : (n as { pos: number }).pos) > at + ref.length);
  const o = readOptions(engine, rest, session);
  const history = loadHistory.get(engine) ?? new Set<string>();
  loadHistory.set(engine, history);
  const files = stageFiles(engine, stage).filter((f) => f.name.startsWith(prefix)
    && (!o.files || o.files.includes(f.name)) && (!o.pattern || o.pattern.test(f.name)));
  const table = `${quoteIdent(target.database)}.${quoteIdent(target.schema)}.${quoteIdent(target.name)}`;
  // Every file is read and checked first: ABORT_STATEMENT leaves the table as it was.
  const loads: { f: (typeof files)[number]; key: string; load: FileLoad; stageName: string }[] = [];
  for (const f of files) {
    const key = `${qualified(target)}|${f.name}|${f.md5}`;
    if (!o.force && history.has(key)) continue;
    const load = parseFile(f.path, f.name, o);
    const stageName = `${stage.name.toLowerCase()}/${f.name}`;
    const width = columns?.length ?? await columnCount(engine, target, session);
    if (load.fields) {
      // Snowflake's ERROR_ON_COLUMN_COUNT_MISMATCH default: a record of another width is an error.
      load.fields.forEach((r, k) => {
        if (r.length !== width) load.errors.push({ message: `Number of columns in file (${r.length}) does not match that of the corresponding table (${width}), use file format option error_on_column_count_mismatch=false to ignore this error`, line: load.fieldLines?.[k] ?? k + 1 });
      });
      load.fields = load.fields.filter((r) => r.length === width);
    } else if (width !== 1) throw executionError(`SQL compilation error:\nJSON/XML file format can produce one and only one column of type variant, object, or array. Load data into separate columns using the MATCH_BY_COLUMN_NAME copy option or copy with transformation.`, '002019', '0A000');
    if (load.errors.length > 0 && o.onError === 'ABORT_STATEMENT') {
      const e = load.errors[0];
      throw executionError(`${e.message}\n  File '${stageName}', line ${e.line}`, '100069', '22P02');
    }
    loads.push({ f, key, load, stageName });
  }
  const rows: unknown[][] = [];
  for (const { f, key, load, stageName } of loads) {
    const skip = load.errors.length > 0 && o.onError === 'SKIP_FILE';
    if (!skip) {
      const tuples = load.fields
        ? load.fields.map((r) => `(${r.map((v) => (v === null ? 'NULL' : sqlString(v))).join(', ')})`)
        : load.records.map((r) => `(CAST(${sqlString(r)} AS JSON))`);
      const into = columns ? `${table} (${columns.map(quoteIdent).join(', ')})` : table;
      for (let b = 0; b < tuples.length; b += 500) await engine.run(`INSERT INTO ${into} VALUES ${tuples.slice(b, b + 500).join(', ')}`, session);
      history.add(key);
      if (o.purge) removeStageFile(f);
    }
    const loaded = skip ? 0 : (load.fields?.length ?? load.records.length);
    const status = load.errors.length === 0 ? 'LOADED' : loaded === 0 ? 'LOAD_FAILED' : 'PARTIALLY_LOADED';
    const first = load.errors[0];
    rows.push([stageName, status, load.parsed, loaded, o.onError === 'CONTINUE' ? load.parsed : 1, load.errors.length, first?.message ?? null, first?.line ?? null]);
  }
  engine.catalog.touch(target);
  if (rows.length === 0) return { columns: [{ name: 'status', type: 'text' }], rows: [['Copy executed with 0 files processed.']] };
  return { columns: COPY_COLUMNS, rows, rowsAffected: rows.reduce((s, r) => s + Number(r[3]), 0) };
}
