// Text normalisation shared by the city gazetteer and the address parser, so that a name typed
// in an address ("st. louis", "Winston Salem", "Washington, D.C.") meets the same key as the
// gazetteer's spelling ("St. Louis", "Winston-Salem", "Washington, D.C.").

/** Leading words that addresses abbreviate inconsistently ("Saint Louis" / "St. Louis"). */
const ABBREVIATED_FIRST_WORD: Record<string, string> = { SAINT: 'ST', FORT: 'FT', MOUNT: 'MT' };

/** Upper-case words of a place name: letters and digits only, abbreviations unified. */
export function placeWords(text: string): string[] {
  // Accents off ("Cañon City" -> "Canon City"); most names are plain ASCII and skip this.
  const plain = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const words = plain
    .toUpperCase()
    .replace(/[.']/g, '') // "D.C." -> "DC", "O'Neil" -> "ONEIL"
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? ABBREVIATED_FIRST_WORD[w] ?? w : w));
}

export function placeKey(text: string): string {
  return placeWords(text).join(' ');
}
