// `retail-pipeline traces`: the spans of a graph run from the event table, as a tree, as JSON
// rows (every record: spans, span events, logs, metrics), or as OTLP/JSON files for Jaeger and
// other OTLP tools (the traces, and the metrics beside them).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { latestGraphRunId, resolveGraphRunId, traceIdsOf } from '../../core/history/queries';
import { exportOtlp } from '../../core/telemetry/otlp';
import { exportOtlpMetrics, metricsFileFor } from '../../core/telemetry/otlp-metrics';
import { eventsOf, spanTrees, type SpanNode } from '../../core/telemetry/query';
import { parse } from '../args';
import type { CommandContext } from '../main';
import { openForReading } from './history';
import { formatDuration } from '../../shared/duration';

function renderTree(n: SpanNode, depth: number, out: string[]): void {
  const a = n.attributes;
  const rows = a['snow.input.rows'] !== undefined ? `  rows in ${a['snow.input.rows']} out ${a['snow.output.rows']}` : '';
  const err = n.status === 'ERROR' ? `  ${n.statusMessage ?? ''}` : '';
  out.push(`${'  '.repeat(depth)}${n.name}  ${formatDuration((n.endUs - n.startUs) / 1000)}  ${n.status}${rows}${err}`);
  for (const c of n.children) renderTree(c, depth + 1, out);
}

export const tracesCommand = {
  name: 'traces',
  summary: 'traces [--run ID] [--json | --otlp FILE]  spans of a graph run (default: the newest) from the event table; --otlp writes the metrics beside FILE (trace.json -> trace.metrics.json)',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { run: { type: 'string' }, json: { type: 'boolean' }, otlp: { type: 'string' } });
    const workspace = ctx.workspace(values);
    const wh = await openForReading(workspace);
    try {
      const id = values.run ? await resolveGraphRunId(wh, String(values.run)) : await latestGraphRunId(wh);
      if (!id) throw new Error('No graph runs recorded in this workspace yet (retail-pipeline run)');
      const traces = await traceIdsOf(wh, id);
      const traceIds = traces.map((t) => t.traceId);
      if (values.otlp) {
        const file = resolve(workspace, String(values.otlp));
        const doc = await exportOtlp(wh, traceIds);
        writeFileSync(file, JSON.stringify(doc, null, 1));
        const n = doc.resourceSpans.reduce((s, r) => s + r.scopeSpans.reduce((t, x) => t + x.spans.length, 0), 0);
        ctx.logger.log('INFO', `wrote ${n} spans of ${traceIds.length} trace(s) to ${file}`);
        const metrics = await exportOtlpMetrics(wh, traceIds);
        const points = metrics.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
          .reduce((t, m) => t + (m.sum ?? m.gauge)!.dataPoints.length, 0);
        if (points) {
          const metricsFile = metricsFileFor(file);
          writeFileSync(metricsFile, JSON.stringify(metrics, null, 1));
          ctx.logger.log('INFO', `wrote ${points} metric points to ${metricsFile}`);
        }
        return 0;
      }
      if (values.json) {
        ctx.out(JSON.stringify(await eventsOf(wh, traceIds)) + '\n');
        return 0;
      }
      const out: string[] = [];
      for (const root of await spanTrees(wh, traceIds)) {
        const attempt = traces.find((t) => t.traceId === root.traceId)?.attempt;
        out.push(`trace ${root.traceId}  graph run ${id} attempt ${attempt}`);
        renderTree(root, 1, out);
      }
      ctx.out(out.join('\n') + '\n');
      return 0;
    } finally {
      wh.close();
    }
  },
};
