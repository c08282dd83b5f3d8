// A recording Snowflake test double on the shared wire protocol (./snowflake-wire.ts): the REAL snowflake-sdk talks
// to through `accessUrl: 'http://127.0.0.1:<port>'`. It speaks the endpoints the driver calls
// (login, query, query-result polling, session token renewal, session delete, telemetry),
// records every request and statement, answers queries from fixtures, performs PUT through the
// driver's LOCAL_FS stage type (the driver copies the file into a folder of ours), and injects
// errors: an expired session (390112, the driver renews its token with the master token and
// re-sends), a Snowflake error (e.g. 002003), and a dropped connection.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WireServer, SESSION_EXPIRED, type Answer, type QueryCall, type RecordedStatement, type SnowflakeErrorAnswer, type WireOptions } from './snowflake-wire';

export { raw, type Answer, type ColumnType, type Login, type RecordedRequest, type RecordedStatement, type ResultSet, type SnowflakeErrorAnswer } from './snowflake-wire';
export type Responder = (st: RecordedStatement) => Answer | undefined;
export type DoubleOptions = WireOptions;

type Injection =
  | { kind: 'expire-session'; match: RegExp; remaining: number }
  | { kind: 'end-session'; match: RegExp; remaining: number }
  | { kind: 'error'; match: RegExp; error: SnowflakeErrorAnswer['error']; remaining: number }
  | { kind: 'drop'; match: RegExp; remaining: number }
  | { kind: 'in-progress'; match: RegExp; polls: number; remaining: number };

export class SnowflakeDouble extends WireServer {
  private readonly responders: Responder[] = [];
  private readonly injections: Injection[] = [];

  private constructor(options: DoubleOptions) {
    super(options, 'sf-double-stage-');
  }

  static async start(options: DoubleOptions = {}): Promise<SnowflakeDouble> {
    const d = new SnowflakeDouble(options);
    await d.listen();
    return d;
  }

  /** Runs `fn` against a fresh double and stops it afterwards, whatever happens; returns the
   * double, whose recorded statements stay readable once it has stopped. */
  static async around(fn: (d: SnowflakeDouble) => Promise<void>, options: DoubleOptions = {}): Promise<SnowflakeDouble> {
    const d = await SnowflakeDouble.start(options);
    try {
      await fn(d);
      return d;
    } finally {
      await d.stop();
    }
  }

  /** Answer statements the responder recognises (first responder that returns an answer wins). */
  respond(r: Responder): void {
    this.responders.push(r);
  }

  /** Answer statements matching `match` with a fixed result. */
  answer(match: RegExp, result: Answer): void {
    this.respond((st) => (match.test(st.sqlText) ? result : undefined));
  }

  /** The next `times` statements matching `match` fail with a Snowflake error. */
  failOn(match: RegExp, error: SnowflakeErrorAnswer['error'], times = 1): void {
    this.injections.push({ kind: 'error', match, error, remaining: times });
  }

  /** The session token in use expires when a statement matching `match` arrives. */
  expireSessionOn(match: RegExp, times = 1): void {
    this.injections.push({ kind: 'expire-session', match, remaining: times });
  }

  /** The session ends for good when a matching statement arrives: its session token is refused
   * (390112) and so is its master token at renewal (390114), so the client must log in again. */
  endSessionOn(match: RegExp, times = 1): void {
    this.injections.push({ kind: 'end-session', match, remaining: times });
  }

  /** The TCP connection is destroyed, without a response, when a matching statement arrives. */
  dropConnectionOn(match: RegExp, times = 1): void {
    this.injections.push({ kind: 'drop', match, remaining: times });
  }

  /** A matching statement answers "in progress" (333333) and is polled `polls` times first. */
  slowOn(match: RegExp, polls: number): void {
    this.injections.push({ kind: 'in-progress', match, polls, remaining: 1 });
  }

  private take(kind: Injection['kind'], sql: string): Injection | undefined {
    const i = this.injections.find((x) => x.kind === kind && x.remaining > 0 && x.match.test(sql));
    if (i) i.remaining--;
    return i;
  }

  protected onQuery({ st, token, req, send }: QueryCall): void {
    if (this.take('end-session', st.sqlText)) {
      this.validSessionTokens.clear();
      this.masterTokens.clear();
      return send(SESSION_EXPIRED);
    }
    if (this.take('expire-session', st.sqlText)) {
      this.validSessionTokens.delete(token);
      return send(SESSION_EXPIRED);
    }
    this.record(st);
    if (this.take('drop', st.sqlText)) {
      req.socket.destroy();
      return;
    }
    const queryId = this.nextQueryId();
    const injected = this.take('error', st.sqlText);
    const answer: Answer | 'put' = injected?.kind === 'error' ? { error: injected.error } : /^\s*PUT\s/i.test(st.sqlText) ? 'put' : this.answerFor(st);
    const body = () => (answer === 'put' ? this.putMetadata(queryId, st.sqlText) : this.render(queryId, answer));
    const slow = this.take('in-progress', st.sqlText);
    if (slow && slow.kind === 'in-progress') return send(this.deferResult(queryId, slow.polls, body));
    send(body());
  }

  private answerFor(st: RecordedStatement): Answer {
    for (const r of this.responders) {
      const a = r(st);
      if (a) return a;
    }
    return { columns: [{ name: 'status', type: 'text' }], rows: [['Statement executed successfully.']] };
  }
}

/** A SNOWFLAKE_HOME folder whose connections.toml has connection `name` pointing at the double. */
export function snowflakeHome(d: { readonly port: number }, parent: string, name = 'double', extra = 'user = "tester"\npassword = "double-login-pw"'): string {
  const home = mkdtempSync(join(parent, 'sfhome-'));
  writeFileSync(join(home, 'connections.toml'), `[${name}]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\n${extra}\n`, { mode: 0o600 });
  return home;
}

/** Run the built CLI without blocking this process's event loop (the double lives here). */
export function runCliAsync(args: string[], env: Record<string, string | undefined>, timeoutMs = 120_000, bin = join(__dirname, '..', '..', 'bin', 'retail-pipeline.js')): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
