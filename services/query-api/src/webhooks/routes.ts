import { Router } from '@koa/router';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import { afterPosition } from '../positions/afterPosition';
import type { PositionWaiter } from '../positions/createPositionWaiter';
import type { WebhookQueries } from './queries';

const deliveriesSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

const idOf = (id: string | undefined): string => {
  if (!uuidPattern.test(id ?? '')) throw new ValidationError('invalid webhook subscription id', [{ path: 'id', message: 'must be a UUID' }]);
  return (id as string).toLowerCase();
};

/**
 * GET /v1/webhooks, GET /v1/webhooks/:id (`?after=` waits for the subscriptions projection) and
 * GET /v1/webhooks/:id/deliveries (`?after=` waits for the delivery history projection) (public).
 */
export function webhookRoutes(deps: { webhooks: WebhookQueries; positions?: Pick<PositionWaiter, 'waitFor'> }): Router {
  const router = new Router();
  const afterSubscriptions = afterPosition(deps.positions, 'webhook_subscriptions');
  router.get('/v1/webhooks', afterSubscriptions, async (ctx) => {
    parseQuery(z.object({}).strict(), ctx.query as RawQuery);
    ctx.body = { items: await deps.webhooks.list() };
  });
  router.get('/v1/webhooks/:id', afterSubscriptions, async (ctx) => {
    const subscription = await deps.webhooks.get(idOf(ctx.params.id));
    if (!subscription) throw new NotFoundError(`webhook subscription ${ctx.params.id ?? ''} not found`);
    ctx.body = subscription;
  });
  router.get('/v1/webhooks/:id/deliveries', afterPosition(deps.positions, 'webhook_deliveries'), async (ctx) => {
    const q = parseQuery(deliveriesSchema, ctx.query as RawQuery);
    const items = await deps.webhooks.deliveries(idOf(ctx.params.id), q.limit);
    if (!items) throw new NotFoundError(`webhook subscription ${ctx.params.id ?? ''} not found`);
    ctx.body = { items };
  });
  return router;
}
