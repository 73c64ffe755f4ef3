import { Router } from '@koa/router';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { uuidPattern, type RawQuery } from '../http/parseQuery';
import { parseListQuery } from './parseListQuery';
import { parseJobQuery } from './parseJobQuery';
import type { JobQueries, ReadFrom } from './queries';
import type { JobChangeFeed } from '../stream/jobChangeFeed';

/**
 * GET /v1/jobs (filtered, keyset-paginated list) and GET /v1/jobs/:id (job and timeline) (public). With
 * `?asOf=<ISO>` both read the as-of snapshot built for that instant (`npm run replay -- as-of`); 400 when
 * none was built. `snapshotSchema` comes with createJobQueries; without it no snapshot is served.
 * `GET /v1/jobs/:id?waitMs=` reads your own writes: a job not projected yet (just submitted) is awaited
 * up to that long, woken by the projector's change notifications, before the answer is 404.
 */
export function jobRoutes(deps: {
  jobs: Pick<JobQueries, 'list' | 'get'> & Partial<Pick<JobQueries, 'snapshotSchema'>>;
  feed?: Pick<JobChangeFeed, 'subscribe'>;
}): Router {
  const router = new Router();
  const readFrom = async (asOf: number | null): Promise<ReadFrom> => {
    if (asOf === null) return {};
    const schema = await deps.jobs.snapshotSchema?.(asOf);
    if (!schema) {
      throw new ValidationError('no as-of snapshot for that time', [{ path: 'asOf', message: `no snapshot was built for ${new Date(asOf).toISOString()}; build one with npm run replay -- as-of, list them at GET /v1/replays/snapshots` }]);
    }
    return { schema };
  };
  router.get('/v1/jobs', async (ctx) => {
    const query = parseListQuery(ctx.query as RawQuery);
    ctx.body = await deps.jobs.list(query, await readFrom(query.asOf));
  });
  router.get('/v1/jobs/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid job id', [{ path: 'id', message: 'must be a UUID' }]);
    const q = parseJobQuery(ctx.query as RawQuery);
    const from = await readFrom(q.asOf);
    const jobId = id.toLowerCase();
    let job = await deps.jobs.get(jobId, from);
    if (!job && q.waitMs > 0 && q.asOf === null && deps.feed) job = await waitForJob(deps.feed, () => deps.jobs.get(jobId, from), jobId, q.waitMs);
    if (!job) throw new NotFoundError(`job ${id} not found`);
    ctx.body = job;
  });
  return router;
}

/** Waits until the projector notifies a change of `jobId` (then reads it) or `waitMs` passes. */
function waitForJob<T>(feed: Pick<JobChangeFeed, 'subscribe'>, read: () => Promise<T | null>, jobId: string, waitMs: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (value: Promise<T | null>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      value.then(resolve, reject);
    };
    const unsubscribe = feed.subscribe((item) => {
      if (item.change.jobId === jobId) finish(read());
    });
    // One more read after subscribing: the job may have been projected in between.
    void read().then((job) => { if (job) finish(Promise.resolve(job)); }, (err: unknown) => finish(Promise.reject(err)));
    const timer = setTimeout(() => finish(read()), waitMs);
  });
}
