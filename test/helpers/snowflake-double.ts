// A Snowflake wire-protocol test double: a loopback HTTP server that the REAL snowflake-sdk talks
// to through `accessUrl: 'http://127.0.0.1:<port>'`. It speaks the endpoints the driver calls
// (login, query, query-result polling, session token renewal, session delete, telemetry),
// records every request and statement, answers queries from fixtures, performs PUT through the
// driver's LOCAL_FS stage type (the driver copies the file into a folder of ours), and injects
// errors: an expired session (390112, the driver renews its token with the master token and
// re-sends), a Snowflake error (e.g. 002003), and a dropped connection.
import { createHash, createPublicKey, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DriverOptions } from '../../src/core/snowflake/connections';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
  /** The body as text after gunzip (what went over the wire, decoded). */
  readonly body: string;
}

export interface RecordedStatement {
  readonly sqlText: string;
  readonly requestId: string;
  readonly bindings?: Record<string, { type: string; value: unknown }>;
  /** Bind values in order (1-based keys of `bindings`). */
  readonly binds: unknown[];
}

export interface Login {
  readonly loginName?: string;
  readonly authenticator?: string;
  readonly password?: string;
  readonly token?: string;
  readonly account?: string;
  readonly query: Record<string, string>;
}

export type ColumnType = 'text' | 'fixed' | 'real' | 'boolean' | 'timestamp_ltz' | 'timestamp_ntz' | 'variant' | 'object';
export interface ResultSet {
  readonly columns: readonly { name: string; type: ColumnType; scale?: number }[];
  /** Raw values as Snowflake sends them in JSON result format (strings; timestamps as epoch seconds with 9 decimals). */
  readonly rows: readonly (string | null)[][];
}
export interface SnowflakeErrorAnswer {
  readonly error: { code: string; message: string; sqlState?: string };
}
export type Answer = ResultSet | SnowflakeErrorAnswer;
export type Responder = (st: RecordedStatement) => Answer | undefined;

type Injection =
  | { kind: 'expire-session'; match: RegExp; remaining: number }
  | { kind: 'end-session'; match: RegExp; remaining: number }
  | { kind: 'error'; match: RegExp; error: SnowflakeErrorAnswer['error']; remaining: number }
  | { kind: 'drop'; match: RegExp; remaining: number }
  | { kind: 'in-progress'; match: RegExp; polls: number; remaining: number };

export interface DoubleOptions {
  /** Accept only these credentials (otherwise any login succeeds). */
  readonly expect?: { user?: string; password?: string; token?: string; publicKeyPem?: string };
}

/** A raw value as the JSON result format carries it. */
export const raw = {
  ts: (iso: string) => {
    const ms = Date.parse(iso);
    return `${Math.floor(ms / 1000)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}000000`;
  },
  json: (v: unknown) => JSON.stringify(v),
};

const ok = (data: unknown) => ({ success: true, code: null, message: null, data });

/** Session parameters a real login returns (the driver formats timestamps with them). */
const SESSION_PARAMETERS = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: '' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: '' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'CLIENT_SESSION_KEEP_ALIVE', value: false },
];

export class SnowflakeDouble {
  readonly requests: RecordedRequest[] = [];
  /** Statements in the order the server received them, once per driver request id (retries of
   * the same request are the same statement, as in Snowflake). */
  readonly statements: RecordedStatement[] = [];
  readonly logins: Login[] = [];
  renewals = 0;
  sessionsDeleted = 0;
  /** Where PUT writes files (the LOCAL_FS stage location). */
  readonly stageDir: string;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly responders: Responder[] = [];
  private readonly injections: Injection[] = [];
  private readonly validSessionTokens = new Set<string>();
  private readonly masterTokens = new Set<string>();
  private readonly pending = new Map<string, { answer: Answer | 'put'; st: RecordedStatement; polls: number }>();
  private readonly seenRequestIds = new Set<string>();
  private queryCounter = 0;
  port = 0;

