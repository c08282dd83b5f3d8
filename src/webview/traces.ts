// Traces webview (Snowsight's "Traces & Logs" in the editor): the trace list with filters, the
// waterfall of one trace (nested spans, bars on a shared time axis), the selected span's
// details (attributes, span events, logs, row counts, exception), its METRIC records beside
// them (a task's rows, duration, CPU time and memory; the whole run's per task on the root
// span), and the trace's logs filtered by severity. The list and the waterfall are virtualised: 100 000 spans stay responsive.
import type { LogRow, MetricRow, SpanRow, TraceDetail, TraceSummary } from '../shared/webview-protocol';
import { clear, fmtDuration, fmtNumber, fmtTime, h, kvTable, loadState, onPush, ready, request, saveState, showError, stateClass, valueText, VirtualList } from './common';

interface ViewState {
  trace?: string;
  span?: string;
  text: string;
  status: string;
  severity: string;
}

const SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const state = loadState<ViewState>({ text: '', status: 'ALL', severity: 'DEBUG' });
let traces: TraceSummary[] = [];
let shown: TraceSummary[] = [];
let detail: TraceDetail | undefined;
/** Spans in waterfall order (depth-first, children by start time) with their depth. */
let flat: { span: SpanRow; depth: number }[] = [];
let t0 = 0;
let t1 = 1;

const app = document.getElementById('app')!;
const message = h('div', { class: 'message' });
const search = h('input', { type: 'search', placeholder: 'Filter by name or trace id', 'aria-label': 'Filter traces', id: 'trace-filter' });
const statusSelect = h('select', { 'aria-label': 'Filter traces by status', id: 'status-filter' });
for (const v of ['ALL', 'OK', 'ERROR']) statusSelect.appendChild(h('option', { value: v }, v === 'ALL' ? 'Any status' : v));
const list = new VirtualList(24, (i) => traceRow(shown[i]), 'trace-list');
const waterfallHead = h('div', { class: 'caption' });
const waterfall = new VirtualList(22, (i) => spanRow(flat[i]), 'waterfall');
const spanDetails = h('section', { class: 'details', id: 'span-details' });
const metricsPane = h('section', { class: 'details metrics-pane', id: 'span-metrics' });
const severitySelect = h('select', { 'aria-label': 'Minimum log severity', id: 'severity-filter' });
for (const v of SEVERITIES) severitySelect.appendChild(h('option', { value: v }, `${v} and above`));
const logs = h('div', { class: 'logs', id: 'logs' });

search.value = state.text;
statusSelect.value = state.status;
severitySelect.value = state.severity;
search.addEventListener('input', () => { state.text = search.value; saveState(state); renderList(); });
statusSelect.addEventListener('change', () => { state.status = statusSelect.value; saveState(state); renderList(); });
severitySelect.addEventListener('change', () => { state.severity = severitySelect.value; saveState(state); renderLogs(); });

app.append(
  h('header', {}, h('h1', {}, 'Traces'), search, statusSelect, h('button', { class: 'secondary', onclick: () => void reload() }, 'Refresh')),
  message,
  h('div', { class: 'traces-layout' },
    h('section', { class: 'trace-pane' },
      h('div', { class: 'trace-row head' }, h('span', {}, 'Date'), h('span', {}, 'Duration'), h('span', {}, 'Name'), h('span', {}, 'Status'), h('span', {}, 'Spans')),
      list.el),
    h('section', { class: 'waterfall-pane' }, waterfallHead, waterfall.el),
    spanDetails,
    metricsPane,
    h('section', { class: 'logs-pane' }, h('div', { class: 'logs-head' }, h('h2', {}, 'Logs'), severitySelect), logs)),
);

function renderList(): void {
  const q = state.text.trim().toLowerCase();
  shown = traces.filter((t) => (state.status === 'ALL' || t.status === state.status) &&
    (!q || t.name.toLowerCase().includes(q) || t.traceId.includes(q) || (t.graphRunGroupId ?? '').includes(q)));
  list.setCount(shown.length);
}

function traceRow(t: TraceSummary): HTMLElement {
  return h('button', { class: `trace-row${t.traceId === state.trace ? ' selected' : ''}`, 'data-trace': t.traceId, onclick: () => void openTrace(t.traceId) },
    h('span', {}, fmtTime(t.startMs)), h('span', {}, fmtDuration(t.durationMs)), h('span', { title: t.traceId }, t.name),
    h('span', { class: stateClass(t.status) }, t.status), h('span', {}, String(t.spanCount)));
}

