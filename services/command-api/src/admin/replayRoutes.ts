import { Router } from '@koa/router';
import { parseJsonBody } from '../http/parseJsonBody';
import { readRequestMeta } from '../jobs/readRequestMeta';
import type { ReplayService } from './replayService';

export interface AdminReplayRoutesDeps {
  /** The replay requests (createReplayService, built by the composition root). */
  service: Pick<ReplayService, 'request'>;
  /** Largest body accepted, in bytes; default 64 KiB. */
  bodyLimit?: number;
}

/**
 * POST /v1/admin/replays `{kind: "rebuild"|"redrive"|"as-of", …options}` → 202 `{replayId, status: "requested"}`
 * (public). The run is recorded in replay_runs; the replay runner of the processors claims it, runs it and
 * reports progress there (GET /v1/replays/:id on the query API). `X-Actor` names who asked (default `api`).
 * Without `kind`, a rebuild (the dashboard's form).
 */
export function adminReplayRoutes(deps: AdminReplayRoutesDeps): Router {
  const router = new Router();
  router.post('/v1/admin/replays', async (ctx) => {
    const { actor } = readRequestMeta(ctx);
    const { replayId } = await deps.service.request(await parseJsonBody(ctx, { limit: deps.bodyLimit ?? 64 * 1024 }), actor);
    ctx.status = 202;
    ctx.set('Location', `/v1/replays/${replayId}`);
    ctx.body = { replayId, status: 'requested' };
  });
  return router;
}
