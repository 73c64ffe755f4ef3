import { Router } from '@koa/router';
import { z } from 'zod';
import { principalOf } from '@conveyor/auth';
import { parseQuery, type RawQuery } from '../http/parseQuery';
import type { IdentityQueries } from './queries';

const auditQuery = z.strictObject({
  actor: z.string().min(1).max(255).optional(),
  action: z.string().min(1).max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(200).optional(),
});

/**
 * The identity reads (public): GET /v1/me (the caller's principal), GET /v1/admin/api-keys (prefix only,
 * last use, revocation), GET /v1/admin/users (subjects seen and assigned roles), GET /v1/audit (who did
 * what, when; filters and a cursor). The permission table decides who may call each.
 */
export function identityRoutes(deps: { queries: IdentityQueries }): Router {
  const router = new Router();
  router.get('/v1/me', (ctx) => {
    ctx.body = principalOf(ctx);
  });
  router.get('/v1/admin/api-keys', async (ctx) => {
    ctx.body = { items: await deps.queries.apiKeys() };
  });
  router.get('/v1/admin/users', async (ctx) => {
    ctx.body = { items: await deps.queries.users() };
  });
  router.get('/v1/audit', async (ctx) => {
    ctx.body = await deps.queries.audit(parseQuery(auditQuery, ctx.query as RawQuery));
  });
  return router;
}
