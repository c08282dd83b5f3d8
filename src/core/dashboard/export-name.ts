// The exported chart's file name, chosen by the user (CLI --file, the extension's input box, the
// dashboard's export box): one validator for all three, so a name accepted in one place is
// accepted everywhere. The name becomes a stage file name (local folder or Snowflake PUT), so it
// must be a plain file name: no folder, no "..", nothing a shell, a PUT or a Windows file system
// would read differently. No node imports: the webview bundle uses it too.

/** The original dashboard's default ("Output File name" in its export section). */
export const DEFAULT_EXPORT_FILE = 'All_Customer_Pref_Counts.html';

export const MAX_EXPORT_FILE_LENGTH = 100;

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.html$/;
// CON.html or nul.html are devices on Windows whatever the extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** Why `name` cannot be the exported file's name, or undefined when it can. */
export function exportFileNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'the file name is empty';
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (name.length > MAX_EXPORT_FILE_LENGTH) return `the file name ${shown} is longer than ${MAX_EXPORT_FILE_LENGTH} characters`;
  if (/[\\/]/.test(name) || name.includes('..')) return `the file name ${shown} names a folder or leaves the stage ("/", "\\" and ".." are not allowed)`;
  if (!/\.html$/.test(name)) return `the file name ${shown} must end with .html`;
  if (!SAFE_NAME.test(name)) return `the file name ${shown} may only use letters, digits, ".", "_" and "-", starting with a letter or digit`;
  if (WINDOWS_DEVICE.test(name)) return `the file name ${shown} is a reserved device name on Windows`;
  return undefined;
}

/** The name itself when it is a safe export file name; otherwise an Error saying why. */
export function validateExportFileName(name: unknown): string {
  const problem = exportFileNameProblem(name);
  if (problem) throw new Error(`Invalid export file name: ${problem}.`);
  return name as string;
}

/** The spec written beside the HTML: "<base>.vl.json". */
export function specFileFor(htmlName: string): string {
  return htmlName.replace(/\.html$/, '.vl.json');
}
