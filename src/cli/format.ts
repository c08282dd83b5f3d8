// Result formatting for `query` and other commands: an aligned text table, JSON, or CSV.
import { toCsv } from '../core/csv/write';

export type Format = 'table' | 'json' | 'csv';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function formatRows(rows: Record<string, unknown>[], format: Format, columns?: string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  if (format === 'json') return JSON.stringify(rows) + '\n';
  if (format === 'csv') return toCsv(rows, cols);
  const widths = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const lines = [
    cols.map((c, i) => fit(c, widths[i])).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => cols.map((c, i) => fit(cell(r[c]), widths[i])).join('  ')),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
  ];
  return lines.join('\n') + '\n';
}
