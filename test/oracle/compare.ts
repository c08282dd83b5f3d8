// Compares what the oracle computed with what the pipeline wrote, value for value, and says
// each difference as table, row key, column, oracle value and warehouse value.
import type { Pair } from './inputs';
import { keyPart, type Cell, type Kind, type OracleTable, type Row } from './table';

/** The SELECT list that reads a table's columns in the shape compareTable expects. */
export function selectList(o: OracleTable): string {
  return Object.entries(o.columns).map(([c, kind]) => {
    const col = `"${c}"`;
    if (kind === 'double') return `CAST(${col} AS DOUBLE) AS ${col}`;
    if (kind === 'pairs') return `CAST(to_json(${col}) AS VARCHAR) AS ${col}`;
    return `CAST(${col} AS VARCHAR) AS ${col}`;
  }).join(', ');
}

const money = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** A DECIMAL read as text, in cents; undefined when it is not a number at scale 2. */
function textCents(t: string): number | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m || !/^\d{0,2}0*$/.test(m[3] ?? '')) return undefined;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').slice(0, 2).padEnd(2, '0')));
}

const pairsKey = (ps: Pair[]): string => JSON.stringify(ps.map((p) => `${p.NAME}\u0000${p.VALUE}`).sort());

function show(kind: Kind, v: Cell | unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (kind === 'money' && typeof v === 'number') return money(v);
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

/** Whether the warehouse's cell `got` holds the oracle's value `want`. */
function sameCell(kind: Kind, want: Cell, got: unknown): boolean {
  if (kind === 'present') return got !== null && got !== undefined;
  if (want === null || got === null || got === undefined) return want === null && (got === null || got === undefined);
  switch (kind) {
    case 'money': return typeof got === 'string' && textCents(got) === want;
    // The exact mean of tenths; the gold step rounds it to 2 decimals.
    case 'double': return typeof got === 'number' && Math.abs(got - (want as number)) <= 0.005 + 1e-9;
    case 'pairs': {
      try {
        const list = JSON.parse(String(got)) as Pair[] | null;
        return Array.isArray(list) && pairsKey(list) === pairsKey(want as Pair[]);
      } catch {
        return false;
      }
    }
    default: return got === String(want);
  }
}

const rowKey = (o: OracleTable, r: Row | Record<string, unknown>): string =>
  o.key.map((k) => keyPart(r[k] === null || r[k] === undefined ? null : String(r[k]))).join(' | ');
const showKey = (o: OracleTable, r: Row | Record<string, unknown>): string =>
  o.key.map((k) => `${k}=${show(o.columns[k], r[k])}`).join(', ');

/** Key order, ascending with NULL last: the documented cut of ties at a LIMIT. */
function byKey(o: OracleTable, a: Row, b: Row): number {
  for (const k of o.key) {
    const x = a[k] as string | null, y = b[k] as string | null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The differences between the oracle's table and the warehouse's rows (empty when equal). */
export function compareTable(o: OracleTable, got: Record<string, unknown>[]): string[] {
  const out: string[] = [];
  const have = new Map<string, Record<string, unknown>>();
  for (const r of got) {
    const k = rowKey(o, r);
    if (have.has(k)) out.push(`${o.name} (${showKey(o, r)}): the warehouse has this key twice`);
    have.set(k, r);
  }
  const want = new Map(o.rows.map((r) => [rowKey(o, r), r]));
  if (want.size !== o.rows.length) throw new Error(`oracle: ${o.name} has a key twice`);

  let expected = o.rows;
  if (o.top) {
    const { by, n } = o.top;
    expected = [...o.rows].sort((a, b) => (b[by] as number) - (a[by] as number) || byKey(o, a, b)).slice(0, n);
  }
  const expectedKeys = new Map(expected.map((r) => [rowKey(o, r), r]));
  const what = o.top ? `the top ${o.top.n} by ${o.top.by}` : 'the warehouse';
  for (const [k, r] of expectedKeys) if (!have.has(k)) out.push(`${o.name} (${showKey(o, r)}): missing from ${what}`);
  for (const [k, r] of have) {
    if (!expectedKeys.has(k)) out.push(`${o.name} (${showKey(o, r)}): ${want.has(k) ? `not in ${what} (its ${o.top?.by}: ${show(o.columns[o.top!.by], want.get(k)![o.top!.by])})` : 'not a row the oracle has'}`);
  }
  for (const [k, g] of have) {
    const w = expectedKeys.get(k);
    if (!w) continue;
    for (const [c, kind] of Object.entries(o.columns)) {
      if (!sameCell(kind, w[c], g[c])) out.push(`${o.name} (${showKey(o, w)}) ${c}: oracle ${show(kind, w[c])}, warehouse ${show(kind, g[c])}`);
    }
  }
  return out;
}
