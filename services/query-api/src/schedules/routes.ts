import { Router } from '@koa/router';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import { afterPosition } from '../positions/afterPosition';
import type { PositionWaiter } from '../positions/createPositionWaiter';
import { decodeScheduleCursor, type ScheduleQueries } from './queries';

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
}).strict();

export interface ScheduleRoutesDeps {
  schedules: Pick<ScheduleQueries, 'list' | 'get'>;
  /** Serves `?after=` (read your own writes) against the `schedules` projection. */
  positions?: Pick<PositionWaiter, 'waitFor'>;
}

/**
 * GET /v1/schedules (newest first, keyset-paginated, each with its next 5 fire times and last fire) and
 * GET /v1/schedules/:id (with its last 50 runs and their jobs' status, newest first) (public).
 */
export function scheduleRoutes(deps: ScheduleRoutesDeps): Router {
  const queries = deps.schedules;
  const after = afterPosition(deps.positions, 'schedules');
  const router = new Router();
  router.get('/v1/schedules', after, async (ctx) => {
    const q = parseQuery(listSchema, ctx.query as RawQuery);
    const cursor = q.cursor === undefined ? null : decodeScheduleCursor(q.cursor);
    if (q.cursor !== undefined && !cursor) throw new ValidationError('invalid query parameters', [{ path: 'cursor', message: 'not a cursor of this list' }]);
    ctx.body = await queries.list({ limit: q.limit, cursor });
  });
  router.get('/v1/schedules/:id', after, async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid schedule id', [{ path: 'id', message: 'must be a UUID' }]);
    const schedule = await queries.get(id.toLowerCase());
    if (!schedule) throw new NotFoundError(`schedule ${id} not found`);
    ctx.body = schedule;
  });
  return router;
}
