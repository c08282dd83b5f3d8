// `retail-pipeline snowflake <verb> --connection NAME`: operate the task graph deployed on an
// account and read its history and traces back in the local target's shapes.
//   execute [--wait]      EXECUTE TASK retail_root_task (also: run, as on the local target)
//   run --only TASK       CALL that step's procedure (the local target's `run --only`)
//   retry [--wait]        EXECUTE TASK retail_root_task RETRY LAST
//   suspend | resume      ALTER TASK … SUSPEND | SYSTEM$TASK_DEPENDENTS_ENABLE
//   call TASK             CALL the step's procedure now
//   history [--run ID]    COMPLETE/CURRENT_TASK_GRAPHS, or TASK_HISTORY of one graph run
//   traces [--run ID]     the event table's rows of a graph run, as a span tree or JSON
//   drop                  suspend and drop the graph's tasks
import type { Logger } from '../../core/log';
import { withClient, type SnowflakeClient } from '../../core/snowflake/client';
import { resolveConnection, type DriverOptions, type ResolvedConnection } from '../../core/snowflake/connections';
import { resolveDeployConfig, type SnowflakeDeployConfig } from '../../core/snowflake/deploy-config';
import { eventsOfGraphRun, listGraphRuns, resolveGraphRunId, spanTrees, taskHistory, type SpanNode } from '../../core/snowflake/history';
import { callStep, dropGraph, resumeGraph, startGraphRun, suspendGraph } from '../../core/snowflake/operate';
import { intOption, parse, taskArg, UsageError, type Options } from '../args';
import { formatRows } from '../format';
import type { CommandContext } from '../main';
import { formatDuration } from '../../shared/duration';

/** Options that name where the pipeline lives on the account (deploy and snowflake share them). */
export const LOCATION_OPTIONS: Options = {
  connection: { type: 'string' },
  database: { type: 'string' }, schema: { type: 'string' }, warehouse: { type: 'string' }, role: { type: 'string' },
  'external-volume': { type: 'string' }, 'event-table': { type: 'string' }, 'mysql-host': { type: 'string' }, 'deploy-user': { type: 'string' },
};

export function deployConfigFrom(values: Record<string, unknown>): SnowflakeDeployConfig {
  const s = (k: string) => values[k] as string | undefined;
  return resolveDeployConfig({
    database: s('database'), schema: s('schema'), warehouse: s('warehouse'), role: s('role'),
    externalVolume: s('external-volume'), eventTable: s('event-table'), mysqlHostPort: s('mysql-host'), deployUser: s('deploy-user'),
  });
}

/** The named connection (or the default one), its warnings printed. */
export function connectionFrom(values: Record<string, unknown>, logger: Logger): ResolvedConnection {
  const conn = resolveConnection(values.connection as string | undefined);
  for (const w of conn.warnings) logger.log('WARN', w);
  return conn;
}

/** Connect with the named connection. `defaults` fill what the connection leaves out: reads of
 * INFORMATION_SCHEMA and COPY INTO need a warehouse, so the pipeline's is the fallback. */
export async function withConnection<T>(values: Record<string, unknown>, ctx: CommandContext, fn: (c: SnowflakeClient) => Promise<T>, defaults: Partial<DriverOptions> = {}): Promise<T> {
  const conn = connectionFrom(values, ctx.logger);
  ctx.logger.log('INFO', `connecting to Snowflake account ${conn.options.account} (connection "${conn.name}", ${conn.options.authenticator})`);
  return withClient({ ...defaults, ...conn.options }, ctx.logger, fn);
}

function renderTree(n: SpanNode, depth: number, out: string[]): void {
  const err = n.status === 'ERROR' ? `  ${n.statusMessage ?? ''}` : '';
  out.push(`${'  '.repeat(depth)}${n.name}  ${formatDuration((n.endUs - n.startUs) / 1000)}  ${n.status}${err}`);
  for (const c of n.children) renderTree(c, depth + 1, out);
}

const VERBS = ['execute', 'run', 'retry', 'suspend', 'resume', 'call', 'history', 'traces', 'drop'] as const;