  private constructor(private readonly options: DoubleOptions) {
    this.stageDir = mkdtempSync(join(tmpdir(), 'sf-double-stage-'));
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(options: DoubleOptions = {}): Promise<SnowflakeDouble> {
    const d = new SnowflakeDouble(options);
    await new Promise<void>((resolve) => d.server.listen(0, '127.0.0.1', resolve));
    d.port = (d.server.address() as AddressInfo).port;
    return d;
  }

  get accessUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Driver options (the shape connections.ts produces) that reach this double with a password login. */
  connectionOptions(): DriverOptions {
    return { account: 'testaccount', authenticator: 'SNOWFLAKE', username: 'tester', password: 'double-login-pw', accessUrl: this.accessUrl };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.stageDir, { recursive: true, force: true });
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

  /** Every statement text sent, in order. */
  get sqlTexts(): string[] {
    return this.statements.map((s) => s.sqlText);
  }

  /** Everything any client sent, as one string (to check that a secret never went out). */
  traffic(filter: (r: RecordedRequest) => boolean = () => true): string {
    return this.requests.filter(filter).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}\n${r.body}`).join('\n');
  }

  /** Requests that carried `secret`, as sent or as JSON escapes it (backslashes, quotes, unicode). */
  requestsCarrying(secret: string): RecordedRequest[] {
    const forms = [secret, JSON.stringify(secret).slice(1, -1)];
    return this.requests.filter((r) => forms.some((f) => r.body.includes(f) || r.path.includes(f) || JSON.stringify(r.query).includes(f)));
  }

  private take(kind: Injection['kind'], sql: string): Injection | undefined {
    const i = this.injections.find((x) => x.kind === kind && x.remaining > 0 && x.match.test(sql));
    if (i) i.remaining--;
    return i;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let buf = Buffer.concat(chunks);
    if (/gzip/i.test(String(req.headers['content-encoding'] ?? ''))) buf = gunzipSync(buf);
    const url = new URL(req.url ?? '/', this.accessUrl);
    const rec: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization, body: buf.toString('utf8'),
    };
    this.requests.push(rec);
    const json = rec.body ? (JSON.parse(rec.body) as Record<string, any>) : {};
    const send = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (rec.path === '/session/v1/login-request') return send(this.login(json, rec.query));
    if (rec.path === '/session/token-request') return send(this.renew(rec.authorization, json));
    if (rec.path === '/telemetry/send') return send(ok({}));
    // Every other endpoint needs a live session token.
    const token = /Snowflake Token="([^"]*)"/.exec(rec.authorization ?? '')?.[1];
    if (!token || !this.validSessionTokens.has(token)) {
      return send({ success: false, code: '390112', message: 'Your session has expired. Please login again.', data: { errorCode: '390112' } });
    }
    if (rec.path === '/session' && rec.query.delete === 'true') {
      this.validSessionTokens.delete(token);
      this.sessionsDeleted++;
      return send(ok({}));
    }
    if (rec.path === '/queries/v1/query-request') return this.query(json, rec.query.requestId ?? randomUUID(), token, req, res, send);
    const poll = /^\/queries\/([^/]+)\/result$/.exec(rec.path);
    if (poll) return send(this.poll(poll[1]));
    return send(ok({}));
  }

  private login(json: Record<string, any>, query: Record<string, string>): unknown {
    const d = (json.data ?? {}) as Record<string, string | undefined>;
    const login: Login = { loginName: d.LOGIN_NAME, authenticator: d.AUTHENTICATOR, password: d.PASSWORD, token: d.TOKEN, account: d.ACCOUNT_NAME, query };
    this.logins.push(login);
    const fail = (message: string) => ({ success: false, code: '390100', message, data: { nextAction: 'RETRY_LOGIN' } });
    const e = this.options.expect;
    if (e?.user && login.loginName !== e.user) return fail('Incorrect username or password was specified.');
    if (e?.password !== undefined && login.password !== e.password) return fail('Incorrect username or password was specified.');
    if (e?.token !== undefined && login.token !== e.token) return fail('Invalid OAuth access token.');
    if (e?.publicKeyPem && !verifyJwt(login.token, createPublicKey(e.publicKeyPem))) return fail('JWT token is invalid.');
    return ok({ ...this.newTokens(), sessionId: 1, parameters: SESSION_PARAMETERS, sessionInfo: {
      databaseName: query.databaseName ?? null, schemaName: query.schemaName ?? null, warehouseName: query.warehouse ?? null, roleName: query.roleName ?? 'PUBLIC',
    } });
  }

  private newTokens() {
    const token = `session-${randomUUID()}`;
    const masterToken = `master-${randomUUID()}`;
    this.validSessionTokens.add(token);
    this.masterTokens.add(masterToken);
    return { token, masterToken, validityInSeconds: 3600, masterValidityInSeconds: 14400 };
  }

  private renew(authorization: string | undefined, json: Record<string, any>): unknown {
    const master = /Snowflake Token="([^"]*)"/.exec(authorization ?? '')?.[1];
    if (!master || !this.masterTokens.has(master) || json.requestType !== 'RENEW') {
      return { success: false, code: '390114', message: 'Authentication token has expired.  The user must authenticate again.', data: {} };
    }
    this.renewals++;
    const t = this.newTokens();
    return ok({ sessionToken: t.token, validityInSecondsST: 3600, masterToken: master, validityInSecondsMT: 14400 });
  }

  private query(json: Record<string, any>, requestId: string, token: string, req: IncomingMessage, res: ServerResponse, send: (b: unknown) => void): void {
    const bindings = json.bindings as RecordedStatement['bindings'];
    const binds = bindings ? Object.keys(bindings).sort((a, b) => Number(a) - Number(b)).map((k) => bindings[k].value) : [];
    const st: RecordedStatement = { sqlText: String(json.sqlText ?? ''), requestId, bindings, binds };
    if (this.take('end-session', st.sqlText)) {
      this.validSessionTokens.clear();
      this.masterTokens.clear();
      return send({ success: false, code: '390112', message: 'Your session has expired. Please login again.', data: { errorCode: '390112' } });
    }
    if (this.take('expire-session', st.sqlText)) {
      this.validSessionTokens.delete(token);
      return send({ success: false, code: '390112', message: 'Your session has expired. Please login again.', data: { errorCode: '390112' } });
    }
    if (!this.seenRequestIds.has(requestId)) {
      this.seenRequestIds.add(requestId);
      this.statements.push(st);
    }
    if (this.take('drop', st.sqlText)) {
      req.socket.destroy();
      return;
    }
    const queryId = `01b${String(++this.queryCounter).padStart(5, '0')}-0000-double`;
    const injected = this.take('error', st.sqlText);
    const answer: Answer | 'put' = injected?.kind === 'error' ? { error: injected.error } : /^\s*PUT\s/i.test(st.sqlText) ? 'put' : this.answerFor(st);
    const slow = this.take('in-progress', st.sqlText);
    if (slow && slow.kind === 'in-progress') {
      this.pending.set(queryId, { answer, st, polls: slow.polls });
      return send({ success: true, code: '333333', message: 'Asynchronous execution in progress.', data: { queryId, getResultUrl: `/queries/${queryId}/result` } });
    }
    send(this.render(queryId, answer, st));
  }

  private poll(queryId: string): unknown {
    const p = this.pending.get(queryId);
    if (!p) return { success: false, code: '000709', message: `Statement ${queryId} not found`, data: {} };
    if (p.polls-- > 0) return { success: true, code: '333333', message: 'Asynchronous execution in progress.', data: { queryId, getResultUrl: `/queries/${queryId}/result` } };
    this.pending.delete(queryId);
    return this.render(queryId, p.answer, p.st);
  }

  private answerFor(st: RecordedStatement): Answer {
    for (const r of this.responders) {
      const a = r(st);
      if (a) return a;
    }
    return { columns: [{ name: 'status', type: 'text' }], rows: [['Statement executed successfully.']] };
  }

  private render(queryId: string, answer: Answer | 'put', st: RecordedStatement): unknown {
    if (answer === 'put') return ok({ queryId, ...this.putMetadata(st.sqlText) });
    if ('error' in answer) {
      return { success: false, code: answer.error.code, message: answer.error.message,
        data: { queryId, errorCode: answer.error.code, sqlState: answer.error.sqlState ?? '42000', internalError: false, age: 0 } };
    }
    return ok({
      queryId, queryResultFormat: 'json', parameters: SESSION_PARAMETERS, total: answer.rows.length, returned: answer.rows.length,
      rowtype: answer.columns.map((c) => ({
        name: c.name, type: c.type, nullable: true, database: '', schema: '', table: '', byteLength: null, collation: null,
        length: c.type === 'text' ? 16777216 : null,
        precision: c.type === 'fixed' ? 38 : c.type.startsWith('timestamp_') ? 0 : null,
        scale: c.type === 'fixed' ? c.scale ?? 0 : c.type.startsWith('timestamp_') ? 9 : null,
      })),
      rowset: answer.rows,
    });
  }

  /** What Snowflake answers to PUT: where to put the file. LOCAL_FS makes the driver copy it into
   * stageDir/<stage> (no cloud storage involved). */
  private putMetadata(sql: string): Record<string, unknown> {
    // PUT 'file://…' @[db.schema.]stage[/path] or '@…/path/' (quoted when the path needs it).
    const m = /^\s*PUT\s+'file:\/\/((?:[^']|'')+)'\s+'?@((?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+))*)(\/[^\s']*)?/i.exec(sql);
    if (!m) throw new Error(`the double cannot parse PUT: ${sql}`);
    const stage = join(m[2].split('.').pop()!.replace(/"/g, ''), ...(m[3] ?? '').split('/').filter(Boolean));
    return {
      command: 'UPLOAD', src_locations: [m[1].replace(/''/g, "'")], parallel: 1, overwrite: /OVERWRITE\s*=\s*TRUE/i.test(sql),
      autoCompress: !/AUTO_COMPRESS\s*=\s*FALSE/i.test(sql), sourceCompression: 'auto_detect', clientShowEncryptionParameter: false,
      stageInfo: { locationType: 'LOCAL_FS', location: join(this.stageDir, stage), path: '', region: null, creds: {} },
    };
  }
}

/** RS256 JWT check: what Snowflake does with a key-pair login (signature and subject claims). */
function verifyJwt(token: string | undefined, key: KeyObject): boolean {
  if (!token) return false;
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return false;
  const v = createVerify('RSA-SHA256');
  v.update(`${h}.${p}`);
  if (!v.verify(key, Buffer.from(s, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: string; exp?: number };
  const fingerprint = 'SHA256:' + createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64');
  return !!claims.iss?.endsWith(`.${fingerprint}`) && (claims.exp ?? 0) * 1000 > Date.now();
}

/** A SNOWFLAKE_HOME folder whose connections.toml has connection `name` pointing at the double. */
export function snowflakeHome(d: SnowflakeDouble, parent: string, name = 'double', extra = 'user = "tester"\npassword = "double-login-pw"'): string {
  const home = mkdtempSync(join(parent, 'sfhome-'));
  writeFileSync(join(home, 'connections.toml'), `[${name}]\naccount = "testaccount"\nhost = "127.0.0.1"\nport = ${d.port}\nprotocol = "http"\n${extra}\n`, { mode: 0o600 });
  return home;
}

/** Run the built CLI without blocking this process's event loop (the double lives here). */
export function runCliAsync(args: string[], env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(__dirname, '..', '..', 'bin', 'retail-pipeline.js');
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
