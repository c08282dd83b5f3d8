// `retail-pipeline diff --connection NAME`: what a deploy would change on the account, from
// SHOW / INFORMATION_SCHEMA compared with the deploy plan. Exit code 1 when anything differs
// (like diff(1)), so CI can check a deployment is current.
import { resolve } from 'node:path';
import { detectDrift } from '../../core/snowflake/drift';
import { buildDeployPlan, DEPLOY_PARTS, type DeployPart } from '../../core/snowflake/plan';
import { parse, UsageError } from '../args';
import type { CommandContext } from '../main';
import { SENTIMENT_OPTIONS, SENTIMENT_USAGE, sentimentOption } from '../sentiment-options';
import { deployConfigFrom, LOCATION_OPTIONS, withConnection } from './snowflake';

export const diffCommand = {
  name: 'diff',
  summary: `diff [--connection NAME] [--only ${DEPLOY_PARTS.join('|')}[,…]] [--json] [--database DB --schema S --warehouse WH …] ${SENTIMENT_USAGE}  what a deploy would change on the account (exit 1 when anything differs)`,
  async run(argv: string[], ctx: CommandContext): Promise<number> {
    const { values } = parse(argv, { ...LOCATION_OPTIONS, ...SENTIMENT_OPTIONS, only: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } });
    const only = values.only ? String(values.only).split(',').map((p) => p.trim()) : undefined;
    const bad = only?.filter((p) => !(DEPLOY_PARTS as readonly string[]).includes(p));
    if (bad?.length) throw new UsageError(`--only: unknown part(s) ${bad.join(', ')}; expected ${DEPLOY_PARTS.join(', ')}`);
    const config = deployConfigFrom(values);
    const plan = buildDeployPlan({
      config, only: (only as DeployPart[] | undefined) ?? DEPLOY_PARTS.filter((p) => p !== 'admin'),
      dataDir: resolve(ctx.workspace(values), (values.data as string | undefined) ?? 'sample_data'),
      sentiment: sentimentOption(values),
    });
    const items = await withConnection(values, ctx, (client) => detectDrift(client, config, plan), { warehouse: config.warehouse.toUpperCase() });
    const changed = items.filter((i) => i.change !== 'none');
    if (values.json) {
      ctx.out(JSON.stringify(items) + '\n');
      return changed.length ? 1 : 0;
    }
    const lines = changed.map((i) => {
      const head = `${i.change === 'create' ? '+ create' : '~ update'}  ${i.kind} ${i.name}`;
      const note = i.deployFixes ? '' : '  (deploy leaves it: CREATE … IF NOT EXISTS; change it by hand or drop it first)';
      return [head + note, ...i.details.map((d) => `      ${d}`)].join('\n');
    });
    const n = (c: string) => items.filter((i) => i.change === c).length;
    lines.push(`${n('none')} objects as planned, ${n('create')} to create, ${n('update')} to update`);
    ctx.out(lines.join('\n') + '\n');
    return changed.length ? 1 : 0;
  },
};