export const snowflakeCommand = {
  name: 'snowflake',
  summary: `snowflake ${VERBS.join('|')} [TASK] [--only TASK] [--connection NAME] [--wait] [--run ID] [--limit N] [--json] [--database DB --schema S --warehouse WH --event-table DB.S.T]  operate the task graph on Snowflake`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values, positionals } = parse(argv, {
      ...LOCATION_OPTIONS, wait: { type: 'boolean' }, 'timeout-seconds': { type: 'string' }, 'poll-seconds': { type: 'string' },
      run: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, only: { type: 'string' },
    });
    // The local target's verbs: `run` is execute, `run --only TASK` is call TASK.
    const [given, positional] = positionals;
    const verb = given === 'run' ? (values.only ? 'call' : 'execute') : given;
    const arg = given === 'run' ? (values.only as string | undefined) : positional;
    if (!verb || !(VERBS as readonly string[]).includes(verb)) throw new UsageError(`expected one of ${VERBS.join(', ')}`);
    if (verb === 'call' && !arg) throw new UsageError('call needs a task name, e.g. snowflake call bronze_silver_task');
    if (verb === 'call') taskArg(arg!, given === 'run' ? '--only' : 'call');
    const step = arg ?? '';
    const c = deployConfigFrom(values);
    const log = (m: string) => ctx.logger.log('INFO', m);
    return withConnection(values, ctx, async (client) => {
      switch (verb) {
        case 'execute':
        case 'retry': {
          const wait = values.wait ? {
            timeoutMs: intOption(values, 'timeout-seconds', 3600, 1) * 1000, intervalMs: intOption(values, 'poll-seconds', 10, 1) * 1000,
            onPoll: (r: { STATE: string } | undefined) => log(r ? `graph run ${r.STATE}` : 'waiting for the graph run to start'),
          } : undefined;
          const run = await startGraphRun(client, c, verb, wait);
          if (!run) {
            log(verb === 'execute' ? 'graph run submitted (see: snowflake history)' : 'retry of the last graph run submitted');
            return 0;
          }
          ctx.out(values.json ? JSON.stringify(run) + '\n' : formatRows([run as unknown as Record<string, unknown>], 'table', ['GRAPH_RUN_GROUP_ID', 'ATTEMPT_NUMBER', 'STATE', 'DURATION_MS', 'FIRST_ERROR_TASK_NAME', 'FIRST_ERROR_MESSAGE']));
          return run.STATE === 'SUCCEEDED' ? 0 : 1;
        }
        case 'suspend':
          await suspendGraph(client, c);
          log('task graph suspended');
          return 0;
        case 'resume':
          await resumeGraph(client, c);
          log('task graph resumed');
          return 0;
        case 'call': {
          const value = await callStep(client, c, step);
          ctx.out(`${value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`);
          return 0;
        }
        case 'drop': {
          const dropped = await dropGraph(client, c);
          log(`dropped ${dropped.length} tasks`);
          return 0;
        }
        case 'history': {
          const limit = intOption(values, 'limit', 20, 1);
          const runs = await listGraphRuns(client, c, values.run ? 1000 : limit);
          if (values.run) {
            const rows = await taskHistory(client, c, resolveGraphRunId(runs, String(values.run)));
            ctx.out(values.json ? JSON.stringify(rows) + '\n' : formatRows(rows as unknown as Record<string, unknown>[], 'table', [
              'NAME', 'STATE', 'ATTEMPT_NUMBER', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'ERROR_CODE', 'ERROR_MESSAGE', 'RETURN_VALUE',
            ]));
            return 0;
          }
          ctx.out(values.json ? JSON.stringify(runs) + '\n' : formatRows(runs as unknown as Record<string, unknown>[], 'table', [
            'GRAPH_RUN_GROUP_ID', 'ATTEMPT_NUMBER', 'STATE', 'SCHEDULED_FROM', 'QUERY_START_TIME', 'DURATION_MS', 'TASK_COUNT', 'FIRST_ERROR_TASK_NAME', 'FIRST_ERROR_MESSAGE',
          ]));
          return 0;
        }
        case 'traces': {
          const runs = await listGraphRuns(client, c, 1000);
          const id = values.run ? resolveGraphRunId(runs, String(values.run)) : runs[0]?.GRAPH_RUN_GROUP_ID;
          if (!id) throw new Error('No graph runs of the pipeline on this account yet (snowflake execute)');
          const events = await eventsOfGraphRun(client, c, await taskHistory(client, c, id));
          if (values.json) {
            ctx.out(JSON.stringify(events) + '\n');
            return 0;
          }
          const out = [`graph run ${id}: ${events.length} event rows from ${c.eventTable}`];
          for (const root of spanTrees(events)) {
            out.push(`trace ${root.traceId}`);
            renderTree(root, 1, out);
          }
          ctx.out(out.join('\n') + '\n');
          return 0;
        }
      }
      return 2;
    }, { warehouse: c.warehouse.toUpperCase() });
  },
};
