import { resolve } from 'node:path';
import { registerSecret } from '../../core/secrets/redact';
import { runDeployPlan, requiredSecrets } from '../../core/snowflake/deploy-run';
import { detectDrift, skipUnchanged } from '../../core/snowflake/drift';
import { buildDeployPlan, DEPLOY_PARTS, renderPlanScript, type DeployPart } from '../../core/snowflake/plan';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { SENTIMENT_OPTIONS, SENTIMENT_USAGE, sentimentOption } from '../sentiment-options';
import { deployConfigFrom, LOCATION_OPTIONS, withConnection } from './snowflake';
import { formatDuration } from '../../shared/duration';

/** MySQL credentials for the integrations part's CREATE SECRET: RETAIL_MYSQL_USER and
 * RETAIL_MYSQL_PASSWORD, else the user and password of RETAIL_MYSQL_URL. Environment only: a
 * password on the command line would show in the process list and shell history. */
export function mysqlSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  let url: URL | undefined;
  try {
    url = env.RETAIL_MYSQL_URL ? new URL(env.RETAIL_MYSQL_URL) : undefined;
  } catch {
    throw new UsageError('RETAIL_MYSQL_URL expects a URL like mysql://user:password@host:3306/retail_db');
  }
  const user = env.RETAIL_MYSQL_USER ?? (url?.username ? decodeURIComponent(url.username) : undefined);
  const password = env.RETAIL_MYSQL_PASSWORD ?? (url?.password ? decodeURIComponent(url.password) : undefined);
  if (user) out.mysql_user = user;
  if (password) {
    registerSecret(password);
    out.mysql_password = password;
  }
  return out;
}

export const deployCommand = {
  name: 'deploy',
  summary: `deploy (--dry-run | --connection NAME [--skip-unchanged]) [--only ${DEPLOY_PARTS.join('|')}[,…]] [--data DIR] [--database DB --schema S --warehouse WH --role R --external-volume V --event-table DB.S.T --mysql-host HOST:PORT --deploy-user USER] ${SENTIMENT_USAGE}  print the Snowflake deploy plan, or run it on an account (MySQL credentials from RETAIL_MYSQL_USER/RETAIL_MYSQL_PASSWORD or RETAIL_MYSQL_URL; the admin part runs only when --only names it and grants the pipeline role to --deploy-user, else to the user running it; parts deployed without setup first USE the pipeline's role, warehouse, database and schema)`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { ...LOCATION_OPTIONS, ...SENTIMENT_OPTIONS, 'dry-run': { type: 'boolean' }, only: { type: 'string' }, data: { type: 'string' }, 'skip-unchanged': { type: 'boolean' } });
    const only = values.only ? String(values.only).split(',').map((p) => p.trim()) : undefined;
    const bad = only?.filter((p) => !(DEPLOY_PARTS as readonly string[]).includes(p));
    if (bad?.length) throw new UsageError(`--only: unknown part(s) ${bad.join(', ')}; expected ${DEPLOY_PARTS.join(', ')}`);
    const config = deployConfigFrom(values);
    const sentiment = sentimentOption(values);
    const dataDir = resolve(ctx.workspace(values), (values.data as string | undefined) ?? 'sample_data');
    if (values['dry-run']) {
      ctx.out(renderPlanScript(buildDeployPlan({ config, only: only as DeployPart[] | undefined, dataDir, sentiment })));
      return 0;
    }
    if (!values.connection) ctx.logger.log('INFO', 'no --connection given: deploying with the default Snowflake connection (use --dry-run to only print the plan)');
    // The admin part needs ACCOUNTADMIN: it is handed to an administrator unless asked for.
    const parts = (only as DeployPart[] | undefined) ?? DEPLOY_PARTS.filter((p) => p !== 'admin');
    const plan = buildDeployPlan({ config, only: parts, dataDir, sentiment });
    const secrets = mysqlSecretsFromEnv();
    const missing = requiredSecrets(plan).filter((n) => !secrets[n]);
    if (missing.length) {
      throw new UsageError(`the integrations part needs the MySQL credentials for the Snowflake secret (${missing.map((m) => `:${m}`).join(', ')}): set RETAIL_MYSQL_USER and RETAIL_MYSQL_PASSWORD (or RETAIL_MYSQL_URL), or leave the part out with --only`);
    }
    if (!only) ctx.logger.log('INFO', 'the admin part is not run (it needs ACCOUNTADMIN): print it with `deploy --dry-run --only admin` and hand it to an administrator, or run it with --only admin');
    const result = await withConnection(values, ctx, async (client) => {
      let todo = plan;
      if (values['skip-unchanged']) {
        // Compare first; CREATE OR REPLACE of an identical task would still reset it. A drifted
        // task is changed in place or re-created with its descendants (drift.ts skipUnchanged).
        const s = skipUnchanged(plan, await detectDrift(client, config, plan));
        ctx.logger.log('INFO', `--skip-unchanged: ${s.skipped.length} statements skipped (procedures and tasks deployed as planned${s.skipped.some((x) => x.part === 'tasks' && !/^CREATE/.test(x.sql)) ? '; the task graph is left running' : ''})`);
        todo = s.plan;
      }
      return runDeployPlan(client, todo, {
        secrets, logger: ctx.logger,
        onProgress: (p) => ctx.logger.log('INFO', `[${p.index + 1}/${p.total}] ${p.statement.part}: ${p.statement.summary} (${p.ms} ms)`),
      });
    });
    ctx.logger.log('INFO', `deployed: ${result.executed} statements in ${formatDuration(result.ms)}`);
    return 0;
  },
};
