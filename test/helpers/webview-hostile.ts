// Hostile strings in every field a user or a data file can control, for every panel, and a
// responder that answers like the extension with them (test/webview.test.ts renders them; the
// Run History paging test of test/webview-run-data.test.ts builds on the hostile history).
import { graphTasks } from '../../src/core/dashboard/history-data';
import { topPreferencesSpec } from '../../src/core/dashboard/specs';
import type { ChartPreviewData, DashboardData, HostMessage, PanelKind, RunHistoryData, TraceDetail, TraceSummary } from '../../src/shared/webview-protocol';
import type { Responder } from './webview-harness';

export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '</script><script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3;alert(3)">',
  "'-alert(4)-'",
];
const EVIL = PAYLOADS.join(' ');
const RUN_ID = '11111111-2222-3333-4444-555555555555';
const TRACE_ID = 'ab'.repeat(16);

export function hostileHistory(): RunHistoryData {
  const tasks = graphTasks();
  const t0 = Date.now() - 60_000;
  return {
    tasks,
    runs: [{ graphRunGroupId: RUN_ID, attempt: 1, state: 'FAILED', scheduledFrom: EVIL, startMs: t0, endMs: t0 + 5000, durationMs: 5000, taskCount: tasks.length, firstErrorTask: 'productreview_task', firstErrorMessage: EVIL, traceId: TRACE_ID }],
    taskRuns: tasks.map((t, i) => ({
      graphRunGroupId: RUN_ID, attempt: 1, name: t.name, state: t.name === 'productreview_task' ? 'FAILED' : i < 9 ? 'SUCCEEDED' : 'SKIPPED',
      startMs: t0 + i * 100, endMs: t0 + i * 100 + 300, durationMs: 300, errorCode: t.name === 'productreview_task' ? EVIL : null,
      errorMessage: t.name === 'productreview_task' ? EVIL : null, returnValue: EVIL, rowsIn: 1, rowsOut: 1, rowsRejected: 0, tries: 1, scheduledFrom: EVIL,
    })),
  };
}

function hostileTraces(): { list: TraceSummary[]; detail: TraceDetail } {
  const s = 1_700_000_000_000_000;
  return {
    list: [{ traceId: TRACE_ID, name: EVIL, startMs: s / 1000, durationMs: 10, status: 'ERROR', spanCount: 2, graphRunGroupId: RUN_ID, attempt: 1 }],
    detail: {
      traceId: TRACE_ID,
      spans: [
        { spanId: 'a'.repeat(16), parentSpanId: null, name: EVIL, startUs: s, endUs: s + 10_000, status: 'ERROR', statusMessage: EVIL, attributes: { [EVIL]: EVIL, 'exception.message': EVIL, 'snow.input.rows': 5 }, events: [{ name: EVIL, atUs: s + 5, attributes: { k: EVIL } }] },
        { spanId: 'b'.repeat(16), parentSpanId: 'a'.repeat(16), name: `child ${EVIL}`, startUs: s + 100, endUs: s + 900, status: 'OK', statusMessage: null, attributes: {}, events: [] },
      ],
      logs: [{ atUs: s + 10, severity: 'ERROR', message: EVIL, spanId: 'a'.repeat(16), attributes: { 'snow.task.name': EVIL } }],
      metrics: [{ name: EVIL, unit: EVIL, value: 1, spanId: 'a'.repeat(16), atUs: s + 10_000, attributes: { 'cpu.mode': EVIL } }],
    },
  };
}

function hostileChartRows(): Record<string, unknown>[] {
  return PAYLOADS.map((p, i) => ({ preference: `${p} - ${EVIL} ${i}`, count: 10 - i }));
}

function hostileDashboard(): DashboardData {
  const rows = hostileChartRows();
  return {
    kpis: { totalRevenue: 1, totalOrders: 2, averageOrderValue: 0.5, totalProducts: 3 },
    charts: [{ id: 'top-preferences', title: EVIL, group: 'preferences', spec: topPreferencesSpec(rows, EVIL), rows: rows.length }],
    topProducts: [], productReviews: [],
    missing: [EVIL],
  };
}

function hostileChart(): ChartPreviewData {
  const rows = hostileChartRows();
  return { chart: 'top-preferences', title: EVIL, spec: topPreferencesSpec(rows, EVIL), rows };
}

/** Answers like the extension, with hostile data; every reply echoes the request's id. */
export const hostileResponder: Responder = (m) => {
  const reply = (result: unknown): HostMessage[] => [{ kind: 'reply', id: m.id as number, ok: true, method: m.method, result } as HostMessage];
  if (m.kind === 'ready') {
    switch (m.panel as PanelKind) {
      case 'runHistory': return [{ kind: 'push', topic: 'history', data: hostileHistory() }, { kind: 'push', topic: 'error', message: EVIL }];
      case 'traces': return [{ kind: 'push', topic: 'traces', traces: hostileTraces().list }];
      case 'dashboard': return [{ kind: 'push', topic: 'dashboard', data: hostileDashboard() }];
      case 'chartPreview': return [{ kind: 'push', topic: 'chart', data: hostileChart() }];
    }
  }
  switch (m.method) {
    case 'traces.get': return reply(hostileTraces().detail);
    case 'chart.export': return [{ kind: 'reply', id: m.id as number, ok: false, error: EVIL }];
    default: return reply(null);
  }
};

export const PANELS: PanelKind[] = ['runHistory', 'traces', 'dashboard', 'chartPreview'];
