// The run history and event table as rows with the tables' own columns (COMPLETE_TASK_GRAPHS,
// TASK_HISTORY, EVENTS / the account's event table): what `history`, `traces` and a run's report
// print. The Target's runHistory()/trace() return the panels' camelCase shapes, which drop columns
// the CLI's JSON has always carried and the EVENTS rows themselves; these reads keep them, one
// implementation per target over the handle the Target exposes for its kind (the local
// warehouse, the Snowflake account). Both sides already read into the same column names.
import { writeFileSync } from 'node:fs';
import { latestGraphRunId, listGraphRuns, resolveGraphRunId, taskHistory, traceIdsOf } from '../core/history/queries';
import * as sf from '../core/snowflake/history';
import type { WarehouseAccess } from '../core/targets/local/warehouse-access';
import type { SnowflakeAccount } from '../core/targets/target';
import { exportOtlp } from '../core/telemetry/otlp';
import { exportOtlpMetrics, metricsFileFor } from '../core/telemetry/otlp-metrics';
import { eventsOf, spanTrees, type SpanNode } from '../core/telemetry/query';

export type RecordRow = Record<string, unknown>;

/** One trace of a graph run, as a span tree (attempt when the history records it). */
export interface RunTrace {
  readonly root: SpanNode;
  readonly attempt?: number;
}

export interface RunEvents {
  readonly rows: readonly RecordRow[];
  readonly traces: readonly RunTrace[];
}

export interface RunRecords {
  /** The event table's name, for the report's header. */
  readonly eventTable: string;
  /** Graph runs, newest first (running ones included). */
  graphRuns(limit: number): Promise<RecordRow[]>;
  /** A graph run's id from the whole id or a unique prefix; without one, the newest run's. */
  graphRunId(idOrPrefix?: string): Promise<string | undefined>;
  /** TASK_HISTORY rows of one graph run (every attempt). */
  taskRuns(graphRunGroupId: string): Promise<RecordRow[]>;
  /** The event rows of one graph run and its span trees. */
  events(graphRunGroupId: string): Promise<RunEvents>;
  /** Write the run's traces as OTLP/JSON (and its metrics beside the file); absent where the
   *  target's events cannot be exported so. Returns what was written, for the log. */
  readonly exportOtlp?: (graphRunGroupId: string, file: string) => Promise<string[]>;
}

/** The workspace's warehouse: core/history and core/telemetry over it. */
export function localRecords(warehouse: WarehouseAccess): RunRecords {
  const use = warehouse.use.bind(warehouse);
  return {
    eventTable: 'EVENTS',
    graphRuns: (limit) => use((wh) => listGraphRuns(wh, limit)),
    graphRunId: (idOrPrefix) => use((wh) => (idOrPrefix ? resolveGraphRunId(wh, idOrPrefix) : latestGraphRunId(wh))),
    taskRuns: (id) => use((wh) => taskHistory(wh, id)),
    events: (id) => use(async (wh) => {
      const traces = await traceIdsOf(wh, id);
      const ids = traces.map((t) => t.traceId);
      const roots = await spanTrees(wh, ids);
      return { rows: await eventsOf(wh, ids), traces: roots.map((root) => ({ root, attempt: traces.find((t) => t.traceId === root.traceId)?.attempt })) };
    }),
    exportOtlp: (id, file) => use(async (wh) => {
      const traceIds = (await traceIdsOf(wh, id)).map((t) => t.traceId);
      const doc = await exportOtlp(wh, traceIds);
      writeFileSync(file, JSON.stringify(doc, null, 1));
      const spans = doc.resourceSpans.reduce((s, r) => s + r.scopeSpans.reduce((t, x) => t + x.spans.length, 0), 0);
      const written = [`wrote ${spans} spans of ${traceIds.length} trace(s) to ${file}`];
      const metrics = await exportOtlpMetrics(wh, traceIds);
      const points = metrics.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
        .reduce((t, m) => t + (m.sum ?? m.gauge)!.dataPoints.length, 0);
      if (points) {
        const metricsFile = metricsFileFor(file);
        writeFileSync(metricsFile, JSON.stringify(metrics, null, 1));
        written.push(`wrote ${points} metric points to ${metricsFile}`);
      }
      return written;
    }),
  };
}

/** The account's graph history and event table, mapped into the local shapes by core/snowflake/history. */
export function snowflakeRecords(account: SnowflakeAccount): RunRecords {
  const c = account.config;
  // Prefixes are resolved against the recent runs, as COMPLETE_TASK_GRAPHS keeps them.
  const recent = () => account.graphRuns(1000);
  return {
    eventTable: c.eventTable,
    graphRuns: async (limit) => (await account.graphRuns(limit)) as unknown as RecordRow[],
    graphRunId: async (idOrPrefix) => {
      const runs = await recent();
      return idOrPrefix ? sf.resolveGraphRunId(runs, idOrPrefix) : runs[0]?.GRAPH_RUN_GROUP_ID;
    },
    taskRuns: async (id) => (await sf.taskHistory(await account.client(), c, id)) as unknown as RecordRow[],
    events: async (id) => {
      const client = await account.client();
      const rows = await sf.eventsOfGraphRun(client, c, await sf.taskHistory(client, c, id));
      return { rows, traces: sf.spanTrees(rows).map((root) => ({ root })) };
    },
  };
}
