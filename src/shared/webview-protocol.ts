// The one message protocol between the extension and its webviews (Run History, Traces,
// Dashboard, Chart Preview), imported by both sides so a change to a shape breaks the build of
// both. Three kinds of traffic:
//   webview -> host   { kind: 'ready' }            handshake: the host posts nothing before it
//                     { kind: 'request', id, method, params }
//   host -> webview   { kind: 'reply', id, ok, result | error }
//                     { kind: 'push', topic, … }   incremental updates (runner events, reloads)
// The host treats every message from a webview as untrusted input: `parseWebviewMessage`
// accepts only the shapes below (known method, typed params, bounded strings) and drops the rest.
// No DOM and no `vscode` here: both bundles and the node tests import it.

export const PANELS = ['runHistory', 'traces', 'dashboard', 'chartPreview'] as const;
export type PanelKind = (typeof PANELS)[number];

export const TASK_STATES = ['SCHEDULED', 'EXECUTING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED'] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

export const CHARTS = ['top-preferences'] as const;
export type ChartId = (typeof CHARTS)[number];

/** The dashboard's sections, in page order: the original Streamlit app's, then the project's
 * additions ('more'). */
export const SECTION_GROUPS = ['sales', 'customers', 'products', 'specifications', 'preferences', 'more'] as const;
export type SectionGroup = (typeof SECTION_GROUPS)[number];

// ---- data shapes -------------------------------------------------------------------------

/** A task of the graph as the manifest defines it (the DAG the Graph view lays out). */
export interface GraphTask {
  readonly name: string;
  readonly kind: string;
  readonly after: readonly string[];
}

/** One attempt of a graph run (COMPLETE_TASK_GRAPHS / CURRENT_TASK_GRAPHS row). */
export interface GraphRunRow {
  readonly graphRunGroupId: string;
  readonly attempt: number;
  readonly state: string;
  readonly scheduledFrom: string;
  /** Epoch milliseconds (null when not started). */
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly durationMs: number | null;
  readonly taskCount: number;
  readonly firstErrorTask: string | null;
  readonly firstErrorMessage: string | null;
  readonly traceId: string | null;
}

/** One TASK_HISTORY row. */
export interface TaskRunRow {
  readonly graphRunGroupId: string;
  readonly attempt: number;
  readonly name: string;
  readonly state: string;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly durationMs: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly returnValue: string | null;
  readonly rowsIn: number | null;
  readonly rowsOut: number | null;
  readonly rowsRejected: number | null;
  readonly tries: number | null;
  readonly scheduledFrom: string | null;
}

export interface RunHistoryData {
  readonly tasks: readonly GraphTask[];
  /** Newest first. */
  readonly runs: readonly GraphRunRow[];
  /** Task rows of the listed runs (every attempt). */
  readonly taskRuns: readonly TaskRunRow[];
  /** Set while a run is in progress in this window: task -> state, ahead of the history table. */
  readonly live?: Readonly<Record<string, string>>;
  /** Snowflake: TASK_HISTORY holds no trace id, so runs carry none; the host finds a run's trace
   *  in the event table when "Open traces" asks (the button stays enabled). */
  readonly tracesOnRequest?: boolean;
}

export interface TraceSummary {
  readonly traceId: string;
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
  /** OK, ERROR or UNSET: ERROR when any span of the trace failed. */
  readonly status: string;
  readonly spanCount: number;
  readonly graphRunGroupId: string | null;
  readonly attempt: number | null;
}

export interface SpanEventRow {
  readonly name: string;
  readonly atUs: number;
  readonly attributes: Record<string, unknown>;
}

export interface SpanRow {
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly status: string;
  readonly statusMessage: string | null;
  readonly attributes: Record<string, unknown>;
  readonly events: readonly SpanEventRow[];
}

export interface LogRow {
  readonly atUs: number;
  readonly severity: string;
  readonly message: string;
  readonly spanId: string | null;
  readonly attributes: Record<string, unknown>;
}

/** One METRIC record of the event table (a task run's rows, duration, CPU time, memory). */
export interface MetricRow {
  readonly name: string;
  /** UCUM as OpenTelemetry writes it: 's', 'By', '{row}'. */
  readonly unit: string;
  readonly value: number;
  /** The span the measurement belongs to (the task run), when the record names one. */
  readonly spanId: string | null;
  readonly atUs: number;
  readonly attributes: Record<string, unknown>;
}

