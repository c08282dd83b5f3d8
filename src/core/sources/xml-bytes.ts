// The bytes that matter to XML structure (all ASCII), the byte classes of tag names and the
// tag name helpers, for the row scanner (xml-scanner.ts), which works on bytes, not decoded text.

export const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, BANG = 0x21, QMARK = 0x3f, DQ = 0x22, SQ = 0x27;
export const DASH = 0x2d, RSQB = 0x5d, LSQB = 0x5b, NL = 0x0a;

export function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export function isNameEnd(b: number): boolean {
  return isSpace(b) || b === SLASH || b === GT;
}

export function isNameStart(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f || b === 0x3a || b >= 0x80;
}

/** Tag names are kept as "binary" strings (one char per byte) so no decoding happens per tag. */
export function binary(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

export function display(name: string): string {
  return Buffer.from(name, 'latin1').toString('utf8');
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
