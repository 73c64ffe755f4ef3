import { Router } from '@koa/router';
import { ValidationError } from '@conveyor/errors';
import { parseJsonBody } from '../http/parseJsonBody';
import { setPositionHeader } from '../http/setPositionHeader';
import { readRequestMeta } from '../jobs/readRequestMeta';
import { parseQueueName, queuePauseSchema, type QueueService, type QueueState } from './queueService';

export interface QueueRoutesDeps {
  bodyLimit: number;
  service: QueueService;
}

/** The body of a pause: empty, `{}` or `{ "reason": "…" }`. */
function parsePause(body: unknown): string | null {
  const parsed = queuePauseSchema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError('invalid pause', parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })));
  return parsed.data.reason ?? null;
}

const answer = (ctx: Parameters<Parameters<Router['post']>[1]>[0], { positions, ...state }: QueueState) => {
  setPositionHeader(ctx, positions);
  ctx.body = state;
};

/**
 * Queue commands (public): POST /v1/queues/:queue/pause and /resume, each 200 once the fact is durable in
 * Kafka, with `Conveyor-Position`. Workers of the queue obey within a fetch.
 */
export function queueRoutes(deps: QueueRoutesDeps): Router {
  const router = new Router();
  router.post('/v1/queues/:queue/pause', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const queue = parseQueueName(ctx.params.queue);
    const reason = parsePause(await parseJsonBody(ctx, { limit: deps.bodyLimit }));
    answer(ctx, await deps.service.pause(queue, actor, reason));
  });
  router.post('/v1/queues/:queue/resume', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const queue = parseQueueName(ctx.params.queue);
    await parseJsonBody(ctx, { limit: deps.bodyLimit });
    answer(ctx, await deps.service.resume(queue, actor));
  });
  return router;
}
