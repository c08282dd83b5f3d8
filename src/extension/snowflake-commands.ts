// The Snowflake target's commands, merged into the extension's command table (commands.ts):
// pick the target and connection, add or edit connections in connections.toml, show the deploy
// plan, deploy its parts, and operate the task graph. Everything Snowflake-specific is the
// core's (connections.ts, plan.ts, deploy-run.ts, operate.ts) through the Snowflake bundle (snowflake-lib.ts); this
// file only asks, shows progress and reports. Secrets go to VS Code's secret storage.
import * as vscode from 'vscode';
import { CORTEX_SENTIMENT_THRESHOLDS } from '../core/ai/thresholds';
import type { TaskDef } from '../core/manifest';
import type { SnowflakeDeployConfig } from '../core/snowflake/deploy-config';
import type { GraphRunRow } from '../core/snowflake/history';
import { validateIdentifier } from '../core/sql/identifiers';
import type { CommandFactory } from './commands';
import { appendConnection, ensureConnectionsFile, SECRET_OF, validateConnectionName, type NewConnection } from './connections-file';
import { UserError, type Ctx } from './ctx';
import { registerSecretEverywhere, snowflake } from './load-heavy';
import { mysqlPassword, readMysqlUrl } from './secrets';
import { DEPLOY_COMMANDS, deployPlanFor, type DeployCommandId } from './snowflake-actions';
import { connectionSecretKey, type SnowflakeSession } from './snowflake-session';
import { snowflakeSession } from './target-parts';
import { ERROR_CODES, hasErrorCode } from '../shared/error-code';
import { deployConfigFromSettings } from './snowflake-settings';
import { formatDuration } from '../shared/duration';

const ADD_CONNECTION = 'Add Snowflake Connection…';

/** The deploy config the settings describe (Show Deploy Plan needs no session or connection). */
function settingsDeployConfig(ctx: Ctx): SnowflakeDeployConfig {
  try {
    return deployConfigFromSettings(ctx.config.snowflake);
  } catch (e) {
    // By code: ctx.config.snowflake throws the activation bundle's copy of the class.
    if (hasErrorCode(e, ERROR_CODES.invalidSnowflakeSetting)) throw new UserError(e.message);
    throw e;
  }
}

/** The silver procedure's sentiment cut-offs: the retailPipeline.sentiment.* settings, Cortex's
 * ±0.5 for what they leave unset (the plan's own default). */
function planSentiment(ctx: Ctx) {
  return ctx.config.sentiment(CORTEX_SENTIMENT_THRESHOLDS);
}

function dataDirOf(ctx: Ctx): string {
  const ws = ctx.workspace;
  if (!ws) throw new UserError('Open a folder first: the deploy plan uploads the data files of <folder>/sample_data.');
  return ctx.config.dataDir(ws);
}

/** The connections.toml path the core reads, created with a commented template when missing. */
function connectionsFile(): { path: string; names: string[]; defaultName: string } {
  const { file, names, defaultName } = snowflake().listConnections();
  return { path: file, names, defaultName };
}

async function ask(title: string, prompt: string, opts: { value?: string; password?: boolean; optional?: boolean; validate?: (v: string) => string | undefined } = {}): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title, prompt, value: opts.value, password: opts.password, ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? (opts.optional ? undefined : 'Required') : opts.validate?.(v.trim())),
  });
}

