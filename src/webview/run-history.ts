// Run History webview (Airflow's Graph / Grid / Gantt, Snowsight's task run details):
//   Graph  the DAG laid out by dagre, nodes coloured by state in the selected run
//   Grid   runs x tasks, newest run first, filters by state and age; virtualised rows
//   Gantt  start/end of every task of the selected run, overlaps visible
//   Details of a task run, with "Retry failed", "Open traces" and "Open SQL" sent to the host.
import type { GraphRunRow, GraphTask, RunHistoryData, TaskRunRow } from '../shared/webview-protocol';
import { clear, fmtDuration, fmtNumber, fmtTime, h, kvTable, loadState, onPush, ready, request, s, saveState, showError, stateClass, VirtualList } from './common';

interface ViewState {
  tab: 'graph' | 'grid' | 'gantt';
  /** How many graph runs to load (the host sends the newest 500 unless asked for more). */
  limit: number;
  /** "<graphRunGroupId>#<attempt>" */
  run?: string;
  task?: string;
  stateFilter: string;
  ageFilter: string;
}

// dagre is an ES module and this project compiles as CommonJS: a dynamic import, which esbuild
// inlines into this iife (no extra request, nothing loaded from elsewhere).
type Dagre = typeof import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } });
let dagre: Dagre | undefined;

const state = loadState<ViewState>({ tab: 'graph', stateFilter: 'ALL', ageFilter: 'all', limit: 500 });
let data: RunHistoryData = { tasks: [], runs: [], taskRuns: [] };
let live: Record<string, string> | undefined;
/** Task rows by "<group>#<attempt>" then by task name. */
let byRun = new Map<string, Map<string, TaskRunRow>>();
let visibleRuns: GraphRunRow[] = [];

const runKey = (r: { graphRunGroupId: string; attempt: number }) => `${r.graphRunGroupId}#${r.attempt}`;

const app = document.getElementById('app')!;
const message = h('div', { class: 'message' });
const tabs = h('div', { class: 'tabs', role: 'tablist' });
const stateSelect = h('select', { 'aria-label': 'Filter runs by state', id: 'state-filter' });
const ageSelect = h('select', { 'aria-label': 'Filter runs by age', id: 'age-filter' });
const summary = h('span', { class: 'summary', id: 'summary' });
const graphPane = h('div', { class: 'pane', id: 'graph' });
const gridHeader = h('div', { class: 'grid-header' });
const grid = new VirtualList(22, (i) => gridRow(visibleRuns[i]), 'grid');
const moreButton = h('button', { class: 'secondary', id: 'older-runs', onclick: () => void loadMore() }, 'Older runs');
const gridPane = h('div', { class: 'pane', id: 'grid' }, gridHeader, grid.el, h('div', { class: 'actions' }, moreButton));
const ganttPane = h('div', { class: 'pane', id: 'gantt' });
const details = h('aside', { class: 'details', id: 'details', 'aria-live': 'polite' });

