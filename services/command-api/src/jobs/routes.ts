import { Router } from '@koa/router';
import { z } from 'zod';
import type { JobTypeRegistry } from '@conveyor/job-types';
import { parseJsonBody } from '../http/parseJsonBody';
import { setPositionHeader } from '../http/setPositionHeader';
import type { JobService } from './jobService';
import { readRequestMeta } from './readRequestMeta';

export interface JobRoutesOptions {
  jobs: Pick<JobService, 'submit' | 'submitBatch' | 'cancel'>;
  jobTypes: JobTypeRegistry;
  /** Body limits in bytes: single requests, and POST /v1/jobs/batch. */
  limits: { body: number; batchBody: number };
}

/** The job type catalog as GET /v1/job-types serves it: payload schemas as JSON Schema (input side). */
export function jobTypeCatalog(jobTypes: JobTypeRegistry) {
  return {
    items: jobTypes.list().map((def) => ({
      type: def.type,
      description: def.description,
      sideEffects: def.sideEffects,
      defaults: def.defaults ?? {},
      payloadSchema: z.toJSONSchema(def.payload, { io: 'input' }),
    })),
  };
}

/** The command routes (public): submit, batch submit, cancel (each answering `Conveyor-Position`), and the job type catalog. */
export function jobRoutes(options: JobRoutesOptions): Router {
  const { jobs, limits } = options;
  const catalog = jobTypeCatalog(options.jobTypes);
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
    const { jobIds, positions } = await jobs.submitBatch(await parseJsonBody(ctx, { limit: limits.batchBody }), meta);
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

  router.get('/v1/job-types', (ctx) => {
    ctx.body = catalog;
  });

  return router;
}