export interface TraceDetail {
  readonly traceId: string;
  readonly spans: readonly SpanRow[];
  readonly logs: readonly LogRow[];
  /** METRIC records of the trace; absent where the source has none (older hosts, Snowflake
   *  accounts whose metrics carry no trace context). */
  readonly metrics?: readonly MetricRow[];
}

export interface Kpis {
  readonly totalRevenue: number;
  readonly totalOrders: number;
  readonly averageOrderValue: number;
  readonly totalProducts: number;
}

/** One chart of the dashboard: a title and a complete Vega-Lite (or Vega) spec, data inlined. */
export interface ChartSection {
  readonly id: string;
  readonly title: string;
  readonly group: SectionGroup;
  readonly spec: Record<string, unknown>;
  readonly rows: number;
}

/** A row of the top-selling products table (ANALYTICS_TOP_SELLING_PRODUCTS_BY_REVENUE). */
export interface TopProductRow {
  readonly productId: string;
  /** The name, or "(unknown product)". */
  readonly product: string;
  readonly category: string | null;
  readonly totalOrders: number;
  readonly totalQuantitySold: number;
  readonly totalRevenue: number;
}

export interface ProductSpec {
  readonly name: string;
  readonly value: string;
}

/** A product of the reviews section (GOLD_PRODUCT_REVIEWS_ANALYTICS with SILVER_PRODUCTS). */
export interface ProductReviewRow {
  readonly productId: string;
  readonly product: string;
  readonly avgRating: number | null;
  readonly totalReviews: number;
  readonly positiveReviews: number;
  readonly negativeReviews: number;
  readonly specifications: readonly ProductSpec[];
}

export interface DashboardData {
  readonly kpis: Kpis;
  readonly charts: readonly ChartSection[];
  /** null when the table is not built yet. */
  readonly topProducts: readonly TopProductRow[] | null;
  readonly productReviews: readonly ProductReviewRow[] | null;
  /** Tables the dashboard needs that are not built yet (the dashboard shows what it can). */
  readonly missing: readonly string[];
}

export interface ChartPreviewData {
  readonly chart: ChartId;
  readonly title: string;
  readonly spec: Record<string, unknown>;
  readonly rows: readonly Record<string, unknown>[];
}

export interface ExportResult {
  readonly stage: string;
  readonly files: readonly { name: string; size: number }[];
}

// ---- requests ----------------------------------------------------------------------------

/** Every request a webview may send, its params and the reply's result. */
export interface Requests {
  'history.load': { params: { limit?: number }; result: RunHistoryData };
  'history.retryFailed': { params: { graphRunGroupId: string }; result: { started: boolean } };
  'history.openTraces': { params: { graphRunGroupId: string }; result: null };
  'history.openSql': { params: { task: string }; result: null };
  'traces.list': { params: { limit?: number }; result: TraceSummary[] };
  'traces.get': { params: { traceId: string }; result: TraceDetail };
  'dashboard.load': { params: Record<string, never>; result: DashboardData };
  'chart.load': { params: { chart: ChartId }; result: ChartPreviewData };
  /** fileName: the exported HTML's name (core/dashboard/export-name.ts says which are allowed). */
  'chart.export': { params: { chart: ChartId; fileName?: string }; result: ExportResult };
  'dashboard.export': { params: { fileName: string }; result: ExportResult };
}
export type Method = keyof Requests;

export type WebviewMessage =
  | { kind: 'ready'; panel: PanelKind; state?: unknown }
  | { [M in Method]: { kind: 'request'; id: number; method: M; params: Requests[M]['params'] } }[Method];

export type RequestMessage = Extract<WebviewMessage, { kind: 'request' }>;

/** Pushed by the host without a request. */
export type Push =
  | { kind: 'push'; topic: 'history'; data: RunHistoryData }
  | { kind: 'push'; topic: 'live'; states: Record<string, string> }
  | { kind: 'push'; topic: 'traces'; traces: TraceSummary[]; select?: string }
  | { kind: 'push'; topic: 'dashboard'; data: DashboardData }
  | { kind: 'push'; topic: 'chart'; data: ChartPreviewData }
  | { kind: 'push'; topic: 'error'; message: string };

export type Reply =
  | { [M in Method]: { kind: 'reply'; id: number; ok: true; method: M; result: Requests[M]['result'] } }[Method]
  | { kind: 'reply'; id: number; ok: false; error: string };

export type HostMessage = Push | Reply;

// ---- validation of what a webview sends ---------------------------------------------------

