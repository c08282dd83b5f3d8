import { resolve } from 'node:path';
import { CORTEX_SENTIMENT_THRESHOLDS } from '../../core/ai/sentiment';
import { resolveDeployConfig } from '../../core/snowflake/deploy-config';
import { buildDeployPlan, DEPLOY_PARTS, renderPlanScript, type DeployPart } from '../../core/snowflake/plan';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';

export const deployCommand = {
  name: 'deploy',
  summary: `deploy --dry-run [--only ${DEPLOY_PARTS.join('|')}[,…]] [--data DIR] [--database DB --schema S --warehouse WH --role R --external-volume V --event-table DB.S.T --mysql-host HOST:PORT]  print the Snowflake deploy plan`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, {
      'dry-run': { type: 'boolean' }, only: { type: 'string' }, data: { type: 'string' }, connection: { type: 'string' },
      database: { type: 'string' }, schema: { type: 'string' }, warehouse: { type: 'string' }, role: { type: 'string' },
      'external-volume': { type: 'string' }, 'event-table': { type: 'string' }, 'mysql-host': { type: 'string' },
    });
    const only = values.only ? String(values.only).split(',').map((p) => p.trim()) : undefined;
    const bad = only?.filter((p) => !(DEPLOY_PARTS as readonly string[]).includes(p));
    if (bad?.length) throw new UsageError(`--only: unknown part(s) ${bad.join(', ')}; expected ${DEPLOY_PARTS.join(', ')}`);
    const config = resolveDeployConfig({
      database: values.database as string | undefined, schema: values.schema as string | undefined,
      warehouse: values.warehouse as string | undefined, role: values.role as string | undefined,
      externalVolume: values['external-volume'] as string | undefined, eventTable: values['event-table'] as string | undefined,
      mysqlHostPort: values['mysql-host'] as string | undefined,
    });
    const plan = buildDeployPlan({
      config, sentiment: CORTEX_SENTIMENT_THRESHOLDS, only: only as DeployPart[] | undefined,
      dataDir: resolve(ctx.workspace(values), (values.data as string | undefined) ?? 'sample_data'),
    });
    if (!values['dry-run']) {
      throw new UsageError('deploying to an account is not available in this version: use --dry-run to print the plan and run it with your Snowflake tools');
    }
    ctx.out(renderPlanScript(plan));
    return 0;
  },
};
