// The header line of a step SQL file, `-- table: <TABLE>`: it names the table the step's SELECT
// produces. One parser for the pipeline (step-sql.ts loads the steps) and the language server
// (sql-model.ts points at the header), so both accept exactly the same lines.

/** How the header is written, for messages. */
export const TABLE_HEADER_FORM = '-- table: <TABLE>';

const TABLE_HEADER = /^--\s*table:\s*([A-Za-z0-9_]+)\s*$/;

/** The table a comment line names as a header (as written), and where the name starts in the
 *  line; undefined for any other line. */
export function parseTableHeader(line: string): { table: string; nameOffset: number } | undefined {
  const m = TABLE_HEADER.exec(line);
  if (!m) return undefined;
  return { table: m[1], nameOffset: line.indexOf(m[1], line.indexOf(':')) };
}

/** The table named by the first header line of a step file's text. Indentation before the
 *  `--` is allowed, as the language server sees the comment itself. */
export function findTableHeader(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const header = parseTableHeader(line.trimStart());
    if (header) return header.table;
  }
  return undefined;
}