for (const v of ['ALL', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXECUTING']) stateSelect.appendChild(h('option', { value: v }, v === 'ALL' ? 'All states' : v));
for (const [v, label] of [['all', 'Any time'], ['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['30', 'Last 30 days']]) ageSelect.appendChild(h('option', { value: v }, label));
stateSelect.value = state.stateFilter;
ageSelect.value = state.ageFilter;
stateSelect.addEventListener('change', () => { state.stateFilter = stateSelect.value; saveState(state); render(); });
ageSelect.addEventListener('change', () => { state.ageFilter = ageSelect.value; saveState(state); render(); });

for (const t of ['graph', 'grid', 'gantt'] as const) {
  tabs.appendChild(h('button', { class: 'tab', role: 'tab', 'data-tab': t, onclick: () => { state.tab = t; saveState(state); showTab(); } }, t[0].toUpperCase() + t.slice(1)));
}

app.append(
  h('header', {}, h('h1', {}, 'Run History'), tabs, stateSelect, ageSelect, summary,
    h('button', { class: 'secondary', onclick: () => void reload() }, 'Refresh')),
  message,
  h('div', { class: 'layout' }, h('main', {}, graphPane, gridPane, ganttPane), details),
);

function showTab(): void {
  for (const b of Array.from(tabs.children)) b.setAttribute('aria-selected', String((b as HTMLElement).dataset.tab === state.tab));
  graphPane.hidden = state.tab !== 'graph';
  gridPane.hidden = state.tab !== 'grid';
  ganttPane.hidden = state.tab !== 'gantt';
  if (state.tab === 'grid') grid.refresh();
  if (state.tab === 'graph' && graphStale) renderGraphIfShown();
}

function selectedRun(): GraphRunRow | undefined {
  return data.runs.find((r) => runKey(r) === state.run) ?? data.runs[0];
}

let orderCache: { tasks: readonly GraphTask[]; order: string[] } | undefined;

function taskOrder(): string[] {
  // Computed once per task list: every grid row asks for it.
  if (orderCache?.tasks !== data.tasks) orderCache = { tasks: data.tasks, order: topoOrder() };
  return orderCache.order;
}

function topoOrder(): string[] {
  // Topological order from the manifest: a task after all of its predecessors.
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: GraphTask) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const p of t.after) {
      const pt = data.tasks.find((x) => x.name === p);
      if (pt) visit(pt);
    }
    out.push(t.name);
  };
  data.tasks.forEach(visit);
  return out;
}

function filterRuns(): GraphRunRow[] {
  const now = Date.now();
  const days = state.ageFilter === 'all' ? undefined : Number(state.ageFilter);
  return data.runs.filter((r) =>
    (state.stateFilter === 'ALL' || r.state === state.stateFilter) &&
    (!days || (r.startMs !== null && now - r.startMs <= days * 86_400_000)));
}

/** The task's row in this attempt or, for a retry (which re-runs only what failed), in the
 * latest earlier attempt of the same graph run: the graph then shows the run as a whole. */
function taskRunIn(run: GraphRunRow | undefined, task: string): TaskRunRow | undefined {
  if (!run) return undefined;
  for (let a = run.attempt; a >= 1; a--) {
    const row = byRun.get(`${run.graphRunGroupId}#${a}`)?.get(task);
    if (row) return row;
  }
  return undefined;
}

function taskStateIn(run: GraphRunRow | undefined, task: string): string | undefined {
  if (live && (!run || run === data.runs[0]) && live[task]) return live[task];
  return taskRunIn(run, task)?.state;
}

// ---- graph -------------------------------------------------------------------------------

/** The graph needs a dagre layout: drawn only while its tab shows, else when the tab opens. */
let graphStale = true;

function renderGraphIfShown(): void {
  graphStale = state.tab !== 'graph';
  if (!graphStale) renderGraph();
}

function renderGraph(): void {
  clear(graphPane);
  const run = selectedRun();
  if (!dagre) return;
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 48, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of data.tasks) g.setNode(t.name, { width: Math.max(120, t.name.length * 7 + 24), height: 30 });
  for (const t of data.tasks) for (const p of t.after) if (g.hasNode(p)) g.setEdge(p, t.name);
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();
  const svg = s('svg', { class: 'dag', width: Math.ceil(width), height: Math.ceil(height), viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, role: 'img', 'aria-label': 'Task graph' });
  for (const e of g.edges()) {
    const pts = g.edge(e).points;
    svg.appendChild(s('path', { class: 'edge', d: pts.map((p: { x: number; y: number }, i: number) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ') }));
  }
  for (const name of g.nodes()) {
    const n = g.node(name);
    const st = taskStateIn(run, name);
    const node = s('g', {
      class: `node ${stateClass(st)}${state.task === name ? ' selected' : ''}`, 'data-task': name, 'data-state': st ?? 'NONE', tabindex: 0,
      transform: `translate(${(n.x - n.width / 2).toFixed(1)},${(n.y - n.height / 2).toFixed(1)})`,
      onclick: () => selectTask(name),
      onkeydown: (ev: Event) => { if ((ev as KeyboardEvent).key === 'Enter') selectTask(name); },
    },
    s('title', {}, `${name}: ${st ?? 'not run'}`),
    s('rect', { width: n.width, height: n.height, rx: 5 }),
    s('text', { x: 10, y: 19 }, name));
    svg.appendChild(node);
  }
  graphPane.append(h('div', { class: 'caption' }, run ? `Graph run ${run.graphRunGroupId.slice(0, 8)} attempt ${run.attempt}: ${run.state}` : 'No runs yet: run the pipeline.'), svg);
}

// ---- grid --------------------------------------------------------------------------------

function renderGridHeader(): void {
  clear(gridHeader);
  gridHeader.append(h('span', { class: 'grid-run' }, 'Run'), ...taskOrder().map((t) => h('span', { class: 'grid-cell head', title: t }, h('span', { class: 'rot' }, t))));
}

function gridRow(run: GraphRunRow): HTMLElement {
  const key = runKey(run);
  const tasks = byRun.get(key);
  return h('div', { class: `grid-row${key === state.run ? ' selected' : ''}`, 'data-run': key },
    h('button', { class: `grid-run ${stateClass(run.state)}`, title: `${run.graphRunGroupId} attempt ${run.attempt}: ${run.state}`, onclick: () => selectRun(key) },
      `${fmtTime(run.startMs)}  #${run.attempt}`),
    ...taskOrder().map((t) => {
      const tr = tasks?.get(t);
      return h('button', {
        class: `grid-cell ${stateClass(tr?.state)}`, 'data-task': t, 'aria-label': `${t}: ${tr?.state ?? 'not in this run'}`,
        title: `${t}: ${tr?.state ?? 'not in this run'}${tr?.durationMs != null ? ` (${fmtDuration(tr.durationMs)})` : ''}`,
        onclick: () => { selectRun(key); selectTask(t); },
      });
    }));
}

// ---- gantt -------------------------------------------------------------------------------

function renderGantt(): void {
  clear(ganttPane);
  const run = selectedRun();
  if (!run) { ganttPane.append(h('div', { class: 'caption' }, 'No runs yet.')); return; }
  const rows = [...(byRun.get(runKey(run))?.values() ?? [])].filter((r) => r.startMs !== null).sort((a, b) => a.startMs! - b.startMs! || a.name.localeCompare(b.name));
  const t0 = rows.reduce((m, r) => Math.min(m, r.startMs!), run.startMs ?? Infinity);
  const t1 = Math.max(rows.reduce((m, r) => Math.max(m, r.endMs ?? r.startMs!), run.endMs ?? 0), t0 + 1);
  const span = t1 - t0;
  ganttPane.append(h('div', { class: 'caption' }, `Graph run ${run.graphRunGroupId.slice(0, 8)} attempt ${run.attempt}: ${fmtDuration(span)} from ${fmtTime(t0)}`));
  const list = h('div', { class: 'gantt' });
  for (const r of rows) {
    const bar = h('div', { class: `bar ${stateClass(r.state)}`, title: `${r.name}: ${r.state}, ${fmtDuration(r.durationMs)}` });
    // Positions through CSSOM: the CSP refuses inline style attributes, not style properties.
    bar.style.left = `${((r.startMs! - t0) / span) * 100}%`;
    bar.style.width = `${Math.max(0.3, (((r.endMs ?? r.startMs!) - r.startMs!) / span) * 100)}%`;
    list.append(h('div', { class: `gantt-row${state.task === r.name ? ' selected' : ''}`, 'data-task': r.name, onclick: () => selectTask(r.name) },
      h('span', { class: 'gantt-label' }, r.name),
      h('span', { class: 'gantt-track' }, bar),
      h('span', { class: 'gantt-ms' }, fmtDuration(r.durationMs))));
  }
  if (!rows.length) list.append(h('div', { class: 'caption' }, 'No task of this run has started.'));
  ganttPane.append(list);
}

// ---- details -----------------------------------------------------------------------------

function renderDetails(): void {
  clear(details);
  const run = selectedRun();
  if (!run) return;
  const failed = [...(byRun.get(runKey(run))?.values() ?? [])].filter((r) => ['FAILED', 'SKIPPED', 'CANCELLED'].includes(r.state));
  const actions = h('div', { class: 'actions' },
    h('button', { id: 'retry-failed', disabled: !failed.length || run.state === 'EXECUTING' || run !== latestAttempt(run), onclick: () => void act(() => request('history.retryFailed', { graphRunGroupId: run.graphRunGroupId }).then(() => 'Retry started: the graph follows its progress.')) }, 'Retry failed'),
    h('button', { id: 'open-traces', class: 'secondary', disabled: !run.traceId && !data.tracesOnRequest, onclick: () => void act(() => request('history.openTraces', { graphRunGroupId: run.graphRunGroupId }).then(() => '')) }, 'Open traces'));
  details.append(h('h2', {}, 'Graph run'), kvTable([
    ['Id', run.graphRunGroupId], ['Attempt', run.attempt], ['State', run.state], ['Scheduled from', run.scheduledFrom],
    ['Started', fmtTime(run.startMs)], ['Duration', fmtDuration(run.durationMs)], ['Tasks', run.taskCount],
    ...(run.firstErrorTask ? [['First error', `${run.firstErrorTask}: ${run.firstErrorMessage ?? ''}`] as [string, unknown]] : []),
  ]), actions);
  const task = state.task ? taskRunIn(run, state.task) : undefined;
  if (state.task) {
    details.append(h('h2', {}, `Task ${state.task}`));
    if (!task) details.append(h('div', { class: 'caption' }, 'Not part of this run.'));
    else if (task.attempt !== run.attempt) details.append(h('div', { class: 'caption' }, `Not re-run in attempt ${run.attempt}: the state of attempt ${task.attempt}.`));
    if (task) {
      details.append(kvTable([
        ['State', task.state], ['Attempt', task.attempt], ['Tries', task.tries], ['Started', fmtTime(task.startMs)], ['Duration', fmtDuration(task.durationMs)],
        ['Rows in', fmtNumber(task.rowsIn)], ['Rows out', fmtNumber(task.rowsOut)], ['Rows rejected', fmtNumber(task.rowsRejected)],
        ['Return value', task.returnValue], ['Error code', task.errorCode], ['Error message', task.errorMessage],
      ]));
      if (task.errorMessage) details.append(h('pre', { class: 'error-text', id: 'error-message' }, task.errorMessage));
    }
    // Only transform tasks have step SQL (sql/pipeline/<task>/); loads are procedures over files.
    if (data.tasks.find((x) => x.name === state.task)?.kind === 'transform') {
      details.append(h('div', { class: 'actions' }, h('button', { id: 'open-sql', class: 'secondary', onclick: () => void act(() => request('history.openSql', { task: state.task! }).then(() => '')) }, 'Open SQL')));
    }
  }
}

function latestAttempt(run: GraphRunRow): GraphRunRow {
  return data.runs.filter((r) => r.graphRunGroupId === run.graphRunGroupId).sort((a, b) => b.attempt - a.attempt)[0] ?? run;
}

async function act(fn: () => Promise<string>): Promise<void> {
  try {
    const note = await fn();
    clear(message);
    if (note) message.append(h('div', { class: 'note' }, note));
  } catch (e) {
    showError(message, (e as Error).message);
  }
}

function selectRun(key: string): void {
  state.run = key;
  saveState(state);
  render();
}

function selectTask(task: string): void {
  state.task = task;
  saveState(state);
  render();
}

function index(d: RunHistoryData): void {
  data = d;
  live = d.live;
  byRun = new Map();
  for (const r of d.taskRuns) {
    const k = runKey(r);
    if (!byRun.has(k)) byRun.set(k, new Map());
    byRun.get(k)!.set(r.name, r);
  }
  if (state.run && !d.runs.some((r) => runKey(r) === state.run)) state.run = undefined;
}

function render(): void {
  visibleRuns = filterRuns();
  summary.textContent = `${visibleRuns.length} of ${data.runs.length} runs${live ? ' · run in progress' : ''}`;
  // A full page of runs means there may be older ones.
  moreButton.hidden = data.runs.length < state.limit;
  renderGraphIfShown();
  renderGridHeader();
  grid.setCount(visibleRuns.length);
  renderGantt();
  renderDetails();
  showTab();
}

async function loadMore(): Promise<void> {
  state.limit = Math.min(100_000, Math.max(state.limit, data.runs.length) + 500);
  saveState(state);
  await reload();
}

async function reload(): Promise<void> {
  try {
    index(await request('history.load', { limit: state.limit }));
    clear(message);
    render();
  } catch (e) {
    showError(message, (e as Error).message);
  }
}

onPush((p) => {
  if (p.topic === 'history') { index(p.data); render(); }
  else if (p.topic === 'live') { live = p.states; renderGraphIfShown(); summary.textContent = `${visibleRuns.length} of ${data.runs.length} runs · run in progress`; }
  else if (p.topic === 'error') showError(message, p.message);
});

void import('@dagrejs/dagre').then((m) => {
  dagre = m;
  renderGraphIfShown();
});
render();
ready('runHistory');
// A page restored with "Older runs" loaded asks for them again (the host starts at 500).
if (state.limit > 500) void reload();
