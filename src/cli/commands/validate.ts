import { resolve } from 'node:path';
import { describeOutcome, runValidation, UnknownSuiteError } from '../../core/quality';
import { LocalWarehouse } from '../../core/targets/local/warehouse';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';

export const validateCommand = {
  name: 'validate',
  summary: 'validate [--suite NAME]... [--suites-dir DIR] [--run-name NAME] [--json]  run the expectation suites (exit 0 even when expectations fail)',
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, {
      suite: { type: 'string', multiple: true }, 'suites-dir': { type: 'string' }, 'run-name': { type: 'string' }, json: { type: 'boolean' },
    });
    const workspace = ctx.workspace(values);
    const suites = ((values.suite as unknown as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const suitesDir = values['suites-dir'] ? resolve(workspace, values['suites-dir'] as string) : undefined;
    const wh = await LocalWarehouse.open(workspace);
    try {
      const run = await runValidation(wh, { suites, suitesDir, runName: values['run-name'] as string | undefined }).catch((e: unknown) => {
        // --suite named a suite that is not there: the command line's mistake (exit 2).
        throw e instanceof UnknownSuiteError ? new UsageError(e.message) : e;
      });
      if (values.json) {
        ctx.out(JSON.stringify({
          run_id: run.runId, rowsWritten: run.rowsWritten,
          suites: run.suites.map(({ name, table, success, evaluated, failed, error }) => ({ name, table, success, evaluated, failed, ...(error ? { error } : {}) })),
        }) + '\n');
      } else {
        ctx.out(run.suites.flatMap(describeOutcome).join('\n') + `\n${run.rowsWritten} result row(s) appended to GE_VALIDATION_RESULTS (run ${run.runId.run_name})\n`);
      }
      // Failed expectations are the report's content, not a failure of the command.
      return 0;
    } finally {
      wh.close();
    }
  },
};
