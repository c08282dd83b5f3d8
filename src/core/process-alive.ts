// Whether a process id on this machine still runs: a lock or scratch directory named after a
// dead process may be taken over or removed.

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only, nothing is sent
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
