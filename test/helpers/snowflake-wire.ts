// The Snowflake wire protocol as the REAL snowflake-sdk speaks it over `accessUrl`, shared by the
// recording double (test/helpers/snowflake-double.ts) and the executing emulator
// (test/emulator/server.ts): a loopback HTTP server with login, session tokens and their
// renewal with the master token, telemetry, session delete, query-request, result polling of
// "in progress" queries, Snowflake's JSON result and error bodies, and PUT through the driver's
// LOCAL_FS stage type (the driver copies the file into a folder of ours). What a statement
// answers is the subclass's business (`onQuery`).
import { createHash, createPublicKey, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
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

export type ColumnType = 'text' | 'fixed' | 'real' | 'boolean' | 'date' | 'timestamp_ltz' | 'timestamp_ntz' | 'variant' | 'object' | 'array' | 'binary';
export interface ResultSet {
  readonly columns: readonly { name: string; type: ColumnType; scale?: number; precision?: number }[];
  /** Raw values as Snowflake sends them in JSON result format (strings; timestamps as epoch seconds with 9 decimals). */
  readonly rows: readonly (string | null)[][];
}
export interface SnowflakeErrorAnswer {
  readonly error: { code: string; message: string; sqlState?: string };
}
export type Answer = ResultSet | SnowflakeErrorAnswer;

export interface WireOptions {
  /** Accept only these credentials (otherwise any login succeeds). */
  readonly expect?: { user?: string; password?: string; token?: string; publicKeyPem?: string };
}

/** One login: its tokens come and go (renewal), the session stays. */
export interface WireSession {
  readonly id: string;
  /** The login request's query string (databaseName, schemaName, warehouse, roleName). */
  readonly loginQuery: Record<string, string>;
  /** LOGIN_NAME of the login request. */
  readonly loginName?: string;
}

/** What onQuery gets for one query-request. */
export interface QueryCall {
  readonly st: RecordedStatement;
  readonly token: string;
  readonly session: WireSession;
  readonly req: IncomingMessage;
  /** Whether the driver sent this request id before (a retry of the same statement). */
  readonly retry: boolean;
  send(body: unknown): void;
}

/** A raw value as the JSON result format carries it. */
export const raw = {
  ts: (iso: string) => {
    const ms = Date.parse(iso);
    return `${Math.floor(ms / 1000)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}000000`;
  },
  json: (v: unknown) => JSON.stringify(v),
};

export const ok = (data: unknown) => ({ success: true, code: null, message: null, data });

export const SESSION_EXPIRED = { success: false, code: '390112', message: 'Your session has expired. Please login again.', data: { errorCode: '390112' } };
export const inProgress = (queryId: string) => ({ success: true, code: '333333', message: 'Asynchronous execution in progress.', data: { queryId, getResultUrl: `/queries/${queryId}/result` } });

/** Session parameters a real login returns (the driver formats timestamps with them). */
export const SESSION_PARAMETERS = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: '' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: '' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'CLIENT_SESSION_KEEP_ALIVE', value: false },
];

export abstract class WireServer {
  readonly requests: RecordedRequest[] = [];
  /** Statements in the order the server received them, once per driver request id (retries of
   * the same request are the same statement, as in Snowflake). */
  readonly statements: RecordedStatement[] = [];
  readonly logins: Login[] = [];
  renewals = 0;
  sessionsDeleted = 0;
  /** Where PUT writes files (the LOCAL_FS stage location). */
  readonly stageDir: string;
  port = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Live session tokens -> their session; master tokens -> their session. */
  protected readonly validSessionTokens = new Map<string, WireSession>();
  protected readonly masterTokens = new Map<string, WireSession>();
  private readonly pending = new Map<string, { polls: number; body: () => Promise<unknown> | unknown }>();
  private readonly seenRequestIds = new Set<string>();
  private queryCounter = 0;

