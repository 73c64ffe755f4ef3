import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import type { Pool } from '@conveyor/runtime';
import { parseJsonBody } from '../http/parseJsonBody';
import { readRequestMeta } from '../jobs/readRequestMeta';
import { parseReplayRequest } from './parseReplayRequest';

export interface AdminReplayRoutesDeps {
  pool: Pool;
  /** The job-events topic of this deployment (topicNames(TOPIC_PREFIX).jobEvents): the runner of that prefix picks the run up. */
  jobEventsTopic: string;
  /** Largest body accepted, in bytes; default 64 KiB. */
  bodyLimit?: number;
  newId?: () => string;
}

/**
 * POST /v1/admin/replays `{kind: "rebuild"|"redrive"|"as-of", …options}` → 202 `{replayId, status: "requested"}`
 * (public). The run is recorded in replay_runs; the replay runner of the processors claims it, runs it and
 * reports progress there (GET /v1/replays/:id on the query API). `X-Actor` names who asked (default `api`);
 * a redrive records it as the re-drive's actor. Without `kind`, a rebuild (the dashboard's form).
 */
export function adminReplayRoutes(deps: AdminReplayRoutesDeps): Router {
  const router = new Router();
  router.post('/v1/admin/replays', async (ctx) => {
    const { actor } = readRequestMeta(ctx.headers);
    const { kind, ...options } = parseReplayRequest(await parseJsonBody(ctx, { limit: deps.bodyLimit ?? 64 * 1024 }) ?? {});
    const replayId = (deps.newId ?? randomUUID)();
    await deps.pool.query(
      'insert into replay_runs (id, kind, topic, options, requested_by) values ($1, $2, $3, $4, $5)',
      [replayId, kind, deps.jobEventsTopic, JSON.stringify(kind === 'redrive' ? { ...options, actor } : options), actor]);
    ctx.status = 202;
    ctx.set('Location', `/v1/replays/${replayId}`);
    ctx.body = { replayId, status: 'requested' };
  });
  return router;
}
