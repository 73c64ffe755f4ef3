import { Router } from '@koa/router';
import { NotFoundError } from '@conveyor/errors';
import type { JobTypeRegistry } from '@conveyor/job-types';
import type { Pool } from '@conveyor/runtime';
import type { ScheduleEvent } from '@conveyor/events';
import { parseJsonBody } from '../http/parseJsonBody';
import { readRequestMeta } from '../jobs/readRequestMeta';
import { createScheduleService, type ScheduleService } from './scheduleService';
import { createScheduleStateStore } from './scheduleStateStore';

export interface ScheduleRoutesDeps {
  /** Publishes schedule events on conveyor.admin-events (see createAdminEventPublisher). */
  publishAdminEvents: (events: ScheduleEvent[]) => Promise<void>;
  /** The read model (`schedules`), for 404 and 409. */
  pool: Pool;
  jobTypes: JobTypeRegistry;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** The clock, in epoch milliseconds; default Date.now. */
  now?: () => number;
  newId?: () => string;
  /** See ScheduleServiceDeps.lookupWaitMs; default 1000. */
  lookupWaitMs?: number;
  /** Replaces the service built from the above (tests). */
  service?: ScheduleService;
}

/** A schedule id is a UUID; anything else cannot exist. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (id: string | undefined): string => {
  if (!id || !uuid.test(id)) throw new NotFoundError(`schedule ${id ?? ''} does not exist`);
  return id.toLowerCase();
};

/**
 * The schedule commands (public): POST /v1/schedules (201), PUT /v1/schedules/:id (full replace),
 * DELETE /v1/schedules/:id (204), POST /v1/schedules/:id/pause and /resume (409 when already so).
 * Errors are AppErrors for the app's problem middleware.
 */
export function scheduleRoutes(deps: ScheduleRoutesDeps): Router {
  const schedules = deps.service ?? createScheduleService({
    publishAdminEvents: deps.publishAdminEvents, states: createScheduleStateStore({ pool: deps.pool }), jobTypes: deps.jobTypes,
    now: deps.now ?? Date.now, newId: deps.newId, lookupWaitMs: deps.lookupWaitMs,
  });
  const limit = { limit: deps.bodyLimit };
  const router = new Router();

  router.post('/v1/schedules', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    const created = await schedules.create(await parseJsonBody(ctx, limit), actor);
    ctx.status = 201;
    ctx.set('Location', `/v1/schedules/${created.scheduleId}`);
    ctx.body = created;
  });

  router.put('/v1/schedules/:id', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    const id = idOf(ctx.params.id);
    ctx.body = await schedules.update(id, await parseJsonBody(ctx, limit), actor);
  });

  router.delete('/v1/schedules/:id', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    await schedules.delete(idOf(ctx.params.id), actor);
    ctx.status = 204;
  });

  router.post('/v1/schedules/:id/pause', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    const id = idOf(ctx.params.id);
    await parseJsonBody(ctx, limit); // an empty body or {} is fine; a malformed one is still a 400
    ctx.body = await schedules.pause(id, actor);
  });

  router.post('/v1/schedules/:id/resume', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    const id = idOf(ctx.params.id);
    await parseJsonBody(ctx, limit);
    ctx.body = await schedules.resume(id, actor);
  });

  return router;
}
