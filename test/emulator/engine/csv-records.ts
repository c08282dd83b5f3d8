// CSV records as Snowflake's CSV file format reads them: FIELD_DELIMITER / RECORD_DELIMITER (NONE:
// no splitting), FIELD_OPTIONALLY_ENCLOSED_BY (a quoted field may hold delimiters and newlines; a
// doubled quote is a quote), SKIP_HEADER, NULL_IF (values read as NULL), EMPTY_FIELD_AS_NULL
// (an unquoted empty field; a quoted "" stays an empty string), COMPRESSION (GZIP, or AUTO by the
// gzip magic bytes).
import { gunzipSync } from 'node:zlib';

export interface CsvFormat {
  fieldDelimiter?: string;
  recordDelimiter?: string;
  enclosedBy?: string;
  skipHeader: number;
  nullIf: string[];
  emptyFieldAsNull: boolean;
  compression: string;
}

export function decompress(data: Buffer, compression: string): Buffer {
  const gzip = compression === 'GZIP' || (compression === 'AUTO' && data[0] === 0x1f && data[1] === 0x8b);
  return gzip ? gunzipSync(data) : data;
}

/** Records of fields; each record also carries its 1-based line. */
export function csvRecords(text: string, f: CsvFormat): { fields: (string | null)[]; line: number }[] {
  const out: { fields: (string | null)[]; line: number }[] = [];
  let fields: (string | null)[] = [];
  let cur = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const q = f.enclosedBy;
  const endField = () => {
    const value = !quoted && f.nullIf.includes(cur) ? null : !quoted && cur === '' && f.emptyFieldAsNull ? null : cur;
    fields.push(value);
    cur = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    out.push({ fields, line: recordLine });
    fields = [];
    recordLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inQuotes) {
      if (q && text.startsWith(q, i)) {
        if (text.startsWith(q, i + q.length)) { cur += q; i += q.length * 2 - 1; } else { inQuotes = false; i += q.length - 1; }
      } else cur += ch;
      continue;
    }
    if (q && cur === '' && !quoted && text.startsWith(q, i)) { inQuotes = true; quoted = true; i += q.length - 1; continue; }
    if (f.fieldDelimiter !== undefined && text.startsWith(f.fieldDelimiter, i)) { endField(); i += f.fieldDelimiter.length - 1; continue; }
    if (f.recordDelimiter !== undefined && text.startsWith(f.recordDelimiter, i)) {
      if (f.recordDelimiter.includes('\n') && ch !== '\n') line++;
      endRecord();
      i += f.recordDelimiter.length - 1;
      continue;
    }
    cur += ch;
  }
  // A last record without a final delimiter (a trailing delimiter ends the file without one more).
  if (cur !== '' || quoted || fields.length > 0 || f.recordDelimiter === undefined) endRecord();
  return out.slice(f.skipHeader);
}
