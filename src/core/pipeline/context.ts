// What a step needs to run on the local target. Built once per run by the CLI or the
// extension and handed to every step.
import type { Logger } from '../log';
import type { SentimentThresholds } from '../sql/dialect';
import type { LocalWarehouse } from '../targets/local/warehouse';

export interface PipelineContext {
  readonly workspace: string;
  readonly wh: LocalWarehouse;
  /** Folder with the source files (the layout of sample_data/). */
  readonly dataDir: string;
  /** mysql://user:pass@host:port/retail_db; absent -> the CSV files under <dataDir>/mysql/. */
  readonly mysqlUrl?: string;
  /** Parallel key-range partitions per large MySQL table. */
  readonly mysqlPartitions?: number;
  /** Sentiment label thresholds on the −1..1 score; default: see src/core/ai/sentiment.ts. */
  readonly sentiment?: SentimentThresholds;
  /** 'constant' replaces the AI functions by constants (sentiment 0, state NULL): benchmarks use
   *  it to measure the framework apart from the model. Default 'local'. */
  readonly ai?: 'local' | 'constant';
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

/** What a step reports back; the runner records it in run history and on the task's span. */
export interface StepResult {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rejected: number;
  /** Snowflake procedures return a string; so does a local step (RETURN_VALUE in history). */
  readonly returnValue: string;
  /** Per table written: rows loaded/created. */
  readonly tables: Record<string, number>;
}