function flatten(d: TraceDetail): void {
  const children = new Map<string | null, SpanRow[]>();
  const ids = new Set(d.spans.map((sp) => sp.spanId));
  for (const sp of d.spans) {
    // A span whose parent is not in this trace's rows is shown as a root.
    const parent = sp.parentSpanId && ids.has(sp.parentSpanId) ? sp.parentSpanId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(sp);
  }
  for (const c of children.values()) c.sort((a, b) => a.startUs - b.startUs || a.name.localeCompare(b.name));
  flat = [];
  // Iterative depth-first walk: deep traces must not overflow the stack.
  const stack: { span: SpanRow; depth: number }[] = (children.get(null) ?? []).slice().reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const n = stack.pop()!;
    flat.push(n);
    const c = children.get(n.span.spanId);
    if (c) for (let i = c.length - 1; i >= 0; i--) stack.push({ span: c[i], depth: n.depth + 1 });
  }
  // Loops, not Math.min(...spans): 100 000 arguments would overflow the stack.
  t0 = Infinity;
  t1 = -Infinity;
  for (const sp of d.spans) {
    if (sp.startUs < t0) t0 = sp.startUs;
    if (sp.endUs > t1) t1 = sp.endUs;
  }
  if (!Number.isFinite(t0)) t0 = 0;
  t1 = Math.max(t1, t0 + 1);
}

function spanRow(n: { span: SpanRow; depth: number }): HTMLElement {
  const sp = n.span;
  const total = t1 - t0;
  const bar = h('span', { class: `bar ${stateClass(sp.status)}` });
  bar.style.left = `${((sp.startUs - t0) / total) * 100}%`;
  bar.style.width = `${Math.max(0.2, ((sp.endUs - sp.startUs) / total) * 100)}%`;
  const label = h('span', { class: 'span-label', title: sp.name }, sp.name);
  label.style.paddingLeft = `${n.depth * 14 + 4}px`;
  return h('button', { class: `span-row${sp.spanId === state.span ? ' selected' : ''}`, 'data-span': sp.spanId, onclick: () => selectSpan(sp.spanId) },
    label, h('span', { class: 'gantt-track' }, bar), h('span', { class: 'gantt-ms' }, fmtDuration((sp.endUs - sp.startUs) / 1000)));
}

function renderSpanDetails(): void {
  clear(spanDetails);
  const sp = detail?.spans.find((x) => x.spanId === state.span);
  if (!sp) { spanDetails.append(h('div', { class: 'caption' }, detail ? 'Select a span.' : 'Select a trace.')); return; }
  const a = sp.attributes;
  spanDetails.append(h('h2', {}, sp.name), kvTable([
    ['Status', sp.status], ['Duration', fmtDuration((sp.endUs - sp.startUs) / 1000)], ['Start', fmtTime(sp.startUs / 1000)],
    ['Span id', sp.spanId], ['Parent', sp.parentSpanId],
    ['Rows in', a['snow.input.rows'] === undefined ? undefined : fmtNumber(Number(a['snow.input.rows']))],
    ['Rows out', a['snow.output.rows'] === undefined ? undefined : fmtNumber(Number(a['snow.output.rows']))],
  ].filter(([, v]) => v !== undefined && v !== null) as [string, unknown][]));
  const exception = Object.entries(a).filter(([k]) => k.startsWith('exception.'));
  if (sp.statusMessage || exception.length) {
    spanDetails.append(h('h3', {}, 'Exception'), h('pre', { class: 'error-text' }, [sp.statusMessage, ...exception.map(([k, v]) => `${k}: ${valueText(v)}`)].filter(Boolean).join('\n')));
  }
  spanDetails.append(h('h3', {}, 'Attributes'), kvTable(Object.entries(a).sort(([x], [y]) => x.localeCompare(y))));
  if (sp.events.length) {
    spanDetails.append(h('h3', {}, `Span events (${sp.events.length})`), h('ul', { class: 'events', id: 'span-events' }, ...sp.events.map((e) =>
      h('li', {}, h('span', { class: 'event-offset' }, `+${fmtDuration((e.atUs - sp.startUs) / 1000)}`), ' ', h('b', {}, e.name), ' ',
        Object.entries(e.attributes).map(([k, v]) => `${k}=${valueText(v)}`).join(' ')))));
  }
  const own = (detail?.logs ?? []).filter((l) => l.spanId === sp.spanId);
  if (own.length) spanDetails.append(h('h3', {}, `Logs (${own.length})`), logTable(own));
}

/** A metric's value in its unit: seconds as a duration, bytes in MB, rows as a count. */
function metricValue(m: MetricRow): string {
  if (m.unit === 's') return fmtDuration(m.value * 1000);
  if (m.unit === 'By') return `${fmtNumber(m.value / (1024 * 1024), 1)} MB`;
  if (m.unit === '{row}') return fmtNumber(m.value);
  return `${fmtNumber(m.value, Number.isInteger(m.value) ? 0 : 3)}${m.unit ? ` ${m.unit}` : ''}`;
}

