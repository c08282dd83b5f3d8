// Turns one source record into the canonical text of each bronze column, or says exactly why
// it cannot. Every loader (MySQL, CSV, JSON, XML) goes through here, so a value is accepted or
// rejected the same way whichever source it came from. The bronze writer casts the canonical
// text to the column type in the warehouse, which can then never fail on a row we accepted.
import type { ColumnDef, ColumnType, TableDef } from '../manifest';

export type Canonical = string | null;

export class ValueError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether y-m-d is a real calendar day (from year 1). */
export function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS_IN_MONTH[m - 1] + (leap ? 1 : 0);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** A JS Date (e.g. from mysql2) as UTC text. */
function fromDate(v: Date, type: 'DATE' | 'TIMESTAMP'): string {
  if (Number.isNaN(v.getTime())) throw new ValueError('an invalid date');
  const d = `${pad(v.getUTCFullYear(), 4)}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (type === 'DATE') return d;
  const ms = v.getUTCMilliseconds();
  return `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}${ms ? '.' + pad(ms, 3) : ''}`;
}

function decimal(text: string, precision: number, scale: number): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new ValueError(`a number, got ${JSON.stringify(text)}`);
  const intPart = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = m[3] ?? '';
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) {
    throw new ValueError(`at most ${scale} decimal places, got ${JSON.stringify(text)}`);
  }
  if (intPart.length > precision - scale) throw new ValueError(`a number within DECIMAL(${precision},${scale}), got ${JSON.stringify(text)}`);
  const f = frac.slice(0, scale).padEnd(scale, '0');
  const sign = m[1] === '-' && /[1-9]/.test(intPart + f) ? '-' : '';
  return scale ? `${sign}${intPart}.${f}` : `${sign}${intPart}`;
}

const ZERO = 48;
const NINE = 57;

/** Whether text[from, to) is all ASCII digits (and not empty). */
function digits(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

function num(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - ZERO;
  return n;
}

/** A whole number without sign, leading zeros or spaces, short enough to fit: already canonical. */
function plainInteger(text: string, maxDigits: number): boolean {
  const n = text.length;
  return n > 0 && n <= maxDigits && digits(text, 0, n) && (n === 1 || text.charCodeAt(0) !== ZERO);
}

/** `123.45` with exactly `scale` decimals, no sign and no leading zero: already canonical. */
function plainDecimal(text: string, precision: number, scale: number): boolean {
  const dot = text.length - scale - 1;
  if (dot < 1 || dot > precision - scale || text.charCodeAt(dot) !== 46) return false;
  return digits(text, 0, dot) && digits(text, dot + 1, text.length) && (dot === 1 || text.charCodeAt(0) !== ZERO);
}

/** `YYYY-MM-DD` of a real day at text[0, 10). */
function plainDate(text: string): boolean {
  return text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && digits(text, 0, 4) && digits(text, 5, 7) && digits(text, 8, 10)
    && validDate(num(text, 0, 4), num(text, 5, 7), num(text, 8, 10));
}

/** `YYYY-MM-DD HH:MM:SS` of a real day and time: already canonical. */
function plainTimestamp(text: string): boolean {
  return text.length === 19 && text.charCodeAt(10) === 32 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58
    && digits(text, 11, 13) && digits(text, 14, 16) && digits(text, 17, 19)
    && num(text, 11, 13) <= 23 && num(text, 14, 16) <= 59 && num(text, 17, 19) <= 59 && plainDate(text);
}

/**
 * The values every source sends by the million (ids, amounts, dates, timestamps) already in
 * their canonical spelling: returned as they are, with no regex match, BigInt or new string.
 * Anything else (signs, spaces, leading zeros, other layouts, errors) takes the general path,
 * which gives the same result for these (test/values.test.ts compares the two).
 */
function fastPath(type: ColumnType, text: string): boolean {
  switch (type) {
    case 'INTEGER': return plainInteger(text, 9);
    case 'BIGINT': return plainInteger(text, 18);
    case 'DECIMAL(10,2)': return plainDecimal(text, 10, 2);
    case 'DECIMAL(18,2)': return plainDecimal(text, 18, 2);
    case 'DECIMAL(3,1)': return plainDecimal(text, 3, 1);
    case 'DATE': return text.length === 10 && plainDate(text);
    case 'TIMESTAMP': return plainTimestamp(text);
    default: return false;
  }
}

/** Canonical text for one value of a column, or a ValueError saying what was expected. */
export function canonicalValue(col: ColumnDef, raw: unknown): Canonical {
  if (typeof raw === 'string') {
    if (col.type === 'VARCHAR') return raw;
    if (fastPath(col.type, raw)) return raw;
  } else if (typeof raw === 'number' && Number.isSafeInteger(raw)) {
    // mysql2 returns INT columns as numbers: String() is what BigInt(String(raw)) gives back.
    if (col.type === 'BIGINT' || (col.type === 'INTEGER' && raw < 2 ** 31 && raw >= -(2 ** 31))) return String(raw);
  }
  return canonicalValueGeneral(col, raw);
}

/** canonicalValue without the fast path; exported so that tests can compare the two. */
export function canonicalValueGeneral(col: ColumnDef, raw: unknown): Canonical {
  if (raw === null || raw === undefined) return null;
  const type: ColumnType = col.type;
  if (type === 'VARIANT') {
    if (typeof raw === 'string') {
      try { JSON.parse(raw); } catch { throw new ValueError('JSON text'); }
      return raw;
    }
    return JSON.stringify(raw);
  }
  if (raw instanceof Date) {
    if (type === 'DATE' || type === 'TIMESTAMP') return fromDate(raw, type);
    throw new ValueError(`${type}, got a date`);
  }
  if (typeof raw === 'object') throw new ValueError(`${type}, got ${Array.isArray(raw) ? 'an array' : 'an object'}`);
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  // An empty field in a text source is a missing value, as Snowflake's EMPTY_FIELD_AS_NULL does.
  if (text === '' && type !== 'VARCHAR') return null;
  switch (type) {
    case 'VARCHAR':
      if (typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
      return raw as string;
    case 'INTEGER':
    case 'BIGINT': {
      if (typeof raw === 'number' && !Number.isInteger(raw)) throw new ValueError(`a whole number, got ${raw}`);
      if (!/^[+-]?\d+$/.test(text)) throw new ValueError(`a whole number, got ${JSON.stringify(text)}`);
      const n = BigInt(text);
      const lim = type === 'INTEGER' ? 2n ** 31n : 2n ** 63n;
      if (n >= lim || n < -lim) throw new ValueError(`a whole number within ${type}, got ${text}`);
      return n.toString();
    }
    case 'DECIMAL(10,2)':
      return decimal(text, 10, 2);
    case 'DECIMAL(18,2)':
      return decimal(text, 18, 2);
    case 'DECIMAL(3,1)':
      return decimal(text, 3, 1);
    case 'DOUBLE': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new ValueError(`a finite number, got ${JSON.stringify(text)}`);
      return String(n);
    }
    case 'BOOLEAN': {
      const t = text.toLowerCase();
      if (['true', 't', '1', 'yes', 'y'].includes(t)) return 'true';
      if (['false', 'f', '0', 'no', 'n'].includes(t)) return 'false';
      throw new ValueError(`true or false, got ${JSON.stringify(text)}`);
    }
    case 'DATE': {
      const m = DATE.exec(text) ?? TIMESTAMP.exec(text);
      if (!m || !validDate(+m[1], +m[2], +m[3])) throw new ValueError(`a date YYYY-MM-DD, got ${JSON.stringify(text)}`);
      return `${m[1]}-${m[2]}-${m[3]}`;
    }
    case 'TIMESTAMP': {
      const d = DATE.exec(text);
      if (d) {
        if (!validDate(+d[1], +d[2], +d[3])) throw new ValueError(`a timestamp YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(text)}`);
        return `${text} 00:00:00`;
      }
      const m = TIMESTAMP.exec(text);
      if (!m || !validDate(+m[1], +m[2], +m[3]) || +m[4] > 23 || +m[5] > 59 || +(m[6] ?? 0) > 59) {
        throw new ValueError(`a timestamp YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(text)}`);
      }
      if (m[8]) return fromDate(new Date(text.replace(' ', 'T')), 'TIMESTAMP');
      return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}`;
    }
  }
}

