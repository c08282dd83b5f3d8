// Streaming output for the generator: text is gathered into ~256 KB chunks and written with
// back-pressure, so a million-row file never sits in memory. Each file is written to a
// temporary name and renamed when complete, so an interrupted run never leaves a truncated file
// that looks like a finished one.
import { createWriteStream, rmSync, renameSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 256 * 1024;

export class FileWriter {
  private readonly stream: WriteStream;
  private readonly tmp: string;
  private buf = '';
  bytes = 0;
  /** Records written: CSV rows, reviews, <customer> / <product> elements. */
  rows = 0;
  /** Nested records of the XML files: preferences / specifications (bronze rows). */
  nested = 0;

  constructor(readonly path: string) {
    this.tmp = `${path}.partial`;
    this.stream = createWriteStream(this.tmp, { encoding: 'utf8', highWaterMark: CHUNK });
  }

  /** Appends text; awaits only when the chunk is full and the disk is behind. */
  async write(text: string): Promise<void> {
    if (this.add(text)) await this.flush();
  }

  /**
   * Appends text without a promise (the per-row await costs more than the row at scale 1000);
   * true means the chunk is full and the caller must `await flush()`.
   */
  add(text: string): boolean {
    this.buf += text;
    return this.buf.length >= CHUNK;
  }

  async flush(): Promise<void> {
    if (!this.buf) return;
    const chunk = this.buf;
    this.buf = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    renameSync(this.tmp, this.path);
  }

  /** Drops the partial file (after an error). */
  abort(): void {
    this.stream.destroy();
    rmSync(this.tmp, { force: true });
  }
}

// The generated CSV files use the project's one CSV writer (its NULL rule: core/csv/write.ts).
export { csvLine } from '../csv/write';

export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
