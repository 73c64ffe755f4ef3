import { Router } from '@koa/router';
import type { JobTypeQueries } from './queries';

/** GET /v1/job-types: the catalog, each type with its versions, queue, payload schema and the workers serving it (public). */
export function jobTypeRoutes(deps: { jobTypes: Pick<JobTypeQueries, 'list'> }): Router {
  const router = new Router();
  router.get('/v1/job-types', async (ctx) => {
    ctx.body = await deps.jobTypes.list();
  });
  return router;
}
