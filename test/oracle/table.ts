// What the oracle says a table holds, and how a column is compared.
import type { Pair } from './inputs';

/**
 * text / int / time: equal as text ('YYYY-MM-DD HH:MM:SS' for timestamps, 'YYYY-MM-DD' for
 * dates). money: DECIMAL(18,2), the oracle's exact value in cents rounded half away from zero,
 * equal to the warehouse's value at scale 2. double: an average of tenths; the gold step
 * publishes it rounded to 2 decimals, so it must be within half a hundredth of the exact mean.
 * pairs: an ARRAY_AGG of {NAME, VALUE} objects, equal as a multiset (ARRAY_AGG has no order).
 * present: the warehouse's clock (last_updated): only required to be set.
 */
export type Kind = 'text' | 'int' | 'time' | 'money' | 'double' | 'pairs' | 'present';
export type Cell = string | number | null | Pair[];
export type Row = Record<string, Cell>;

export interface OracleTable {
  name: string;
  columns: Record<string, Kind>;
  /** Columns that identify a row (NULL is a key value like any other). */
  key: string[];
  rows: Row[];
  /**
   * Top-N tables (ORDER BY by DESC LIMIT n): `rows` are all candidates. The original sorts on
   * the metric alone, so which rows tied at the n-th place it keeps is arbitrary; README
   * ("Differences from the original") promises the cut by the key, ascending, NULL last, and
   * that is what is compared: exactly the first n candidates in that order.
   */
  top?: { by: string; n: number };
}

/** a / b rounded half away from zero: the exact mean of whole cents, at scale 2. */
export function roundDiv(a: number, b: number): number {
  const q = Math.floor((2 * Math.abs(a) + b) / (2 * b));
  return a < 0 ? -q : q;
}

/** Groups rows by a key; the map keeps first-seen order. */
export function groupBy<T>(rows: Iterable<T>, key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** A key part that keeps NULL apart from every string. */
export const keyPart = (v: string | null): string => (v === null ? '\u0000NULL' : v);

export const sum = (xs: (number | null)[]): number | null => {
  const vs = xs.filter((x): x is number => x !== null);
  return vs.length ? vs.reduce((a, x) => a + x, 0) : null;
};
