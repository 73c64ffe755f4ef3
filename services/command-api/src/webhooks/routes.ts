import { Router } from '@koa/router';
import { principalOf } from '@conveyor/auth';
import { NotFoundError } from '@conveyor/errors';
import { isUuid } from '@conveyor/runtime';
import { parseJsonBody } from '../http/parseJsonBody';
import { setPositionHeader } from '../http/setPositionHeader';
import type { WebhookService } from './webhookService';

/** A subscription id is a UUID; anything else cannot exist. */
const idOf = (id: string | undefined): string => {
  if (!isUuid(id)) throw new NotFoundError(`webhook subscription ${id ?? ''} does not exist`);
  return id.toLowerCase();
};

/**
 * The webhook commands (public, operator and admin by the permission table): POST /v1/webhooks (201, the
 * secret shown once), DELETE /v1/webhooks/:id (204), POST /v1/webhooks/:id/test (202, the test
 * delivery's job id); each answers `Conveyor-Position`.
 */
export function webhookRoutes(deps: { service: Pick<WebhookService, 'create' | 'delete' | 'test'>; bodyLimit: number }): Router {
  const router = new Router();
  router.post('/v1/webhooks', async (ctx) => {
    const { positions, ...created } = await deps.service.create(await parseJsonBody(ctx, { limit: deps.bodyLimit }), principalOf(ctx).id);
    setPositionHeader(ctx, positions);
    ctx.status = 201;
    ctx.set('Location', `/v1/webhooks/${created.id}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });
  router.delete('/v1/webhooks/:id', async (ctx) => {
    setPositionHeader(ctx, (await deps.service.delete(idOf(ctx.params.id), principalOf(ctx).id)).positions);
    ctx.status = 204;
  });
  router.post('/v1/webhooks/:id/test', async (ctx) => {
    const { positions, jobId } = await deps.service.test(idOf(ctx.params.id), principalOf(ctx).id);
    setPositionHeader(ctx, positions);
    ctx.status = 202;
    ctx.body = { jobId };
  });
  return router;
}
