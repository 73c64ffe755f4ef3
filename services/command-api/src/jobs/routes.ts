import { Router } from '@koa/router';
import type { JobTypeRegistry } from '@conveyor/job-types';
import { describeJobType } from '@conveyor/job-types/catalog';
import type { RateLimiter } from '@conveyor/rate-limit';
import { parseJsonBody } from '../http/parseJsonBody';
import { setPositionHeader } from '../http/setPositionHeader';
import type { CatalogListItem, JobTypeCatalog } from './createJobTypeCatalog';
import type { JobService } from './jobService';
import { readRequestMeta } from './readRequestMeta';

export interface JobRoutesOptions {
  jobs: Pick<JobService, 'submit' | 'submitBatch' | 'cancel'>;
  /** The catalog (compiled types and those registered at run time), or the compiled types alone. */
  jobTypes: JobTypeRegistry | JobTypeCatalog;
  /** Charges a batch one `submit` token per job, after it is parsed and before it is published. */
  limiter?: Pick<RateLimiter, 'admit'>;
  /** Body limits in bytes: single requests, and POST /v1/jobs/batch. */
  limits: { body: number; batchBody: number };
}

/** The job types as GET /v1/job-types serves them: payload schemas as JSON Schema (input side), each type's latest version and queue. */
export async function jobTypeCatalog(jobTypes: JobTypeRegistry | JobTypeCatalog): Promise<{ items: CatalogListItem[] }> {
  return { items: 'describeAll' in jobTypes ? await jobTypes.describeAll() : jobTypes.list().map((def) => describeJobType(def)) };
}

/** The command routes (public): submit, batch submit, cancel (each answering `Conveyor-Position`), and the job type catalog. */
export function jobRoutes(options: JobRoutesOptions): Router {
  const { jobs, limits } = options;
  const router = new Router();

  router.post('/v1/jobs', async (ctx) => {
    const meta = readRequestMeta(ctx);
    const { jobId, positions } = await jobs.submit(await parseJsonBody(ctx, { limit: limits.body }), meta);
    ctx.status = 202;
    setPositionHeader(ctx, positions);
    ctx.body = { jobId, status: 'accepted' };
  });

  router.post('/v1/jobs/batch', async (ctx) => {
    const meta = readRequestMeta(ctx);
    const { limiter } = options;
    const admit = limiter ? (jobCount: number) => limiter.admit(ctx, 'submit', jobCount) : undefined;
    const { jobIds, positions } = await jobs.submitBatch(await parseJsonBody(ctx, { limit: limits.batchBody }), meta, admit);
    ctx.status = 202;
    setPositionHeader(ctx, positions);
    ctx.body = { jobIds, status: 'accepted' };
  });

  router.post('/v1/jobs/:id/cancel', async (ctx) => {
    const meta = readRequestMeta(ctx);
    const { jobId, positions } = await jobs.cancel(ctx.params.id ?? '', await parseJsonBody(ctx, { limit: limits.body }), meta);
    ctx.status = 202;
    setPositionHeader(ctx, positions);
    ctx.body = { jobId, status: 'cancel-accepted' };
  });

  router.get('/v1/job-types', async (ctx) => {
    ctx.body = await jobTypeCatalog(options.jobTypes);
  });

  return router;
}