  protected constructor(private readonly wireOptions: WireOptions, stagePrefix: string) {
    this.stageDir = mkdtempSync(join(tmpdir(), stagePrefix));
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get accessUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Driver options (the shape connections.ts produces) that reach this server with a password login. */
  connectionOptions(): DriverOptions {
    return { account: 'testaccount', authenticator: 'SNOWFLAKE', username: 'tester', password: 'double-login-pw', accessUrl: this.accessUrl };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.stageDir, { recursive: true, force: true });
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

  /** Answers one query-request (call.send exactly once, or destroy the socket). */
  protected abstract onQuery(call: QueryCall): Promise<void> | void;

  protected nextQueryId(): string {
    return `01b${String(++this.queryCounter).padStart(5, '0')}-0000-${this.queryIdSuffix()}`;
  }

  protected queryIdSuffix(): string {
    return 'double';
  }

  /** The statement answers "in progress" and is polled `polls` times before `body` is sent. */
  protected deferResult(queryId: string, polls: number, body: () => Promise<unknown> | unknown): unknown {
    this.pending.set(queryId, { polls, body });
    return inProgress(queryId);
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
    const session = token ? this.validSessionTokens.get(token) : undefined;
    if (!token || !session) return send(SESSION_EXPIRED);
    if (rec.path === '/session' && rec.query.delete === 'true') {
      this.validSessionTokens.delete(token);
      this.sessionsDeleted++;
      return send(ok({}));
    }
    if (rec.path === '/queries/v1/query-request') {
      const requestId = rec.query.requestId ?? randomUUID();
      const bindings = json.bindings as RecordedStatement['bindings'];
      const binds = bindings ? Object.keys(bindings).sort((a, b) => Number(a) - Number(b)).map((k) => bindings[k].value) : [];
      const st: RecordedStatement = { sqlText: String(json.sqlText ?? ''), requestId, bindings, binds };
      const retry = this.seenRequestIds.has(requestId);
      try {
        return await this.onQuery({ st, token, session, req, retry, send });
      } catch (e) {
        return send({ success: false, code: '000603', message: `emulator failure: ${(e as Error).message}`, data: { sqlState: 'XX000' } });
      }
    }
    const poll = /^\/queries\/([^/]+)\/result$/.exec(rec.path);
    if (poll) return send(await this.poll(poll[1]));
    return send(ok({}));
  }

  /** Records the statement once per request id (call from onQuery when it counts as received). */
  protected record(st: RecordedStatement): void {
    if (this.seenRequestIds.has(st.requestId)) return;
    this.seenRequestIds.add(st.requestId);
    this.statements.push(st);
  }

  private login(json: Record<string, any>, query: Record<string, string>): unknown {
    const d = (json.data ?? {}) as Record<string, string | undefined>;
    const login: Login = { loginName: d.LOGIN_NAME, authenticator: d.AUTHENTICATOR, password: d.PASSWORD, token: d.TOKEN, account: d.ACCOUNT_NAME, query };
    this.logins.push(login);
    const fail = (message: string) => ({ success: false, code: '390100', message, data: { nextAction: 'RETRY_LOGIN' } });
    const e = this.wireOptions.expect;
    if (e?.user && login.loginName !== e.user) return fail('Incorrect username or password was specified.');
    if (e?.password !== undefined && login.password !== e.password) return fail('Incorrect username or password was specified.');
    if (e?.token !== undefined && login.token !== e.token) return fail('Invalid OAuth access token.');
    if (e?.publicKeyPem && !verifyJwt(login.token, createPublicKey(e.publicKeyPem))) return fail('JWT token is invalid.');
    const session: WireSession = { id: randomUUID(), loginQuery: query, loginName: login.loginName };
    const refused = this.openSession(session);
    if (refused) return { success: false, code: refused.code, message: refused.message, data: { nextAction: 'RETRY_LOGIN' } };
    return ok({ ...this.newTokens(session), sessionId: 1, parameters: SESSION_PARAMETERS, sessionInfo: this.sessionInfo(session) });
  }

  /** A hook for the emulator to set up (or refuse) the session's context. */
  protected openSession(_session: WireSession): { code: string; message: string } | undefined {
    return undefined;
  }

  protected sessionInfo(session: WireSession): Record<string, string | null> {
    const q = session.loginQuery;
    return { databaseName: q.databaseName ?? null, schemaName: q.schemaName ?? null, warehouseName: q.warehouse ?? null, roleName: q.roleName ?? 'PUBLIC' };
  }

  private newTokens(session: WireSession) {
    const token = `session-${randomUUID()}`;
    const masterToken = `master-${randomUUID()}`;
    this.validSessionTokens.set(token, session);
    this.masterTokens.set(masterToken, session);
    return { token, masterToken, validityInSeconds: 3600, masterValidityInSeconds: 14400 };
  }

  private renew(authorization: string | undefined, json: Record<string, any>): unknown {
    const master = /Snowflake Token="([^"]*)"/.exec(authorization ?? '')?.[1];
    const session = master ? this.masterTokens.get(master) : undefined;
    if (!master || !session || json.requestType !== 'RENEW') {
      return { success: false, code: '390114', message: 'Authentication token has expired.  The user must authenticate again.', data: {} };
    }
    this.renewals++;
    const t = this.newTokens(session);
    return ok({ sessionToken: t.token, validityInSecondsST: 3600, masterToken: master, validityInSecondsMT: 14400 });
  }

  private async poll(queryId: string): Promise<unknown> {
    const p = this.pending.get(queryId);
    if (!p) return { success: false, code: '000709', message: `Statement ${queryId} not found`, data: {} };
    if (p.polls-- > 0) return inProgress(queryId);
    this.pending.delete(queryId);
    return p.body();
  }

  /** The body of a query response for an answer. */
  protected render(queryId: string, answer: Answer): unknown {
    if ('error' in answer) {
      return { success: false, code: answer.error.code, message: answer.error.message,
        data: { queryId, errorCode: answer.error.code, sqlState: answer.error.sqlState ?? '42000', internalError: false, age: 0 } };
    }
    return ok({
      queryId, queryResultFormat: 'json', parameters: SESSION_PARAMETERS, total: answer.rows.length, returned: answer.rows.length,
      rowtype: answer.columns.map((c) => ({
        name: c.name, type: c.type, nullable: true, database: '', schema: '', table: '', byteLength: null, collation: null,
        length: c.type === 'text' ? 16777216 : null,
        precision: c.type === 'fixed' ? c.precision ?? 38 : c.type.startsWith('timestamp_') ? 0 : null,
        scale: c.type === 'fixed' ? c.scale ?? 0 : c.type.startsWith('timestamp_') ? 9 : null,
      })),
      rowset: answer.rows,
    });
  }

  /** What Snowflake answers to PUT: where to put the file. LOCAL_FS makes the driver copy it into
   * stageDir/<stage>[/path] (no cloud storage involved). */
  protected putMetadata(queryId: string, sql: string): unknown {
    const t = parsePut(sql);
    return ok({
      queryId, command: 'UPLOAD', src_locations: [t.file], parallel: 1, overwrite: t.overwrite,
      autoCompress: t.autoCompress, sourceCompression: 'auto_detect', clientShowEncryptionParameter: false,
      stageInfo: { locationType: 'LOCAL_FS', location: join(this.stageDir, t.stage, ...t.path), path: '', region: null, creds: {} },
    });
  }
}

