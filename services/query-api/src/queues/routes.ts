import { Router } from '@koa/router';
import { z } from 'zod';
import { parseQuery, type RawQuery } from '../http/parseQuery';
import { afterPosition } from '../positions/afterPosition';
import type { PositionWaiter } from '../positions/createPositionWaiter';
import type { QueueQueries } from './queries';

/**
 * GET /v1/queues (public): every queue with whether it is paused, its workers, types, waiting jobs and throughput;
 * `?after=` (the Conveyor-Position of a pause or resume) waits for the queue-states projection.
 */
export function queueRoutes(deps: { queues: Pick<QueueQueries, 'list'>; positions?: Pick<PositionWaiter, 'waitFor'> }): Router {
  const router = new Router();
  router.get('/v1/queues', afterPosition(deps.positions, 'queue_states'), async (ctx) => {
    parseQuery(z.object({}).strict(), ctx.query as RawQuery);
    ctx.body = await deps.queues.list();
  });
  return router;
}
