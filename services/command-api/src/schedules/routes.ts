import { Router } from '@koa/router';
import type { Context } from 'koa';
import { NotFoundError } from '@conveyor/errors';
import { parseJsonBody } from '../http/parseJsonBody';
import { setPositionHeader } from '../http/setPositionHeader';
import { readRequestMeta } from '../jobs/readRequestMeta';
import { isUuid } from '@conveyor/runtime';
import type { Published, ScheduleService } from './scheduleService';

export interface ScheduleRoutesDeps {
  bodyLimit: number;
  /** The schedule commands (createScheduleService, built by the composition root). */
  service: Pick<ScheduleService, 'create' | 'update' | 'delete' | 'pause' | 'resume'>;
}

/** A schedule id is a UUID; anything else cannot exist. */
const idOf = (id: string | undefined): string => {
  if (!isUuid(id)) throw new NotFoundError(`schedule ${id ?? ''} does not exist`);
  return id.toLowerCase();
};

/** Puts the published positions in `Conveyor-Position` and returns the rest as the body. */
const answer = <T extends Published>(ctx: Context, result: T): Omit<T, 'positions'> => {
  const { positions, ...body } = result;
  setPositionHeader(ctx, positions);
  return body;
};

/**
 * The schedule commands (public): POST /v1/schedules (201), PUT /v1/schedules/:id (full replace),
 * DELETE /v1/schedules/:id (204), POST /v1/schedules/:id/pause and /resume (409 when already so); each
 * answers `Conveyor-Position`. Errors are AppErrors for the app's problem middleware.
 */
export function scheduleRoutes(deps: ScheduleRoutesDeps): Router {
  const schedules = deps.service;
  const limit = { limit: deps.bodyLimit };
  const router = new Router();

  router.post('/v1/schedules', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const created = answer(ctx, await schedules.create(await parseJsonBody(ctx, limit), actor));
    ctx.status = 201;
    ctx.set('Location', `/v1/schedules/${created.scheduleId}`);
    ctx.body = created;
  });

  router.put('/v1/schedules/:id', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const id = idOf(ctx.params.id);
    ctx.body = answer(ctx, await schedules.update(id, await parseJsonBody(ctx, limit), actor));
  });

  router.delete('/v1/schedules/:id', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    answer(ctx, await schedules.delete(idOf(ctx.params.id), actor));
    ctx.status = 204;
  });

  router.post('/v1/schedules/:id/pause', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const id = idOf(ctx.params.id);
    await parseJsonBody(ctx, limit); // an empty body or {} is fine; a malformed one is still a 400
    ctx.body = answer(ctx, await schedules.pause(id, actor));
  });

  router.post('/v1/schedules/:id/resume', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const id = idOf(ctx.params.id);
    await parseJsonBody(ctx, limit);
    ctx.body = answer(ctx, await schedules.resume(id, actor));
  });

  return router;
}
