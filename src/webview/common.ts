// Shared browser code of the webviews: the message client (request/reply with ids, pushes,
// the `ready` handshake), persisted view state, a DOM builder that only ever sets text (never
// innerHTML, so data with markup shows as text), a virtualised list, and formatting helpers.
import { isHostMessage, type HostMessage, type Method, type PanelKind, type Push, type Requests } from '../shared/webview-protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

let nextId = 1;
const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
const pushHandlers: ((p: Push) => void)[] = [];

window.addEventListener('message', (ev: MessageEvent) => {
  const msg: unknown = ev.data;
  if (!isHostMessage(msg)) return;
  const m = msg as HostMessage;
  if (m.kind === 'reply') {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
    return;
  }
  for (const handler of pushHandlers) {
    // One bad payload must not stop the page: report it and keep showing what it had.
    try {
      handler(m);
    } catch (e) {
      console.warn(`ignored a ${m.topic} message the page could not show: ${(e as Error).message}`);
    }
  }
});

/** A request to the host; resolves with its reply's result. */
export function request<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    api.postMessage({ kind: 'request', id, method, params });
  });
}

export function onPush(handler: (p: Push) => void): void {
  pushHandlers.push(handler);
}

/** Tells the host the page is listening; it answers with the panel's data as a push. */
export function ready(panel: PanelKind): void {
  api.postMessage({ kind: 'ready', panel, state: api.getState() ?? undefined });
}

export function loadState<T extends object>(defaults: T): T {
  const s = api.getState();
  return s && typeof s === 'object' ? { ...defaults, ...(s as Partial<T>) } : { ...defaults };
}

export function saveState(state: object): void {
  api.setState(state);
}

// ---- DOM ---------------------------------------------------------------------------------

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

/** An element with attributes (on* keys become listeners) and children; strings become text
 * nodes, so a value like "<img onerror=…>" is shown, never parsed. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
      continue;
    }
    // Inline style attributes are refused by the CSP; layout uses CSSOM (el.style.x) instead.
    if (k === 'style' || /^on/i.test(k)) throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A list that creates DOM only for the rows in view, so 100 000 rows cost what 50 do. */
export class VirtualList {
  readonly el: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private count = 0;
  private frame = 0;

  constructor(private readonly rowHeight: number, private readonly renderRow: (i: number) => HTMLElement, className = '') {
    this.spacer = h('div', { class: 'vlist-spacer' });
    this.el = h('div', { class: `vlist ${className}`.trim() }, this.spacer);
    this.el.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.el);
  }

  setCount(n: number): void {
    this.count = n;
    this.spacer.style.height = `${n * this.rowHeight}px`;
    this.paint();
  }

  refresh(): void {
    this.paint();
  }

  scrollTo(i: number): void {
    const top = i * this.rowHeight;
    if (top < this.el.scrollTop || top > this.el.scrollTop + this.el.clientHeight - this.rowHeight) this.el.scrollTop = Math.max(0, top - this.rowHeight * 2);
    this.paint();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.paint(); });
  }

  private paint(): void {
    const height = this.el.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.el.scrollTop / this.rowHeight) - 5);
    const last = Math.min(this.count, Math.ceil((this.el.scrollTop + height) / this.rowHeight) + 5);
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const row = this.renderRow(i);
      row.classList.add('vrow');
      row.style.top = `${i * this.rowHeight}px`;
      row.style.height = `${this.rowHeight}px`;
      this.spacer.appendChild(row);
    }
  }
}

// ---- formatting --------------------------------------------------------------------------

// The project's one duration format (the tree, notifications and CLI show the same text).
export { formatDuration as fmtDuration } from '../shared/duration';

export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function fmtNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Text of any value for a details table (objects as JSON). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A CSS class for a state name; unknown names fall back to a neutral class. */
export function stateClass(state: string | null | undefined): string {
  const known = ['SCHEDULED', 'EXECUTING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED', 'OK', 'ERROR', 'UNSET'];
  return `state-${state && known.includes(state) ? state.toLowerCase() : 'none'}`;
}

/** A message line in the page (errors from the host shown as text). */
export function showError(where: HTMLElement, message: string): void {
  clear(where);
  where.appendChild(h('div', { class: 'error', role: 'alert' }, message));
}

/** A key/value table. */
export function kvTable(rows: [string, unknown][]): HTMLTableElement {
  return h('table', { class: 'kv' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, valueText(v))))));
}