const optionalIdent = (what: string) => (v: string) => {
  try {
    validateIdentifier(v, what);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

async function addConnection(ctx: Ctx): Promise<string | undefined> {
  const file = connectionsFile();
  const step = (n: number) => `Add Snowflake Connection (${n}/8)`;
  const name = await ask(step(1), `Connection name (a [table] in ${file.path})`, { validate: (v) => validateConnectionName(v, file.names) });
  if (!name) return undefined;
  const account = await ask(step(2), 'Account identifier, e.g. myorg-myaccount');
  if (!account) return undefined;
  const user = await ask(step(3), 'User name (empty for OAuth)', { optional: true });
  if (user === undefined) return undefined;
  const auth = await vscode.window.showQuickPick((Object.keys(SECRET_OF) as (keyof typeof SECRET_OF)[]).map((a) => ({ label: a })), { title: step(4), placeHolder: 'Authenticator', ignoreFocusOut: true });
  if (!auth) return undefined;
  const authenticator = auth.label as NewConnection['authenticator'];
  let privateKeyFile: string | undefined;
  if (authenticator === 'SNOWFLAKE_JWT') {
    privateKeyFile = await ask(step(4), 'Path of the private key file (.p8)');
    if (!privateKeyFile) return undefined;
  }
  const values: Record<'warehouse' | 'database' | 'schema' | 'role', string> = { warehouse: '', database: '', schema: '', role: '' };
  let n = 5;
  for (const key of ['warehouse', 'database', 'schema', 'role'] as const) {
    const v = await ask(step(Math.min(n++, 8)), `Default ${key} of the connection (optional)`, { optional: true, validate: optionalIdent(key) });
    if (v === undefined) return undefined;
    values[key] = v;
  }
  const secret = SECRET_OF[authenticator];
  let secretValue: string | undefined;
  if (secret) {
    secretValue = await ask(`Add Snowflake Connection: ${name}`, `${secret.prompt}. Kept in VS Code's secret storage, never in settings or connections.toml.`, { password: true, optional: secret.optional });
    if (secretValue === undefined) return undefined;
  }
  appendConnection(file.path, { name, account, user, authenticator, privateKeyFile, ...values }, file.names);
  if (secret && secretValue) {
    registerSecretEverywhere(secretValue);
    await ctx.ext.secrets.store(connectionSecretKey(name, secret.key), secretValue);
  }
  ctx.log.info(`Snowflake connection "${name}" added to ${file.path} (${authenticator}${secret && secretValue ? `; ${secret.key} in secret storage` : ''})`);
  const pick = await vscode.window.showInformationMessage(`Retail Pipeline: connection "${name}" added to ${file.path}.`, 'Use It Now');
  if (pick === 'Use It Now') await ctx.switchTarget('snowflake', name);
  return name;
}

/** Values for the plan's secret placeholders (the MySQL credentials of the integrations part):
 * from the stored MySQL connection, else from secret storage, else asked and stored. */
async function deploySecrets(ctx: Ctx, names: readonly string[]): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  const url = await readMysqlUrl(ctx.ext.secrets);
  if (url) {
    const u = new URL(url);
    if (u.username) out.mysql_user = decodeURIComponent(u.username);
    if (u.password) out.mysql_password = mysqlPassword(url);
  }
  for (const name of names) {
    if (out[name]) continue;
    const key = `retailPipeline.snowflake/deploy/${name}`;
    const isSecret = /password|secret|token/i.test(name);
    let value = await ctx.ext.secrets.get(key);
    if (!value) {
      value = await ask(`Deploy: :${name}`, `Value for :${name} (${isSecret ? 'kept in VS Code\'s secret storage' : 'the MySQL user the Snowflake secret logs in as'})`, { password: isSecret });
      if (!value) return undefined;
      await ctx.ext.secrets.store(key, value);
    }
    out[name] = value;
  }
  for (const [k, v] of Object.entries(out)) if (/password|secret|token/i.test(k)) registerSecretEverywhere(v);
  return out;
}

async function deploy(ctx: Ctx, id: DeployCommandId): Promise<number | undefined> {
  const { title, parts } = DEPLOY_COMMANDS[id];
  const session = snowflakeSession(ctx, title);
  const h = snowflake();
  const plan = deployPlanFor(h.buildDeployPlan, parts, { config: session.config, sentiment: planSentiment(ctx), dataDir: dataDirOf(ctx) });
  const secrets = await deploySecrets(ctx, h.requiredSecrets(plan));
  if (!secrets) return undefined;
  ctx.log.info(`${title}: ${plan.length} statements on ${session.label} (parts ${parts.join(', ')})`);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: ${title}`, cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort(new Error('cancelled in VS Code')));
    progress.report({ message: `connecting (${session.label})` });
    const client = await session.client();
    const r = await h.runDeployPlan(client, plan, {
      secrets, logger: ctx.logger, signal: ac.signal,
      onProgress: (p) => {
        const line = `[${p.index + 1}/${p.total}] ${p.statement.part}: ${p.statement.summary}`;
        ctx.log.info(`${line} (${p.ms} ms)`);
        progress.report({ message: line, increment: 100 / p.total });
      },
    });
    ctx.log.info(`${title}: ${r.executed} statements in ${formatDuration(r.ms)}`);
    void vscode.window.showInformationMessage(`Retail Pipeline: ${title} succeeded (${r.executed} statements in ${formatDuration(r.ms)}).`);
    ctx.fireChanged();
    return r.executed;
  });
}

/** After a graph run was submitted: refresh the tree and panels from the account every 10 s
 * while it reports a run executing (or for the first minute, before the run shows up). Stops
 * when the session goes (target switch) or after an hour. */
function followGraphRuns(ctx: Ctx, session: SnowflakeSession, intervalMs = 10_000): void {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    timer = undefined;
    if (!session.connected) return;
    try {
      const executing = (await session.graphRuns(10)).some((r) => r.STATE === 'EXECUTING');
      ctx.fireChanged();
      const elapsed = Date.now() - started;
      if ((executing || elapsed < 60_000) && elapsed < 3_600_000) timer = setTimeout(() => void tick(), intervalMs);
    } catch (e) {
      ctx.log.warn(`following the graph run on ${session.label}: ${(e as Error).message}`);
    }
  };
  timer = setTimeout(() => void tick(), intervalMs);
  ctx.pushSessionCleanup({ dispose: () => { if (timer) clearTimeout(timer); } });
}

const runSummary = (r: GraphRunRow) => `graph run ${r.GRAPH_RUN_GROUP_ID.slice(0, 8)} ${r.STATE}${r.DURATION_MS !== null ? ` in ${formatDuration(r.DURATION_MS)}` : ''}${r.FIRST_ERROR_TASK_NAME ? ` at ${r.FIRST_ERROR_TASK_NAME}: ${r.FIRST_ERROR_MESSAGE ?? ''}` : ''}`;

/** Run Pipeline on the Snowflake target: EXECUTE TASK, then follow graph history (10 s polls,
 * each one refreshing the tree and panels) until the run finished. */
export async function runGraphOnSnowflake(ctx: Ctx, mode: 'execute' | 'retry' = 'execute'): Promise<string | undefined> {
  const title = mode === 'execute' ? 'Run Pipeline' : 'Retry Failed Tasks';
  return ctx.exclusive(title, async (controller) => {
    const session = snowflakeSession(ctx, 'Run Pipeline');
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: ${title} on ${session.label}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort(new Error('stopped following the run in VS Code (it keeps running on Snowflake)')));
      const wait = {
        signal: controller.signal, intervalMs: 10_000,
        onPoll: (r: GraphRunRow | undefined) => {
          progress.report({ message: r ? `graph run ${r.STATE}` : 'waiting for the graph run to start' });
          ctx.fireChanged();
        },
      };
      return mode === 'execute' ? session.executeGraph(wait) : session.retryFailed(wait);
    });
    if (!run) return undefined;
    ctx.lastRun = { state: run.STATE, at: new Date(), summary: runSummary(run) };
    ctx.log.info(`${title}: ${runSummary(run)}`);
    if (run.STATE === 'SUCCEEDED') void vscode.window.showInformationMessage(`Retail Pipeline: ${title} SUCCEEDED (${runSummary(run)}).`);
    else {
      void vscode.window.showErrorMessage(`Retail Pipeline: ${title} ${run.STATE}: ${runSummary(run)}`, 'Show Log').then((p) => { if (p) ctx.log.show(true); });
    }
    return run.STATE;
  });
}

/** Run Task on the Snowflake target: CALL the task's procedure now. */
export async function runTaskOnSnowflake(ctx: Ctx, t: TaskDef): Promise<unknown> {
  const session = snowflakeSession(ctx, `Run Task ${t.name}`);
  const value = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Retail Pipeline: Run Task ${t.name} on ${session.label}` },
    () => session.callTask(t.name));
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  ctx.log.info(`Run Task ${t.name} on ${session.label}: ${text || 'done'}`);
  void vscode.window.showInformationMessage(`Retail Pipeline: Run Task ${t.name} SUCCEEDED${text ? `: ${text}` : ''}.`);
  ctx.fireChanged();
  return value;
}

