// The Quality view's labels and descriptions of a suite and its expectations. What a suite view
// holds, and the readers on both targets, are the core's (core/targets/quality-view.ts,
// local/quality-read.ts, snowflake/quality-read.ts), re-exported here for the extension.
import type { ExpectationView, SuiteView } from '../core/targets/quality-view';

export { expectationView, validationSummary, type ExpectationView, type SuiteView } from '../core/targets/quality-view';
export { readQualitySnapshot } from '../core/targets/local/quality-read';
export { readSnowflakeQualitySnapshot, type SnowflakeResultsLocation } from '../core/targets/snowflake/quality-read';

/** "n/m expectations passed · 2026-11-26 10:40:12 UTC", "could not run", "never validated". */
export function suiteDescription(s: SuiteView): string {
  if (!s.last) return 'never validated';
  const when = s.last.validatedAt ? ` · ${s.last.validatedAt}${s.last.zone ? ` ${s.last.zone}` : ''}` : '';
  if (s.last.error) return `could not run${when}`;
  return `${s.last.passed}/${s.last.evaluated} expectations passed${when}`;
}

export type SuiteState = 'passed' | 'failed' | 'error' | 'never';

export function suiteState(s: SuiteView): SuiteState {
  if (!s.last) return 'never';
  if (s.last.error) return 'error';
  return s.last.success ? 'passed' : 'failed';
}

/** A value shown in one line: strings as they are, the rest as JSON, cut at `max` characters. */
export function shortValue(v: unknown, max = 60): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The short verdict beside an expectation: what broke it, or what was observed. */
export function expectationDetail(e: ExpectationView): string {
  if (e.error) return `error: ${shortValue(e.error, 80)}`;
  if (e.unexpectedCount !== undefined) {
    const of = e.elementCount !== undefined ? ` of ${e.elementCount.toLocaleString('en-US')}` : '';
    return `${e.unexpectedCount.toLocaleString('en-US')}${of} unexpected${e.sample.length ? `, e.g. ${shortValue(e.sample.slice(0, 3))}` : ''}`;
  }
  if (e.observed !== undefined) return `observed ${shortValue(e.observed)}`;
  return e.success ? 'passed' : 'failed';
}

/** kwargs as "name: value" lines, without the column (the label shows it). */
export function kwargLines(e: ExpectationView): string[] {
  return Object.entries(e.kwargs).filter(([k]) => k !== 'column').map(([k, v]) => `${k}: ${shortValue(v, 120)}`);
}

