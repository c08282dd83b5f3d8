// Helpers shared by the file and MySQL sources: group canonical rows and rejects into batches
// so that the bronze writer's async loop runs once per few thousand rows, not once per row.
import type { Batch, Reject } from '../load/bronze-writer';
import type { Canonical } from '../load/values';

export const BATCH_ROWS = 4096;

export class BatchBuilder {
  private rows: Canonical[][] = [];
  private rejects: Reject[] = [];

  addRow(values: Canonical[]): void {
    this.rows.push(values);
  }

  addReject(r: Reject): void {
    this.rejects.push(r);
  }

  get full(): boolean {
    return this.rows.length + this.rejects.length >= BATCH_ROWS;
  }

  /** The batch so far (or undefined when empty), leaving the builder empty. */
  take(): Batch | undefined {
    if (!this.rows.length && !this.rejects.length) return undefined;
    const b = { rows: this.rows, rejects: this.rejects };
    this.rows = [];
    this.rejects = [];
    return b;
  }
}

/** A raw record as text for the rejects table. */
export function rawText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
