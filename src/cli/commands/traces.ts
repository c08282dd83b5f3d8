// `retail-pipeline traces`: the spans of a graph run from the target's event table, as a tree,
// as JSON rows (every record: spans, span events, logs, metrics), or as OTLP/JSON files for
// Jaeger and other OTLP tools (the traces, and the metrics beside them; local event table only).
import { resolve } from 'node:path';
import type { SpanNode } from '../../core/telemetry/query';
import { formatDuration } from '../../shared/duration';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { TARGET_OPTIONS, TARGET_USAGE, withTarget } from '../target-factory';

function renderTree(n: SpanNode, depth: number, out: string[]): void {
  const a = n.attributes;
  // Both counts are the local runner's task spans; a Snowflake procedure's span may carry one.
  const rows = a['snow.input.rows'] !== undefined && a['snow.output.rows'] !== undefined ? `  rows in ${a['snow.input.rows']} out ${a['snow.output.rows']}` : '';
  const err = n.status === 'ERROR' ? `  ${n.statusMessage ?? ''}` : '';
  out.push(`${'  '.repeat(depth)}${n.name}  ${formatDuration((n.endUs - n.startUs) / 1000)}  ${n.status}${rows}${err}`);
  for (const c of n.children) renderTree(c, depth + 1, out);
}

/** `traces`, and `snowflake traces` (choice.snowflake). */
export async function tracesVerb(argv: string[], ctx: CommandContext, choice: { snowflake?: boolean } = {}): Promise<number> {
  const { values } = parse(argv, { ...TARGET_OPTIONS, run: { type: 'string' }, json: { type: 'boolean' }, otlp: { type: 'string' } });
  return withTarget(values, ctx, choice, async ({ target, records }) => {
    if (values.otlp && !records.exportOtlp) throw new UsageError(`--otlp: the event rows of ${target.label} are not exported as OTLP here (use --json)`);
    const id = await records.graphRunId(values.run === undefined ? undefined : String(values.run));
    if (!id) throw new Error(`No graph runs recorded on ${target.label} yet (retail-pipeline run)`);
    if (values.otlp) {
      for (const line of await records.exportOtlp!(id, resolve(ctx.workspace(values), String(values.otlp)))) ctx.logger.log('INFO', line);
      return 0;
    }
    const events = await records.events(id);
    if (values.json) {
      ctx.out(JSON.stringify(events.rows) + '\n');
      return 0;
    }
    const out = [`graph run ${id}: ${events.rows.length} event rows from ${records.eventTable}`];
    for (const { root, attempt } of events.traces) {
      out.push(`trace ${root.traceId}${attempt === undefined ? '' : `  graph run ${id} attempt ${attempt}`}`);
      renderTree(root, 1, out);
    }
    ctx.out(out.join('\n') + '\n');
    return 0;
  });
}

export const tracesCommand = {
  name: 'traces',
  summary: `traces [--run ID] [--json | --otlp FILE] ${TARGET_USAGE}  spans of a graph run (default: the newest) from the event table; --otlp writes the metrics beside FILE (trace.json -> trace.metrics.json)`,
  run: (argv: string[], ctx: CommandContext) => tracesVerb(argv, ctx),
};
