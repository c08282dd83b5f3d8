// A suite outcome as text lines: the CLI's `validate` prints them, the extension's Validate Data
// writes them to its log.
import type { SuiteOutcome } from './run-validation';

export function describeOutcome(o: SuiteOutcome): string[] {
  if (o.error) return [`ERROR   ${o.name}: ${o.error}`];
  const lines = [`${o.success ? 'PASSED ' : 'FAILED '} ${o.name} on ${o.table}: ${o.evaluated - o.failed}/${o.evaluated} expectations met`];
  for (const r of o.validation.results) {
    if (r.success) continue;
    const { expectation_type: type, kwargs } = r.expectation_config;
    const what = `${type}(${typeof kwargs.column === 'string' ? kwargs.column : ''})`;
    const res = r.result;
    const detail = r.exception_info.raised_exception
      ? `error: ${r.exception_info.exception_message}`
      : res.unexpected_count !== null && res.unexpected_count !== undefined
        ? `${res.unexpected_count} of ${res.element_count} unexpected, e.g. ${JSON.stringify((res.partial_unexpected_list as unknown[]).slice(0, 5))}`
        : `observed ${JSON.stringify(res.observed_value)}`;
    lines.push(`    x ${what}: ${detail}`);
  }
  return lines;
}
