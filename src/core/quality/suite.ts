// Expectation suites: Great Expectations' JSON format, one suite per file in sql/quality/.
//
//   { "expectation_suite_name": "silver_orders",
//     "data_asset": "SILVER_ORDERS",            (or "meta": { "table": "SILVER_ORDERS" })
//     "row_limit": 2000,                        (optional: validate only the first N rows)
//     "expectations": [ { "expectation_type": "expect_column_values_to_not_be_null",
//                         "kwargs": { "column": "order_id" } } ] }
//
// A suite is checked completely when it is loaded, so a typo fails before any SQL runs, with
// the file, the suite and the expectation's index in the message.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateIdentifier } from '../sql/identifiers';
import { expectationType, type Kwargs } from './expectations';

export interface ExpectationConfig {
  readonly expectation_type: string;
  readonly kwargs: Kwargs;
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface Suite {
  readonly name: string;
  readonly table: string;
  readonly rowLimit?: number;
  readonly expectations: readonly ExpectationConfig[];
  readonly meta: Readonly<Record<string, unknown>>;
  /** The file the suite came from (for messages). */
  readonly file: string;
}

export class SuiteFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SuiteFileError';
  }
}

const SUITE_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and check one suite file's text. */
export function parseSuite(text: string, file: string): Suite {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SuiteFileError(file, `not valid JSON (${(e as Error).message}): expected a Great Expectations suite object`);
  }
  if (!isObject(doc)) throw new SuiteFileError(file, 'expected a JSON object with expectation_suite_name, data_asset and expectations');
  const suiteName = doc.expectation_suite_name;
  if (typeof suiteName !== 'string' || !SUITE_NAME.test(suiteName)) {
    throw new SuiteFileError(file, `expectation_suite_name must be 1-128 letters, digits, _ . or -, got ${JSON.stringify(suiteName)}`);
  }
  const where = `suite "${suiteName}"`;
  const meta = isObject(doc.meta) ? doc.meta : {};
  const table = doc.data_asset ?? doc.data_asset_name ?? meta.table;
  if (typeof table !== 'string') throw new SuiteFileError(file, `${where}: expected "data_asset": "<TABLE>" (or "meta": {"table": "<TABLE>"})`);
  try {
    validateIdentifier(table, 'table name');
  } catch (e) {
    throw new SuiteFileError(file, `${where}: ${(e as Error).message}`);
  }
  const rowLimit = doc.row_limit ?? meta.row_limit;
  if (rowLimit !== undefined && (typeof rowLimit !== 'number' || !Number.isInteger(rowLimit) || rowLimit < 1)) {
    throw new SuiteFileError(file, `${where}: row_limit must be a whole number >= 1, got ${JSON.stringify(rowLimit)}`);
  }
  if (!Array.isArray(doc.expectations)) throw new SuiteFileError(file, `${where}: "expectations" must be an array`);
  const expectations = doc.expectations.map((raw, i): ExpectationConfig => {
    const at = `${where}, expectation #${i}`;
    if (!isObject(raw)) throw new SuiteFileError(file, `${at}: expected an object with expectation_type and kwargs`);
    // GE 1.x writes "type"; the 0.x format (the original pipeline's) writes "expectation_type".
    const type = raw.expectation_type ?? raw.type;
    if (typeof type !== 'string') throw new SuiteFileError(file, `${at}: missing expectation_type`);
    const kwargs = raw.kwargs ?? {};
    if (!isObject(kwargs)) throw new SuiteFileError(file, `${at} (${type}): kwargs must be an object`);
    try {
      expectationType(type).check(kwargs);
    } catch (e) {
      throw new SuiteFileError(file, `${at} (${type}): ${(e as Error).message}`);
    }
    return { expectation_type: type, kwargs, ...(isObject(raw.meta) ? { meta: raw.meta } : {}) };
  });
  return { name: suiteName, table, rowLimit: rowLimit as number | undefined, expectations, meta, file };
}

/** Every *.json suite in `dir`, sorted by file name. Throws on the first bad file. */
export function loadSuites(dir: string): Suite[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    throw new Error(`Cannot read expectation suites from ${dir}: ${(e as Error).message}`);
  }
  const suites: Suite[] = [];
  const seen = new Map<string, string>();
  for (const n of names) {
    const file = join(dir, n);
    const suite = parseSuite(readFileSync(file, 'utf8'), file);
    const other = seen.get(suite.name);
    if (other) throw new SuiteFileError(file, `suite "${suite.name}" is already defined in ${other}: suite names must be unique`);
    seen.set(suite.name, file);
    suites.push(suite);
  }
  return suites;
}