const MAX_ID = 2 ** 31;
const UUIDISH = /^[0-9a-fA-F-]{8,64}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const TASK_NAME = /^[a-z][a-z0-9_]{0,63}$/;

type ParamCheck = (p: Record<string, unknown>) => boolean;

const optLimit = (p: Record<string, unknown>) =>
  p.limit === undefined || (typeof p.limit === 'number' && Number.isInteger(p.limit) && p.limit >= 1 && p.limit <= 100_000);
const onlyKeys = (p: Record<string, unknown>, keys: string[]) => Object.keys(p).every((k) => keys.includes(k));
const str = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
const boundedText = (v: unknown) => typeof v === 'string' && v.length <= 1000;

const PARAMS: Record<Method, ParamCheck> = {
  'history.load': (p) => onlyKeys(p, ['limit']) && optLimit(p),
  'history.retryFailed': (p) => onlyKeys(p, ['graphRunGroupId']) && str(p.graphRunGroupId, UUIDISH),
  'history.openTraces': (p) => onlyKeys(p, ['graphRunGroupId']) && str(p.graphRunGroupId, UUIDISH),
  'history.openSql': (p) => onlyKeys(p, ['task']) && str(p.task, TASK_NAME),
  'traces.list': (p) => onlyKeys(p, ['limit']) && optLimit(p),
  'traces.get': (p) => onlyKeys(p, ['traceId']) && str(p.traceId, TRACE_ID),
  'dashboard.load': (p) => onlyKeys(p, []),
  'chart.load': (p) => onlyKeys(p, ['chart']) && (CHARTS as readonly unknown[]).includes(p.chart),
  'chart.export': (p) => onlyKeys(p, ['chart', 'fileName']) && (CHARTS as readonly unknown[]).includes(p.chart)
    && (p.fileName === undefined || boundedText(p.fileName)),
  // Any short string gets through, so a bad name gets a reply saying why (the host validates it
  // with validateExportFileName); the page checks it with the same rules before sending.
  'dashboard.export': (p) => onlyKeys(p, ['fileName']) && boundedText(p.fileName),
};

export const METHODS = Object.keys(PARAMS) as Method[];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The message if it is one the protocol allows, else undefined (the host logs and drops it). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isPlainObject(raw)) return undefined;
  if (raw.kind === 'ready') {
    return typeof raw.panel === 'string' && (PANELS as readonly string[]).includes(raw.panel)
      ? { kind: 'ready', panel: raw.panel as PanelKind, state: raw.state }
      : undefined;
  }
  if (raw.kind !== 'request') return undefined;
  const { id, method } = raw;
  const params = raw.params ?? {};
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > MAX_ID) return undefined;
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(PARAMS, method)) return undefined;
  if (!isPlainObject(params) || !PARAMS[method as Method](params)) return undefined;
  return { kind: 'request', id, method, params } as WebviewMessage;
}

const isList = Array.isArray;

/** What each pushed topic must carry, checked before a page touches it. */
const PUSH_SHAPES: Record<Push['topic'], (m: Record<string, unknown>) => boolean> = {
  history: (m) => isPlainObject(m.data) && isList(m.data.tasks) && isList(m.data.runs) && isList(m.data.taskRuns)
    && (m.data.live === undefined || isPlainObject(m.data.live)),
  live: (m) => isPlainObject(m.states),
  traces: (m) => isList(m.traces) && (m.select === undefined || typeof m.select === 'string'),
  dashboard: (m) => isPlainObject(m.data) && isPlainObject(m.data.kpis) && isList(m.data.charts) && isList(m.data.missing)
    && (m.data.topProducts === null || isList(m.data.topProducts)) && (m.data.productReviews === null || isList(m.data.productReviews)),
  chart: (m) => isPlainObject(m.data) && typeof m.data.chart === 'string' && isPlainObject(m.data.spec) && isList(m.data.rows),
  error: (m) => typeof m.message === 'string',
};

/** Host messages come from the extension itself, but a page still checks the envelope and the
 * payload's shape before using it, so a malformed message is dropped instead of throwing. */
export function isHostMessage(raw: unknown): raw is HostMessage {
  if (!isPlainObject(raw)) return false;
  if (raw.kind === 'reply') return typeof raw.id === 'number' && typeof raw.ok === 'boolean' && (raw.ok || typeof raw.error === 'string');
  if (raw.kind !== 'push' || typeof raw.topic !== 'string' || !Object.prototype.hasOwnProperty.call(PUSH_SHAPES, raw.topic)) return false;
  return PUSH_SHAPES[raw.topic as Push['topic']](raw);
}
