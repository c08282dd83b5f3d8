// Executes a deploy plan on an account: statement by statement, in order, with progress, and
// stops at the first error naming the statement and Snowflake's message. Secret placeholders
// are filled only in the text sent; progress lines and errors show the plan's text.
import type { Logger } from '../log';
import { registerSecret } from '../secrets/redact';
import { SnowflakeStatementError, type SnowflakeClient } from './client';
import type { PlanStatement } from './plan';

export interface DeployProgress {
  readonly index: number;
  readonly total: number;
  readonly statement: PlanStatement;
  readonly ms: number;
}

export interface DeployRunOptions {
  /** Values for the plan's secret placeholders (e.g. mysql_user, mysql_password). */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly onProgress?: (p: DeployProgress) => void;
  readonly signal?: AbortSignal;
}

export class DeployError extends Error {
  constructor(
    readonly index: number,
    readonly total: number,
    readonly statement: PlanStatement,
    override readonly cause: SnowflakeStatementError,
  ) {
    super(`deploy stopped at statement ${index + 1} of ${total} (${statement.part}: ${statement.summary}): `
      + `${cause.fromServer ? 'Snowflake' : 'driver'} error${cause.code ? ` ${cause.code}` : ''}: ${cause.snowflakeMessage}\n`
      + `statement:\n${excerpt(statement.sql)}`);
    this.name = 'DeployError';
  }
}

/** The first lines of a statement for an error message (placeholders, never secret values). */
function excerpt(sql: string, lines = 8): string {
  const all = sql.split('\n');
  return all.slice(0, lines).map((l) => `  ${l}`).join('\n') + (all.length > lines ? `\n  … (${all.length - lines} more lines)` : '');
}

/** Every placeholder the plan needs, so a missing value is reported before anything runs. */
export function requiredSecrets(plan: readonly PlanStatement[]): string[] {
  return [...new Set(plan.flatMap((s) => s.secrets ?? []))];
}

export async function runDeployPlan(client: SnowflakeClient, plan: readonly PlanStatement[], o: DeployRunOptions): Promise<{ executed: number; ms: number }> {
  const secrets = o.secrets ?? {};
  const missing = requiredSecrets(plan).filter((n) => secrets[n] === undefined || secrets[n] === '');
  if (missing.length) throw new Error(`the plan needs values for ${missing.map((m) => `:${m}`).join(', ')} (see deploy --help)`);
  for (const v of Object.values(secrets)) registerSecret(v);
  const started = Date.now();
  for (let i = 0; i < plan.length; i++) {
    o.signal?.throwIfAborted();
    const st = plan[i];
    const t0 = Date.now();
    const own = Object.fromEntries((st.secrets ?? []).map((n) => [n, secrets[n]]));
    try {
      await client.execute(st.sql, { secrets: own, summary: `${st.part}: ${st.summary}` });
    } catch (e) {
      if (e instanceof SnowflakeStatementError) throw new DeployError(i, plan.length, st, e);
      throw e;
    }
    o.onProgress?.({ index: i, total: plan.length, statement: st, ms: Date.now() - t0 });
  }
  return { executed: plan.length, ms: Date.now() - started };
}
