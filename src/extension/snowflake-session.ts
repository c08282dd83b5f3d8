// The Snowflake target's session: the connection name, the deploy config the settings describe,
// and one SnowflakeClient opened on first use and destroyed when the session goes (target
// switch, a changed setting, deactivation). snowflake-sdk comes from the Snowflake bundle
// (load-heavy.ts), so neither activation nor the local target ever loads it. Secrets kept in
// VS Code's secret storage reach the core as SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> overrides of a
// private environment object (never process.env) and are registered with redact() first.
// Only a type import of `vscode`: tested against the wire-protocol double without VS Code.
import type * as vscode from 'vscode';
import type { Logger } from '../core/log';
import type { SnowflakeClient } from '../core/snowflake/client';
import type { ConnectionEnvironment, ResolvedConnection } from '../core/snowflake/connections';
import type { SnowflakeDeployConfig } from '../core/snowflake/deploy-config';
import type { GraphRunRow } from '../core/snowflake/history';
import type { WarehouseSnapshot } from '../core/warehouse-snapshot';
import type { RunHistoryData, TraceDetail, TraceSummary } from '../shared/webview-protocol';
import type { WaitOptions } from '../core/snowflake/operate';
import { registerSecretEverywhere, snowflake } from './load-heavy';
import type { SecretStore } from './secrets';

/** Secret keys of a connection, as connections.toml names them. */
export const CONNECTION_SECRET_KEYS = ['password', 'token', 'private_key_file_pwd'] as const;
export type ConnectionSecretKey = (typeof CONNECTION_SECRET_KEYS)[number];

/** Where a connection's secret lives in VS Code's SecretStorage. */
export const connectionSecretKey = (connection: string, key: ConnectionSecretKey) => `retailPipeline.snowflake/${connection}/${key}`;

export interface SnowflakeSessionDeps {
  readonly logger: Logger;
  readonly secrets: SecretStore;
  /** Where connections.toml is looked up (default: this process's environment). */
  readonly environment?: () => ConnectionEnvironment;
  /** Called once a login succeeded: views that never log in themselves (the tree) can now read
   *  the account, so they redraw (a panel's login would otherwise leave the tree on "never run"). */
  readonly onConnected?: () => void;
}

export class SnowflakeSession implements vscode.Disposable {
  readonly kind = 'snowflake' as const;
  private connecting?: Promise<SnowflakeClient>;
  private disposed = false;

  constructor(
    readonly workspace: string,
    /** undefined: the default connection of connections.toml / config.toml. */
    readonly connectionName: string | undefined,
    readonly config: SnowflakeDeployConfig,
    private readonly deps: SnowflakeSessionDeps,
  ) {}

  get label(): string {
    return `snowflake (${this.connectionName ?? 'default connection'})`;
  }

  /** True once a client was asked for (the account may have been contacted). */
  get connected(): boolean {
    return this.connecting !== undefined;
  }

  /** The named connection resolved, with the secrets from secret storage filled in. */
  async resolve(): Promise<ResolvedConnection> {
    const h = snowflake();
    const base = this.deps.environment?.() ?? h.processEnvironment();
    const name = this.connectionName ?? h.listConnections(base).defaultName;
    const env: Record<string, string | undefined> = { ...base.env };
    for (const key of CONNECTION_SECRET_KEYS) {
      const value = await this.deps.secrets.get(connectionSecretKey(name, key));
      if (!value) continue;
      registerSecretEverywhere(value);
      env[h.connectionEnvKey(name, key)] = value;
    }
    const resolved = h.resolveConnection(name, { ...base, env });
    // The core registered the file's secrets in the Snowflake bundle's redact(); the log channel
    // redacts with the activation bundle's copy.
    for (const v of [resolved.options.password, resolved.options.token, resolved.options.privateKeyPass]) registerSecretEverywhere(v);
    return resolved;
  }

  /** The session's client, connecting on first use. A failed login is not cached. */
  client(): Promise<SnowflakeClient> {
    if (this.disposed) return Promise.reject(new Error('the Snowflake session was closed (target switched)'));
    if (!this.connecting) {
      this.connecting = (async () => {
        const conn = await this.resolve();
        for (const w of conn.warnings) this.deps.logger.log('WARN', w);
        this.deps.logger.log('INFO', `connecting to Snowflake account ${conn.options.account} (connection "${conn.name}", ${conn.options.authenticator})`);
        // The pipeline's warehouse when the connection names none: INFORMATION_SCHEMA reads need one (as the CLI does).
        const client = await snowflake().SnowflakeClient.connect({ warehouse: this.config.warehouse.toUpperCase(), ...conn.options }, this.deps.logger);
        if (!this.disposed) this.deps.onConnected?.();
        return client;
      })();
      this.connecting.catch(() => { this.connecting = undefined; });
    }
    return this.connecting;
  }

  // ---- Operations (the core's operate.ts on this session's client), for commands and other views.

  /** EXECUTE TASK on the root; with `wait`, polls graph history until that run finished. */
  async executeGraph(wait?: WaitOptions): Promise<GraphRunRow | undefined> {
    return snowflake().startGraphRun(await this.client(), this.config, 'execute', wait);
  }

  /** EXECUTE TASK … RETRY LAST: re-runs the failed and skipped tasks of the last graph run. */
  async retryFailed(wait?: WaitOptions): Promise<GraphRunRow | undefined> {
    return snowflake().startGraphRun(await this.client(), this.config, 'retry', wait);
  }

  /** CALL the data validation task's procedure now (the expectation suites on the account). */
  async validate(): Promise<unknown> {
    return this.callTask('data_validation_task');
  }

  /** CALL one task's procedure now; returns its return value. */
  async callTask(task: string): Promise<unknown> {
    return snowflake().callStep(await this.client(), this.config, task);
  }

  async suspendGraph(): Promise<void> {
    await snowflake().suspendGraph(await this.client(), this.config);
  }

  async resumeGraph(): Promise<void> {
    await snowflake().resumeGraph(await this.client(), this.config);
  }

  async graphRuns(limit = 20): Promise<GraphRunRow[]> {
    return snowflake().listGraphRuns(await this.client(), this.config, limit);
  }

  // ---- Reads for the views, in the local readers' shapes (core/snowflake/panel-data.ts).

  /** The Run History panel's data: the newest `limit` graph runs and their task runs. */
  async runHistory(limit = 500): Promise<RunHistoryData> {
    return snowflake().loadRunHistorySnowflake(await this.client(), this.config, limit);
  }

  async traces(): Promise<TraceSummary[]> {
    return snowflake().listTracesSnowflake(await this.client(), this.config);
  }

  async trace(traceId: string): Promise<TraceDetail> {
    return snowflake().loadTraceSnowflake(await this.client(), this.config, traceId);
  }

  /** The Pipeline tree's snapshot (row counts, last runs, last updated) from metadata. */
  async snapshot(): Promise<WarehouseSnapshot> {
    return snowflake().readSnowflakeSnapshot(await this.client(), this.config);
  }

  /** Destroys the connection (a logout at Snowflake); later calls fail. Resolves when it is gone. */
  async close(): Promise<void> {
    this.disposed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    if (!pending) return;
    try {
      await (await pending).destroy();
    } catch {
      // It never connected: nothing to close.
    }
  }

  dispose(): void {
    void this.close();
  }
}
