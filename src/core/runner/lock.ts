// One graph run per workspace at a time: <workspace>/.retail/run.lock names the holder. DuckDB
// would refuse a second writer anyway, but with an error that names no one; the lock is taken
// before the warehouse is opened so the second run can wait or refuse with a useful message.
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { stateDir } from '../targets/local/warehouse';
import { sleep } from './sleep';
import { processAlive } from '../process-alive';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

export class WorkspaceLockedError extends Error {
  override readonly name = 'WorkspaceLockedError';
  constructor(readonly lockPath: string, readonly holder: LockHolder | undefined) {
    super(holder
      ? `Another graph run holds the workspace lock ${lockPath}: pid ${holder.pid} on ${holder.host} (${holder.command}), started ${holder.startedAt}. Wait for it to finish, stop it, or pass --wait.`
      : `Another graph run holds the workspace lock ${lockPath}. Wait for it to finish or pass --wait.`);
  }
}

export interface RunLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

export interface AcquireOptions {
  /** Wait for the holder to finish instead of refusing. */
  readonly wait?: boolean;
  /** Give up waiting after this long (default: forever). */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly command?: string;
  readonly signal?: AbortSignal;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  /** The state folder holding the lock (default `<workspace>/.retail`, see stateDir). */
  readonly stateDir?: string;
}

export function lockPath(workspace: string, stateFolder?: string): string {
  return join(stateDir(workspace, stateFolder), 'run.lock');
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) ? h : undefined;
  } catch {
    return undefined;
  }
}

/** A lock whose holder died on this host: a crashed run or a killed CLI. */
function isStale(holder: LockHolder | undefined, path: string): boolean {
  if (!holder) {
    // Unreadable content: written files are complete (link below), so this is damage; treat
    // it as stale only once it is old enough not to be a write in progress by another tool.
    try { return Date.now() - statSync(path).mtimeMs > 5000; } catch { return false; }
  }
  return holder.host === hostname() && !processAlive(holder.pid);
}

/** Removes a stale lock. A breaker file makes sure two recovering processes cannot both
 * remove it and so delete the fresh lock one of them just created. */
function breakStaleLock(path: string, stale: LockHolder | undefined): void {
  const breaker = `${path}.break`;
  try {
    writeFileSync(breaker, String(process.pid), { flag: 'wx' });
  } catch {
    try { if (Date.now() - statSync(breaker).mtimeMs > 30_000) unlinkSync(breaker); } catch { /* gone already */ }
    return;
  }
  try {
    const now = readHolder(path);
    if (JSON.stringify(now) === JSON.stringify(stale)) unlinkSync(path);
  } catch { /* someone else removed it */ } finally {
    try { unlinkSync(breaker); } catch { /* ignore */ }
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  // Write the full content to a private file, then hard-link it into place: link() fails if the
  // lock exists and never exposes a half-written lock.
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, JSON.stringify(holder));
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

export async function acquireRunLock(workspace: string, opts: AcquireOptions = {}): Promise<RunLock> {
  const path = lockPath(workspace, opts.stateDir);
  mkdirSync(stateDir(workspace, opts.stateDir), { recursive: true });
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: opts.command ?? 'run' };
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let told = false;
  for (;;) {
    if (tryCreate(path, holder)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        // Only remove our own lock (a lock we lost to stale-recovery is someone else's now).
        if (JSON.stringify(readHolder(path)) === JSON.stringify(holder)) unlinkSync(path);
      };
      // process.exit() (a second Ctrl-C) skips finally blocks; the lock still goes.
      process.once('exit', release);
      return { path, holder, release };
    }
    const current = readHolder(path);
    if (isStale(current, path)) {
      breakStaleLock(path, current);
      await sleep(10);
      continue;
    }
    if (opts.signal?.aborted) {
      throw new Error(`Cancelled while waiting for the workspace lock ${path}${current ? ` held by pid ${current.pid} (${current.command})` : ''}`);
    }
    if (!opts.wait || Date.now() >= deadline) throw new WorkspaceLockedError(path, current);
    if (!told) { told = true; opts.onWait?.(current); }
    await sleep(opts.pollMs ?? 200, opts.signal);
  }
}
