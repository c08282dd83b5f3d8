// A MariaDB server of the test's own: its own data directory, socket and free port on
// 127.0.0.1, so a test may SIGKILL it without touching the shared server other tests use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

const INSTALL_DB = '/usr/bin/mariadb-install-db';
const MARIADBD = process.env.RETAIL_TEST_MARIADBD ?? '/usr/sbin/mariadbd';

/** undefined when a private server can be started here, else why not. */
export function privateMariadbUnavailable(): string | undefined {
  if (!existsSync(MARIADBD)) return `${MARIADBD} not found`;
  if (!existsSync(INSTALL_DB)) return `${INSTALL_DB} not found`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class PrivateMariadb {
  private proc: ChildProcess | undefined;
  private constructor(readonly dir: string, readonly port: number) {}

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** A fresh data directory (mariadb-install-db) and a running server on a free port. */
  static async create(): Promise<PrivateMariadb> {
    const dir = mkdtempSync(join(tmpdir(), 'rp-mariadb-'));
    const r = spawnSync(INSTALL_DB, ['--no-defaults', `--datadir=${join(dir, 'data')}`, '--user=root',
      '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mariadb-install-db failed (${r.status}): ${r.stderr || r.stdout}`);
    }
    const db = new PrivateMariadb(dir, await freePort());
    await db.start();
    return db;
  }

  async start(): Promise<void> {
    const d = this.dir;
    this.proc = spawn(MARIADBD, ['--no-defaults', `--datadir=${join(d, 'data')}`, `--port=${this.port}`, '--bind-address=127.0.0.1',
      `--socket=${join(d, 'mysqld.sock')}`, `--pid-file=${join(d, 'mysqld.pid')}`, `--log-error=${join(d, 'error.log')}`, '--user=root',
      '--skip-log-bin', '--skip-name-resolve', '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M', '--max-connections=50'],
    { stdio: 'ignore' });
    const proc = this.proc;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`mariadbd exited: ${this.errorLog().slice(-2000)}`);
      try {
        const c = await this.connect();
        await c.end();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`mariadbd did not answer on port ${this.port}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  connect(database?: string): Promise<Connection> {
    return createConnection({ host: '127.0.0.1', port: this.port, user: 'root', password: '', database, connectTimeout: 2000, multipleStatements: true });
  }

  /** SIGKILL: the server dies mid-whatever, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  errorLog(): string {
    try { return readFileSync(join(this.dir, 'error.log'), 'utf8'); } catch { return ''; }
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
