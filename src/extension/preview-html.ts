// HTML of the table preview webview. Every value from the warehouse is escaped; the page may
// load only our stylesheet and run only the one script carrying this render's nonce, so a cell
// that contains markup shows as text and can never execute. No `vscode` import: tested alone.
// The head and the escaping are the pages' shared ones (shared/html-page.ts).
import type { TablePreview } from '../core/targets/local/preview-read';
import { checkNonce, escapeHtml, pageHead } from '../shared/html-page';

export { escapeHtml };

/** What the preview shows: the core's read of the table (core/targets/local/preview-read.ts). */
export type PreviewData = TablePreview;

/** A cell's text: NULL marked, nested values (JSON/VARIANT columns) as compact JSON. */
export function cellText(v: unknown): { text: string; isNull: boolean } {
  if (v === null || v === undefined) return { text: 'NULL', isNull: true };
  if (typeof v === 'object') return { text: JSON.stringify(v), isNull: false };
  return { text: String(v), isNull: false };
}

export function previewHtml(data: PreviewData, opts: { cspSource: string; nonce: string; styleUri: string }): string {
  const head = data.columns
    .map((c) => `<th title="${escapeHtml(c.type)}">${escapeHtml(c.name)}<span class="type">${escapeHtml(c.type)}</span></th>`)
    .join('');
  const body = data.rows
    .map((r, i) => `<tr><td class="rownum">${i + 1}</td>${data.columns.map((c) => {
      const { text, isNull } = cellText(r[c.name]);
      return `<td${isNull ? ' class="null"' : ''}>${escapeHtml(text)}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  const shown = Math.min(data.rows.length, data.limit);
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource}`,
    `script-src 'nonce-${checkNonce(opts.nonce)}'`,
  ].join('; ');
  return `${pageHead({ csp, title: data.table, stylesheets: [opts.styleUri] })}<header>
  <h1>${escapeHtml(data.table)}</h1>
  <span class="summary" id="summary">${shown} of ${data.total} rows</span>
  <input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows">
</header>
<table id="grid" data-table="${escapeHtml(data.table)}">
<thead><tr><th class="rownum">#</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<script nonce="${escapeHtml(opts.nonce)}">
  // Client-side filter over the rendered rows; no data is fetched or injected from here.
  const input = document.getElementById('filter');
  const rows = Array.from(document.querySelectorAll('#grid tbody tr'));
  const summary = document.getElementById('summary');
  const total = ${Number(data.total) || 0};
  input.addEventListener('input', () => {
    const q = input.value.toLowerCase();
    let n = 0;
    for (const r of rows) { const hit = !q || r.textContent.toLowerCase().includes(q); r.hidden = !hit; if (hit) n++; }
    summary.textContent = n + ' of ' + total + ' rows' + (q ? ' (filtered)' : '');
  });
</script>
</body>
</html>`;
}