export const SNOWFLAKE_COMMANDS: Record<string, CommandFactory> = {
  'retailPipeline.selectTarget': (ctx) => async () => {
    let conns: { names: string[]; defaultName: string; path: string } = { names: [], defaultName: 'default', path: 'connections.toml' };
    try {
      conns = connectionsFile();
    } catch (e) {
      // A broken connections.toml must not hide the local target: say why and offer it anyway.
      ctx.log.warn(`reading the Snowflake connections: ${(e as Error).message}`);
    }
    // The connection in use, when the current target works through one.
    const current = ctx.capabilities.needsConnection ? ctx.snowflakeConnection ?? conns.defaultName : undefined;
    // Each item says what picking it does: switch to a target (with its connection), or add one.
    type Item = vscode.QuickPickItem & { readonly pick: () => Promise<unknown> };
    const items: Item[] = [
      { label: 'local', description: 'DuckDB warehouse in <folder>/.retail/', detail: 'Runs every step in this VS Code window.', pick: () => ctx.switchTarget('local') },
      ...conns.names.map((n): Item => ({
        label: n, description: `Snowflake${n === conns.defaultName ? ' · default connection' : ''}${n === current ? ' · current' : ''}`,
        detail: `connection "${n}" of ${conns.path}`, pick: () => ctx.switchTarget('snowflake', n),
      })),
      { label: ADD_CONNECTION, description: '', detail: `Adds a connection to ${conns.path}`, pick: () => addConnection(ctx) },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Select Target', placeHolder: 'local, or a Snowflake connection of connections.toml' });
    if (picked) await picked.pick();
  },

  'retailPipeline.addSnowflakeConnection': (ctx) => () => addConnection(ctx),

  'retailPipeline.editConnectionsFile': (ctx) => async () => {
    const { path } = connectionsFile();
    if (ensureConnectionsFile(path)) ctx.log.info(`created ${path} (mode 0600) with a commented template`);
    await vscode.window.showTextDocument(vscode.Uri.file(path));
  },

  'retailPipeline.showDeployPlan': (ctx) => async () => {
    const h = snowflake();
    const plan = h.buildDeployPlan({ config: settingsDeployConfig(ctx), sentiment: planSentiment(ctx), dataDir: dataDirOf(ctx) });
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: h.renderPlanScript(plan) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return plan.length;
  },

  ...Object.fromEntries((Object.keys(DEPLOY_COMMANDS) as DeployCommandId[]).map((id) => [id, (ctx: Ctx) => () => deploy(ctx, id)])),

  'retailPipeline.executeTaskGraph': (ctx) => async () => {
    const session = snowflakeSession(ctx, 'Execute Task Graph');
    await session.executeGraph();
    ctx.log.info(`Execute Task Graph: EXECUTE TASK submitted on ${session.label}`);
    followGraphRuns(ctx, session);
    void vscode.window.showInformationMessage(`Retail Pipeline: task graph run submitted on ${session.label} (see Run History).`);
    ctx.fireChanged();
  },

  'retailPipeline.suspendTaskGraph': (ctx) => async () => {
    const session = snowflakeSession(ctx, 'Suspend Task Graph');
    await session.suspendGraph();
    ctx.log.info(`task graph suspended on ${session.label}`);
    void vscode.window.showInformationMessage(`Retail Pipeline: task graph suspended on ${session.label}.`);
  },

  'retailPipeline.resumeTaskGraph': (ctx) => async () => {
    const session = snowflakeSession(ctx, 'Resume Task Graph');
    await session.resumeGraph();
    ctx.log.info(`task graph resumed on ${session.label}`);
    void vscode.window.showInformationMessage(`Retail Pipeline: task graph resumed on ${session.label} (runs on its schedule).`);
  },
};