/** Which reading of a metric a row is (process.cpu.time has one per cpu.mode). */
function metricLabel(m: MetricRow): string {
  const mode = m.attributes['cpu.mode'];
  return mode === undefined ? m.name : `${m.name} (${valueText(mode)})`;
}

/** The selected span's METRIC records; on a span without any (the graph run's root, an SQL
 *  statement) the trace's records, one table per task, so a run's cost is visible at a glance. */
function renderMetrics(): void {
  clear(metricsPane);
  const all = detail?.metrics ?? [];
  metricsPane.append(h('h2', {}, 'Metrics'));
  const sp = detail?.spans.find((x) => x.spanId === state.span);
  const own = sp ? all.filter((m) => m.spanId === sp.spanId) : [];
  const table = (rows: readonly MetricRow[]) => h('table', { class: 'kv metrics' }, h('tbody', {}, ...rows.map((m) =>
    h('tr', { 'data-metric': m.name }, h('th', {}, metricLabel(m)), h('td', {}, metricValue(m))))));
  if (own.length) { metricsPane.append(h('div', { class: 'caption' }, `${own.length} METRIC records of ${sp!.name}`), table(own)); return; }
  if (!all.length) { metricsPane.append(h('div', { class: 'caption' }, 'No METRIC records in this trace.')); return; }
  const bySpan = new Map<string, MetricRow[]>();
  for (const m of all) bySpan.set(m.spanId ?? '', [...(bySpan.get(m.spanId ?? '') ?? []), m]);
  metricsPane.append(h('div', { class: 'caption' }, `${all.length} METRIC records in this trace, by span`));
  for (const [spanId, rows] of bySpan) {
    const owner = detail?.spans.find((x) => x.spanId === spanId);
    metricsPane.append(h('h3', {}, owner?.name || valueText(rows[0].attributes['snow.task.name']) || spanId || 'trace'), table(rows));
  }
}

function logTable(rows: readonly LogRow[]): HTMLElement {
  return h('table', { class: 'log-table' }, h('tbody', {}, ...rows.map((l) =>
    h('tr', { class: `sev-${SEVERITIES.includes(l.severity) ? l.severity.toLowerCase() : 'info'}` },
      h('td', {}, fmtTime(l.atUs / 1000)), h('td', {}, l.severity), h('td', {}, valueText(l.attributes['snow.task.name'])), h('td', {}, l.message)))));
}

function renderLogs(): void {
  clear(logs);
  const min = SEVERITIES.indexOf(state.severity);
  const rows = (detail?.logs ?? []).filter((l) => SEVERITIES.indexOf(l.severity) >= min || !SEVERITIES.includes(l.severity));
  logs.append(h('div', { class: 'caption' }, `${rows.length} of ${detail?.logs.length ?? 0} log records`), logTable(rows.slice(0, 2000)));
}

function selectSpan(id: string): void {
  state.span = id;
  saveState(state);
  waterfall.refresh();
  renderSpanDetails();
  renderMetrics();
}

async function openTrace(traceId: string): Promise<void> {
  state.trace = traceId;
  saveState(state);
  list.refresh();
  try {
    detail = await request('traces.get', { traceId });
    flatten(detail);
    if (!detail.spans.some((x) => x.spanId === state.span)) state.span = flat[0]?.span.spanId;
    const t = traces.find((x) => x.traceId === traceId);
    waterfallHead.textContent = `${t?.name ?? 'trace'} ${traceId} · ${detail.spans.length} spans · ${fmtDuration((t1 - t0) / 1000)}`;
    waterfall.setCount(flat.length);
    renderSpanDetails();
    renderMetrics();
    renderLogs();
    clear(message);
  } catch (e) {
    showError(message, (e as Error).message);
  }
}

function show(list0: TraceSummary[], select?: string): void {
  traces = list0;
  renderList();
  const pick = select ?? (traces.some((t) => t.traceId === state.trace) ? state.trace : traces[0]?.traceId);
  if (pick) void openTrace(pick);
  else { waterfallHead.textContent = 'No traces yet: run the pipeline.'; renderSpanDetails(); renderMetrics(); }
}

async function reload(): Promise<void> {
  try {
    show(await request('traces.list', {}));
  } catch (e) {
    showError(message, (e as Error).message);
  }
}

onPush((p) => {
  if (p.topic === 'traces') show(p.traces, p.select);
  else if (p.topic === 'error') showError(message, p.message);
});

renderSpanDetails();
ready('traces');
