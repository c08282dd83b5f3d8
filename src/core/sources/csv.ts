// The CSV fallback for the relational source (sample_data/mysql/*.csv): streamed with
// csv-parse, header matched to the bronze columns by name, every record checked by
// canonicalRow. Malformed records (ragged rows, broken quoting) become rejects naming the line.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse, type CsvError } from 'csv-parse';
import type { TableDef } from '../manifest';
import type { Partition } from '../load/bronze-writer';
import { canonicalRow } from '../load/values';
import { BatchBuilder } from './batches';

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
  const skipped: { line: number; raw: string; reason: string }[] = [];
  let lastSkippedLine = -1;
  const parser = createReadStream(path).pipe(parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const line = (err as { lines?: number } | undefined)?.lines ?? 0;
      // csv-parse may report several errors for one skipped record (e.g. each stray quote in
      // it); one record is one reject, or rows in != loaded + rejected.
      if (line === lastSkippedLine) return undefined;
      lastSkippedLine = line;
      skipped.push({ line, raw: raw ?? '', reason: err?.message ?? 'unparseable record' });
      return undefined;
    },
  }));

  let header: string[] | undefined;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    while (skipped.length) {
      const s = skipped.shift()!;
      out.addReject({ source: file, record: `line ${s.line}`, raw: s.raw, reason: `malformed CSV: ${s.reason}` });
    }
    const line = rec.info.lines;
    if (!header) {
      header = rec.record.map((h) => h.trim().toLowerCase());
      const missing = def.columns.filter((c) => !header!.includes(c.name)).map((c) => c.name);
      if (missing.length) {
        throw new SourceFileError(file, 'line 1', `header is missing column(s) ${missing.join(', ')}: expected a comma-separated header with ${def.columns.map((c) => c.name).join(', ')}, got ${JSON.stringify(rec.raw.trim().slice(0, 200))}`);
      }
      continue;
    }
    const raw = rec.raw.replace(/\r?\n$/, '');
    if (rec.record.length !== header.length) {
      out.addReject({ source: file, record: `line ${line}`, raw, reason: `expected ${header.length} fields, got ${rec.record.length}` });
    } else {
      const obj: Record<string, unknown> = {};
      header.forEach((h, i) => { obj[h] = rec.record[i]; });
      const r = canonicalRow(def, obj);
      if (r.ok) out.addRow(r.values);
      else out.addReject({ source: file, record: `line ${line}`, raw, reason: r.reason });
    }
    if (out.full) yield out.take()!;
  }
  for (const s of skipped) out.addReject({ source: file, record: `line ${s.line}`, raw: s.raw, reason: `malformed CSV: ${s.reason}` });
  if (!header) throw new SourceFileError(file, 'line 1', 'no header line: expected a comma-separated header');
  const last = out.take();
  if (last) yield last;
}
