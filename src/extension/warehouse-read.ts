// Reads of the local warehouse for the panels and the target operations: the local session's
// warehouse, or an explanation that there is nothing to read yet (never creates the file).
import type { LocalWarehouse } from '../core/targets/local/warehouse';
import { UserError, type Ctx } from './ctx';
import { localSession } from './target-parts';

export async function withWarehouse<T>(ctx: Ctx, what: string, fn: (wh: LocalWarehouse) => Promise<T>): Promise<T> {
  const session = localSession(ctx, what);
  if (!session.warehouse.exists()) throw new UserError('No warehouse yet: run the pipeline first (Retail Pipeline: Run Pipeline).');
  return session.warehouse.use(fn);
}
