// `retail-pipeline validate`: the expectation suites of sql/quality/ on the target the options
// name: locally each suite's SQL on the warehouse (one GE_VALIDATION_RESULTS row per suite), on
// Snowflake the account's validation procedure (the data validation task's CALL), which runs
// the bronze and silver suites deployed with it; then each suite's verdict.
import { resolve } from 'node:path';
import { defaultSuitesDir, loadSuites, UnknownSuiteError } from '../../core/quality';
import type { SuiteVerdict } from '../../core/targets/target';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { TARGET_OPTIONS, TARGET_USAGE, withTarget } from '../target-factory';

/** A verdict without the target's own report: the first line core/quality's report prints. */
const verdictLine = (s: SuiteVerdict) =>
  (s.error ? `ERROR   ${s.name}: ${s.error}` : `${s.success ? 'PASSED ' : 'FAILED '} ${s.name} on ${s.table}: ${s.evaluated - s.failed}/${s.evaluated} expectations met`);

/** `validate`, and `snowflake validate` (choice.snowflake). */
export async function validateVerb(argv: string[], ctx: CommandContext, choice: { snowflake?: boolean } = {}): Promise<number> {
  const { values } = parse(argv, {
    ...TARGET_OPTIONS, suite: { type: 'string', multiple: true }, 'suites-dir': { type: 'string' }, 'run-name': { type: 'string' }, json: { type: 'boolean' },
  });
  const workspace = ctx.workspace(values);
  const named = ((values.suite as unknown as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const suitesDir = values['suites-dir'] ? resolve(workspace, values['suites-dir'] as string) : undefined;
  // The suites are checked here, before any target opens: --suite naming a suite that is not
  // there is the command line's mistake (exit 2) on either target.
  const dir = suitesDir ?? defaultSuitesDir(workspace);
  const defined = loadSuites(dir).map((s) => s.name);
  const unknown = named.filter((n) => !defined.includes(n));
  if (unknown.length) throw new UsageError(new UnknownSuiteError(unknown, defined, dir).message);
  return withTarget(values, ctx, { ...choice, suitesDir }, async ({ target }) => {
    const run = await target.validate({ suites: named.length ? named : defined, runName: values['run-name'] as string | undefined });
    if (values.json) {
      ctx.out(JSON.stringify({
        ...(run.runName !== undefined ? { run_id: { run_name: run.runName } } : {}), rowsWritten: run.rowsWritten ?? null,
        suites: run.suites.map(({ name, table, success, evaluated, failed, error }) => ({ name, table, success, evaluated, failed, ...(error ? { error } : {}) })),
        summary: run.summary,
      }) + '\n');
    } else {
      const footer = run.rowsWritten !== undefined
        ? `${run.rowsWritten} result row(s) appended to GE_VALIDATION_RESULTS (run ${run.runName})`
        : `validation on ${target.label}: ${run.summary}`;
      ctx.out([...run.suites.flatMap((s) => s.report ?? [verdictLine(s)]), footer].join('\n') + '\n');
    }
    // Failed expectations are the report's content, not a failure of the command.
    return 0;
  });
}

export const validateCommand = {
  name: 'validate',
  summary: `validate [--suite NAME]... [--suites-dir DIR] [--run-name NAME] [--json] ${TARGET_USAGE}  run the expectation suites (exit 0 even when expectations fail)`,
  run: (argv: string[], ctx: CommandContext) => validateVerb(argv, ctx),
};
