// The CSV fallback for the relational source (sample_data/mysql/*.csv): streamed by
// csv-reader.ts, header matched to the bronze columns by name, every record checked by
// canonicalRow. Malformed records (ragged rows, broken quoting) become rejects naming the line.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TableDef } from '../manifest';
import type { Partition } from '../load/bronze-writer';
import { canonicalFields } from '../load/values';
import { BatchBuilder } from './batches';
import { readCsvRecords } from './csv-reader';

export class SourceFileError extends Error {
  constructor(readonly file: string, readonly where: string, message: string) {
    super(`${file}${where ? ` ${where}` : ''}: ${message}`);
    this.name = 'SourceFileError';
  }
}

export async function* readCsv(path: string, def: TableDef): Partition {
  const file = basename(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new SourceFileError(file, '', `cannot read ${path}: expected a CSV file with a header line`);
  }
  if (size === 0) throw new SourceFileError(file, 'line 1', `the file is empty: expected a header line with ${def.columns.map((c) => c.name).join(', ')}`);

  const out = new BatchBuilder();
  let header: string[] | undefined;
  let index: number[] = [];
  for await (const records of readCsvRecords(path)) {
    for (const rec of records) {
      if (!header) {
        header = rec.fields.map((h) => h.trim().toLowerCase());
        const missing = def.columns.filter((c) => !header!.includes(c.name)).map((c) => c.name);
        if (missing.length) {
          throw new SourceFileError(file, `line ${rec.line}`, `header is missing column(s) ${missing.join(', ')}: expected a comma-separated header with ${def.columns.map((c) => c.name).join(', ')}, got ${JSON.stringify(rec.raw.trim().slice(0, 200))}`);
        }
        index = def.columns.map((c) => header!.indexOf(c.name));
        continue;
      }
      const where = `line ${rec.line}`;
      if (rec.invalidUtf8) {
        out.addReject({ source: file, record: where, raw: rec.raw, reason: 'invalid UTF-8 bytes in the record: expected UTF-8 text' });
      } else if (rec.error) {
        out.addReject({ source: file, record: where, raw: rec.raw, reason: `malformed CSV: ${rec.error}` });
      } else if (rec.fields.length !== header.length) {
        out.addReject({ source: file, record: where, raw: rec.raw, reason: `expected ${header.length} fields, got ${rec.fields.length}` });
      } else {
        const r = canonicalFields(def, rec.fields, index);
        if (r.ok) out.addRow(r.values);
        else out.addReject({ source: file, record: where, raw: rec.raw, reason: r.reason });
      }
      if (out.full) yield out.take()!;
    }
  }
  if (!header) throw new SourceFileError(file, 'line 1', 'no header line: expected a comma-separated header');
  const last = out.take();
  if (last) yield last;
}