export type RowResult = { ok: true; values: Canonical[] } | { ok: false; reason: string };

/** Canonical values for every column, reading the raw value of column i with `get(i)`. */
/** What a getter returns for a column whose value is `fixed[i]`, already checked. */
const FIXED = Symbol('fixed');

/** `fixed[i]`, where set, is column i's value already checked (the same in every row). */
function canonicalColumns(table: TableDef, get: (i: number, name: string) => unknown, fixed?: readonly (Canonical | undefined)[]): RowResult {
  const cols = table.columns;
  const values: Canonical[] = new Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i];
    const raw = get(i, col.name);
    const known = fixed?.[i];
    if (known != null && raw === FIXED) { values[i] = known; continue; }
    let v: Canonical;
    try {
      v = canonicalValue(col, raw);
    } catch (e) {
      return { ok: false, reason: `column ${col.name}: expected ${(e as Error).message}` };
    }
    // A blank key ("" from an empty CSV field or "  " in XML/JSON) is as missing as NULL.
    if (col.nullable === false && (v === null || v.trim() === '')) {
      return { ok: false, reason: `column ${col.name}: expected a value, got ${v === null ? 'NULL' : 'an empty string'}` };
    }
    values[i] = v;
  }
  return { ok: true, values };
}

/**
 * Canonical values for every column of `table`, taken from `record` by column name
 * (case-insensitive). Missing keys are NULL; a NULL key column, or any value of the wrong
 * type, rejects the row with a reason naming the column and what was expected.
 */
export function canonicalRow(table: TableDef, record: Record<string, unknown>): RowResult {
  return canonicalColumns(table, (_i, name) => {
    const raw = record[name];
    return raw === undefined ? record[name.toUpperCase()] : raw;
  });
}

/**
 * canonicalRow for a source whose columns named in `constants` are the same in every row (an
 * XML file's source_file and load time): those are checked once, not once per row. The result
 * is canonicalRow(table, { ...constants, ...record }) exactly; a constant that fails (or is
 * NULL) is simply checked per row again, so it rejects each row with the same reason.
 */
export function canonicalRowWith(table: TableDef, constants: Record<string, unknown>): (record: Record<string, unknown>) => RowResult {
  const fixed = table.columns.map((col): Canonical | undefined => {
    if (!(col.name in constants)) return undefined;
    const r = canonicalColumns({ ...table, columns: [col] }, () => constants[col.name]);
    return r.ok ? r.values[0] : undefined;
  });
  return (record) => canonicalColumns(table, (i, name) => {
    let raw = record[name];
    if (raw === undefined) raw = record[name.toUpperCase()];
    if (raw !== undefined) return raw; // the record's own value wins, as in the spread
    return fixed[i] != null ? FIXED : constants[name];
  }, fixed);
}

/** For positional sources (CSV): `fields[index[i]]` is the raw value of column i (-1: absent). */
export function canonicalFields(table: TableDef, fields: readonly unknown[], index: readonly number[]): RowResult {
  return canonicalColumns(table, (i) => (index[i] < 0 ? undefined : fields[index[i]]));
}
