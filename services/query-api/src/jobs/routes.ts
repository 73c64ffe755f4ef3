import { Router } from '@koa/router';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { uuidPattern, type RawQuery } from '../http/parseQuery';
import { parseListQuery } from './parseListQuery';
import { parseJobQuery } from './parseJobQuery';
import type { JobQueries, ReadFrom } from './queries';
import { afterPosition } from '../positions/afterPosition';
import type { PositionWaiter } from '../positions/createPositionWaiter';

/**
 * GET /v1/jobs (filtered, keyset-paginated list) and GET /v1/jobs/:id (job and timeline) (public). With
 * `?asOf=<ISO>` both read the as-of snapshot built for that instant (`npm run replay -- as-of`); 400 when
 * none was built. `snapshotSchema` comes with createJobQueries; without it no snapshot is served.
 * Both read your own writes with `?after=<Conveyor-Position>` (see afterPosition): the answer waits until
 * the `jobs` projection has passed the command's events.
 */
export function jobRoutes(deps: {
  jobs: Pick<JobQueries, 'list' | 'get'> & Partial<Pick<JobQueries, 'snapshotSchema'>>;
  /** Serves `?after=`; without it the parameter is accepted and not waited on. */
  positions?: Pick<PositionWaiter, 'waitFor'>;
}): Router {
  const router = new Router();
  const after = afterPosition(deps.positions, 'jobs');
  const readFrom = async (asOf: number | null): Promise<ReadFrom> => {
    if (asOf === null) return {};
    const schema = await deps.jobs.snapshotSchema?.(asOf);
    if (!schema) {
      throw new ValidationError('no as-of snapshot for that time', [{ path: 'asOf', message: `no snapshot was built for ${new Date(asOf).toISOString()}; build one with npm run replay -- as-of, list them at GET /v1/replays/snapshots` }]);
    }
    return { schema };
  };
  router.get('/v1/jobs', after, async (ctx) => {
    const query = parseListQuery(ctx.query as RawQuery);
    // The body is JSON text written by Postgres (createJobQueries), sent as it is.
    ctx.type = 'application/json';
    ctx.body = await deps.jobs.list(query, await readFrom(query.asOf));
  });
  router.get('/v1/jobs/:id', after, async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid job id', [{ path: 'id', message: 'must be a UUID' }]);
    const q = parseJobQuery(ctx.query as RawQuery);
    const from = await readFrom(q.asOf);
    const jobId = id.toLowerCase();
    const job = await deps.jobs.get(jobId, from);
    if (job === null) throw new NotFoundError(`job ${id} not found`);
    ctx.type = 'application/json';
    ctx.body = job;
  });
  return router;
}