export interface PutTarget {
  /** The local file as the statement names it. */
  readonly file: string;
  /** The stage as written (qualified or not, quotes kept). */
  readonly stageRef: string;
  /** Its last name part, unquoted. */
  readonly stage: string;
  readonly path: string[];
  readonly overwrite: boolean;
  readonly autoCompress: boolean;
}

/** PUT 'file://…' @[db.schema.]stage[/path] or '@…/path/' (quoted when the path needs it). */
export function parsePut(sql: string): PutTarget {
  const m = /^\s*PUT\s+'file:\/\/((?:[^']|'')+)'\s+'?@((?:"[^"]+"|[A-Za-z0-9_$]+)(?:\.(?:"[^"]+"|[A-Za-z0-9_$]+))*)(\/[^\s']*)?/i.exec(sql);
  if (!m) throw new Error(`cannot parse PUT: ${sql}`);
  return {
    file: m[1].replace(/''/g, "'"), stageRef: m[2], stage: m[2].split('.').pop()!.replace(/"/g, ''), path: (m[3] ?? '').split('/').filter(Boolean),
    overwrite: /OVERWRITE\s*=\s*TRUE/i.test(sql), autoCompress: !/AUTO_COMPRESS\s*=\s*FALSE/i.test(sql),
  };
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
