// Reads a Snowflake single-quoted string constant the way Snowflake does, independently of the
// code under test, so a test can compare what Snowflake would see with the intended text.
// Snowflake's docs ("Escape sequences in single-quoted string constants"): '' is a quote; a
// backslash starts \' \" \\ \b \f \n \r \t \0, \ooo (octal), \xhh (hex), \uhhhh (Unicode); before
// any other character the backslash is ignored.

const SIMPLE: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The value of the literal starting at `text[start]` (a quote) and the index after it. */
export function readSnowflakeLiteral(text: string, start = 0): { value: string; end: number } {
  if (text[start] !== "'") throw new Error(`no literal at ${start}: ${text.slice(start, start + 20)}`);
  let out = '';
  for (let i = start + 1; i < text.length;) {
    const ch = text[i];
    if (ch === "'") {
      if (text[i + 1] === "'") { out += "'"; i += 2; continue; }
      return { value: out, end: i + 1 };
    }
    if (ch !== '\\') { out += ch; i++; continue; }
    const next = text[i + 1];
    if (next in SIMPLE) { out += SIMPLE[next]; i += 2; continue; }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0];
    if (octal) { out += String.fromCharCode(parseInt(octal, 8)); i += 1 + octal.length; continue; }
    const hex = /^x([0-9A-Fa-f]{2})/.exec(text.slice(i + 1, i + 4));
    if (hex) { out += String.fromCharCode(parseInt(hex[1], 16)); i += 4; continue; }
    const uni = /^u([0-9A-Fa-f]{4})/.exec(text.slice(i + 1, i + 6));
    if (uni) { out += String.fromCharCode(parseInt(uni[1], 16)); i += 6; continue; }
    out += next;
    i += 2;
  }
  throw new Error(`unterminated literal at ${start}`);
}

/** Every literal that follows `prefix` (e.g. "PARSE_JSON(") in `sql`, decoded. */
export function literalsAfter(sql: string, prefix: string): string[] {
  const out: string[] = [];
  for (let at = sql.indexOf(prefix); at >= 0; at = sql.indexOf(prefix, at + 1)) out.push(readSnowflakeLiteral(sql, at + prefix.length).value);
  return out;
}
