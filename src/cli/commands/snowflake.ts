// `retail-pipeline snowflake <verb> [--connection NAME]`: operate the task graph deployed on an
// account. The verbs the local target has too are the same code as `<verb> --connection NAME`
// (run, retry, history, traces, validate: target-factory.ts opens the Snowflake target, by the
// default connection when none is named); the rest act on the account's task graph itself.
//   execute | run [--wait]  EXECUTE TASK retail_root_task (run --only TASK: CALL that step)
//   retry [--wait]          EXECUTE TASK retail_root_task RETRY LAST
//   history [--run ID]      COMPLETE/CURRENT_TASK_GRAPHS, or TASK_HISTORY of one graph run
//   traces [--run ID]       the event table's rows of a graph run, as a span tree or JSON
//   validate                CALL the validation task's procedure, then each suite's verdict
//   suspend | resume        ALTER TASK … SUSPEND | SYSTEM$TASK_DEPENDENTS_ENABLE
//   call TASK               CALL the step's procedure now
//   drop                    suspend and drop the graph's tasks
import { parse, taskArg, UsageError } from '../args';
import type { CommandContext } from '../main';
import { TARGET_OPTIONS, withTarget } from '../target-factory';
import { historyVerb } from './history';
import { retryVerb } from './retry';
import { runExitCode, runVerb, valueText } from './run';
import { tracesVerb } from './traces';
import { validateVerb } from './validate';

export { connectionFrom, deployConfigFrom, LOCATION_OPTIONS, withConnection } from '../snowflake-connection';

type Verb = (argv: string[], ctx: CommandContext, choice: { snowflake?: boolean }) => Promise<number>;

/** The target verbs, on the account. */
const TARGET_VERBS: Record<string, Verb> = { execute: runVerb, run: runVerb, retry: retryVerb, history: historyVerb, traces: tracesVerb, validate: validateVerb };

/** What only an account's task graph has. */
const GRAPH_VERBS = ['suspend', 'resume', 'call', 'drop'] as const;

const VERBS = ['execute', 'run', 'retry', 'suspend', 'resume', 'call', 'history', 'traces', 'drop', 'validate'] as const;

async function graphVerb(verb: (typeof GRAPH_VERBS)[number], argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, TARGET_OPTIONS);
  const step = positionals[0];
  if (verb === 'call' && !step) throw new UsageError('call needs a task name, e.g. snowflake call bronze_silver_task');
  if (verb === 'call') taskArg(step, 'call');
  const log = (m: string) => ctx.logger.log('INFO', m);
  return withTarget(values, ctx, { snowflake: true }, async ({ target }) => {
    const account = target.account;
    if (!account) throw new UsageError(`${verb}: ${target.label} has no task graph to operate`);
    switch (verb) {
      case 'call': {
        const r = await target.callTask(taskArg(step, 'call').name);
        ctx.out(valueText(r.value));
        return runExitCode(r.state);
      }
      case 'suspend':
        await account.suspendGraph();
        log('task graph suspended');
        return 0;
      case 'resume':
        await account.resumeGraph();
        log('task graph resumed');
        return 0;
      case 'drop': {
        const { dropGraph } = await import('../../core/snowflake/operate.js');
        log(`dropped ${(await dropGraph(await account.client(), account.config)).length} tasks`);
        return 0;
      }
    }
  });
}

export const snowflakeCommand = {
  name: 'snowflake',
  summary: `snowflake ${VERBS.join('|')} [TASK] [--only TASK] [--connection NAME] [--wait] [--run ID] [--limit N] [--json] [--database DB --schema S --warehouse WH --event-table DB.S.T]  operate the task graph on Snowflake`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    // The verb is the first word that is not an option; the rest is the verb's own command line.
    const at = argv.findIndex((a) => !a.startsWith('-'));
    const verb = at === 0 ? argv[0] : undefined;
    if (!verb || !(VERBS as readonly string[]).includes(verb)) throw new UsageError(`expected one of ${VERBS.join(', ')}`);
    const rest = argv.slice(1);
    const targetVerb = TARGET_VERBS[verb];
    if (targetVerb) return targetVerb(rest, ctx, { snowflake: true });
    return graphVerb(verb as (typeof GRAPH_VERBS)[number], rest, ctx);
  },
};
