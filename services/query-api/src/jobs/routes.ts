import { Router } from '@koa/router';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { uuidPattern, type RawQuery } from '../http/parseQuery';
import { parseListQuery } from './parseListQuery';
import type { JobQueries } from './queries';

/** GET /v1/jobs (filtered, keyset-paginated list) and GET /v1/jobs/:id (job and timeline) (public). */
export function jobRoutes(deps: { jobs: Pick<JobQueries, 'list' | 'get'> }): Router {
  const router = new Router();
  router.get('/v1/jobs', async (ctx) => {
    ctx.body = await deps.jobs.list(parseListQuery(ctx.query as RawQuery));
  });
  router.get('/v1/jobs/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid job id', [{ path: 'id', message: 'must be a UUID' }]);
    const job = await deps.jobs.get(id.toLowerCase());
    if (!job) throw new NotFoundError(`job ${id} not found`);
    ctx.body = job;
  });
  return router;
}
