import { Router } from '@koa/router';
import { parseJsonBody } from '../http/parseJsonBody';
import { readRequestMeta } from '../jobs/readRequestMeta';
import type { DeadLetterService } from './deadLetterService';

/**
 * The dead-letter commands (public): POST /v1/dead-letters/:id/requeue, POST /v1/dead-letters/requeue
 * (by filter, returns the count), POST /v1/dead-letters/:id/discard; all 202 once Kafka acknowledged.
 * `:id` is a dead-letter id, or a job id (its newest letter), as the dashboard sends.
 */
export function deadLetterRoutes(deps: { service: Pick<DeadLetterService, 'requeue' | 'requeueByFilter' | 'discard'>; bodyLimit: number }): Router {
  const router = new Router();
  const body = (ctx: Parameters<typeof parseJsonBody>[0]) => parseJsonBody(ctx, { limit: deps.bodyLimit });
  router.post('/v1/dead-letters/requeue', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const result = await deps.service.requeueByFilter(await body(ctx), actor);
    ctx.status = 202;
    ctx.body = { status: 'requeue-accepted', ...result };
  });
  router.post('/v1/dead-letters/:id/requeue', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const result = await deps.service.requeue(ctx.params.id ?? '', await body(ctx), actor);
    ctx.status = 202;
    ctx.body = { status: 'requeue-accepted', ...result };
  });
  router.post('/v1/dead-letters/:id/discard', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const result = await deps.service.discard(ctx.params.id ?? '', await body(ctx), actor);
    ctx.status = 202;
    ctx.body = { status: 'discard-accepted', ...result };
  });
  return router;
}
