// What the row scanner (xml-scanner.ts) checks in the text of a processing instruction or a
// markup declaration outside the rows: the file must be UTF-8 and declare no entities.
import { SourceFileError } from './csv';

/** `text`: a processing instruction's text after '<?', at `line`. */
export function checkProcessingInstruction(file: string, line: number, text: string): void {
  if (!text.startsWith('xml')) return;
  const enc = /encoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (enc && !/^(utf-?8|us-ascii|ascii)$/i.test(enc)) {
    throw new SourceFileError(file, `line ${line}`, `the XML declaration says encoding="${enc}": expected UTF-8`);
  }
}

/** `text`: a markup declaration from its '<!', at `line`. */
export function checkDeclaration(file: string, line: number, text: string): void {
  // Entity declarations are how XXE (external entities reading local files or URLs) and
  // "billion laughs" (exponential expansion) work. We never expand them, and loading the
  // file with the references left unexpanded would load wrong data silently, so refuse it.
  if (/<!ENTITY/i.test(text)) {
    throw new SourceFileError(file, `line ${line}`,
      'the DOCTYPE declares entities (<!ENTITY …>), which are never expanded (protection against XXE and "billion laughs"): expected a file without entity declarations');
  }
}
