// The Snowflake target's session: the core's SnowflakeTarget (one client opened on first use and
// destroyed when the session goes: target switch, a changed setting, deactivation) with the
// extension's way to log in. snowflake-sdk comes from the Snowflake bundle
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
import { SnowflakeTarget } from '../core/targets/snowflake/snowflake-target';
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

export class SnowflakeSession extends SnowflakeTarget implements vscode.Disposable {
  constructor(
    readonly workspace: string,
    /** undefined: the default connection of connections.toml / config.toml. */
    connectionName: string | undefined,
    config: SnowflakeDeployConfig,
    private readonly deps: SnowflakeSessionDeps,
  ) {
    super({ connectionName, config, logger: deps.logger, onConnected: deps.onConnected }, () => snowflake().SNOWFLAKE_DRIVER);
  }

  get config(): SnowflakeDeployConfig {
    return this.account.config;
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

  protected override async openClient(): Promise<SnowflakeClient> {
    const conn = await this.resolve();
    for (const w of conn.warnings) this.deps.logger.log('WARN', w);
    this.deps.logger.log('INFO', `connecting to Snowflake account ${conn.options.account} (connection "${conn.name}", ${conn.options.authenticator})`);
    // The pipeline's warehouse when the connection names none: INFORMATION_SCHEMA reads need one (as the CLI does).
    return snowflake().SnowflakeClient.connect({ warehouse: this.config.warehouse.toUpperCase(), ...conn.options }, this.deps.logger);
  }

  /** EXECUTE TASK on the root, submitted only; with `wait`, polls graph history until that run finished. */
  async executeGraph(wait?: WaitOptions): Promise<GraphRunRow | undefined> {
    return snowflake().startGraphRun(await this.client(), this.config, 'execute', wait);
  }

  /** EXECUTE TASK … RETRY LAST: re-runs the failed and skipped tasks of the last graph run. */
  async retryFailed(wait?: WaitOptions): Promise<GraphRunRow | undefined> {
    return snowflake().startGraphRun(await this.client(), this.config, 'retry', wait);
  }

  suspendGraph(): Promise<void> {
    return this.account.suspendGraph();
  }

  resumeGraph(): Promise<void> {
    return this.account.resumeGraph();
  }

  graphRuns(limit = 20): Promise<GraphRunRow[]> {
    return this.account.graphRuns(limit);
  }

  dispose(): void {
    void this.close();
  }
}
