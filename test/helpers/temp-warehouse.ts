// A local warehouse in a fresh temporary folder for one test body, closed and removed after it
// whatever happens (the sources' and bad-input tests load files into it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalWarehouse } from '../../src/core/targets/local/warehouse';

/** `fn` with a warehouse at `<dir>/ws` and `dir`, the folder for the test's own files. */
export async function withTempWarehouse<T>(prefix: string, fn: (wh: LocalWarehouse, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const wh = await LocalWarehouse.open(join(dir, 'ws'));
  try {
    return await fn(wh, dir);
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
