import { Router } from '@koa/router';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import type { ReplayQueries } from './queries';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(uuidPattern, 'must be a cursor from nextCursor').optional(),
});

/**
 * GET /v1/replays (runs newest first: status, progress, report), GET /v1/replays/:id and
 * GET /v1/replays/snapshots (as-of snapshots served by GET /v1/jobs?asOf=) (public). Runs are requested
 * by POST /v1/admin/replays on the command API or `npm run replay`, and run by the processors.
 */
export function replayRoutes(deps: { replays: Pick<ReplayQueries, 'list' | 'get' | 'snapshots'> }): Router {
  const queries = deps.replays;
  const router = new Router();
  router.get('/v1/replays', async (ctx) => {
    const q = parseQuery(listQuery, ctx.query as RawQuery);
    ctx.body = await queries.list({ limit: q.limit, cursor: q.cursor?.toLowerCase() ?? null });
  });
  router.get('/v1/replays/snapshots', async (ctx) => {
    ctx.body = { items: await queries.snapshots() };
  });
  router.get('/v1/replays/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid replay id', [{ path: 'id', message: 'must be a UUID' }]);
    const run = await queries.get(id.toLowerCase());
    if (!run) throw new NotFoundError(`replay ${id} not found`);
    ctx.body = run;
  });
  return router;
}
