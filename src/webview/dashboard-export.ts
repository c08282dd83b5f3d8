// The dashboard's export box, as in the original app: a file-name field (default
// All_Customer_Pref_Counts.html) and an Export button. The name is checked here with the same
// rules the host applies (core/dashboard/export-name.ts), so a bad name is explained at once;
// the host checks it again and writes the HTML, its spec and the CSV to @SOURCE_FILES.
import { DEFAULT_EXPORT_FILE, exportFileNameProblem, MAX_EXPORT_FILE_LENGTH } from '../core/dashboard/export-name';
import { clear, fmtNumber, h, loadState, request, saveState } from './common';

interface ExportState {
  exportFile: string;
}

export function exportBox(): HTMLElement {
  const state = loadState<ExportState>({ exportFile: DEFAULT_EXPORT_FILE });
  const input = h('input', { id: 'export-file', type: 'text', value: state.exportFile, maxlength: MAX_EXPORT_FILE_LENGTH, spellcheck: 'false', 'aria-label': 'Output file name' });
  const result = h('div', { class: 'export-result', id: 'export-result', 'aria-live': 'polite' });
  const button = h('button', { id: 'export' }, 'Export');
  const run = async (): Promise<void> => {
    const fileName = input.value;
    saveState({ ...loadState<ExportState>({ exportFile: DEFAULT_EXPORT_FILE }), exportFile: fileName });
    clear(result);
    const problem = exportFileNameProblem(fileName);
    if (problem) {
      result.append(h('div', { class: 'error', role: 'alert' }, `Cannot export: ${problem}.`));
      return;
    }
    button.disabled = true;
    result.append(h('div', { class: 'note' }, 'Exporting the chart to the stage…'));
    try {
      const r = await request('dashboard.export', { fileName });
      clear(result);
      result.append(h('div', { class: 'note', id: 'export-done' }, `Exported to @${r.stage} with file name ${fileName}: `,
        r.files.map((f) => `${f.name} (${fmtNumber(f.size)} bytes)`).join(', ')));
    } catch (e) {
      clear(result);
      result.append(h('div', { class: 'error', role: 'alert' }, (e as Error).message));
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => void run());
  input.addEventListener('keydown', (ev) => { if ((ev as KeyboardEvent).key === 'Enter') void run(); });
  return h('div', { class: 'export-box' },
    h('label', { for: 'export-file' }, 'Output file name'), input, button, result);
}
