// --sentiment-positive / --sentiment-negative: the label cut-offs on the −1..1 sentiment score,
// for a local run (run, retry, schedule) and for the Snowflake plan (deploy, diff). Unset, each
// target keeps its own default (the local model's ±0.05, Cortex's ±0.5: src/core/ai/thresholds.ts).
// Setting the same pair on both is how a user compares the two targets label for label: the
// scores are the same model's on the emulator, the cut-offs are what differs.
import { checkSentimentThresholds } from '../core/ai/thresholds';
import type { SentimentThresholds } from '../core/sql/dialect';
import { UsageError, type Options } from './args';

export const SENTIMENT_OPTIONS: Options = {
  'sentiment-positive': { type: 'string' }, 'sentiment-negative': { type: 'string' },
};
export const SENTIMENT_USAGE = '[--sentiment-positive X --sentiment-negative Y]';

/** The pair from the flags, or undefined when neither is given (the target's default). */
export function sentimentOption(values: Record<string, unknown>): SentimentThresholds | undefined {
  const p = values['sentiment-positive'];
  const n = values['sentiment-negative'];
  if (p === undefined && n === undefined) return undefined;
  if (p === undefined || n === undefined) throw new UsageError('--sentiment-positive and --sentiment-negative go together (the label cut-offs on the -1..1 score)');
  try {
    return checkSentimentThresholds({ positive: Number(p), negative: Number(n) });
  } catch (e) {
    throw new UsageError(`--sentiment-positive ${String(p)} --sentiment-negative ${String(n)}: ${(e as Error).message.replace(/^sentiment thresholds: /, '')}`);
  }
}
