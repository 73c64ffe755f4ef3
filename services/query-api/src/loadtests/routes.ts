import { Router } from '@koa/router';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import type { Pool } from '@conveyor/runtime';
import { uuidPattern, type RawQuery } from '../http/parseQuery';
import { parseLoadtestListQuery } from './parseLoadtestListQuery';
import { createLoadtestQueries, type LoadtestQueries } from './queries';

/**
 * GET /v1/loadtests (runs newest first, settings and summary, keyset-paginated) and GET /v1/loadtests/:id
 * (one run with its full results), for the dashboard. Runs are written by `npm run loadtest` (public).
 */
export function loadtestRoutes(deps: { pool: Pool } | { loadtests: Pick<LoadtestQueries, 'list' | 'get'> }): Router {
  const queries = 'loadtests' in deps ? deps.loadtests : createLoadtestQueries({ pool: deps.pool });
  const router = new Router();
  router.get('/v1/loadtests', async (ctx) => {
    ctx.body = await queries.list(parseLoadtestListQuery(ctx.query as RawQuery));
  });
  router.get('/v1/loadtests/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid load-test run id', [{ path: 'id', message: 'must be a UUID' }]);
    const run = await queries.get(id.toLowerCase());
    if (!run) throw new NotFoundError(`load-test run ${id} not found`);
    ctx.body = run;
  });
  return router;
}
