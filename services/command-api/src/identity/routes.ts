import { Router } from '@koa/router';
import { principalOf } from '@conveyor/auth';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { isUuid } from '@conveyor/runtime';
import { parseJsonBody } from '../http/parseJsonBody';
import type { IdentityService } from './identityService';

const keyIdOf = (id: string | undefined): string => {
  if (!isUuid(id)) throw new NotFoundError(`API key ${id ?? ''} does not exist`);
  return id.toLowerCase();
};

/**
 * The identity commands (public, admin only by the permission table): POST /v1/admin/api-keys (201, the
 * key shown once), POST /v1/admin/api-keys/:id/rotate (201, a new key; the old one stops working),
 * DELETE /v1/admin/api-keys/:id (204), PUT /v1/admin/users/:subject/roles (200).
 */
export function identityRoutes(deps: { service: IdentityService; bodyLimit: number }): Router {
  const router = new Router();
  router.post('/v1/admin/api-keys', async (ctx) => {
    const created = await deps.service.create(await parseJsonBody(ctx, { limit: deps.bodyLimit }), principalOf(ctx).id);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });
  router.post('/v1/admin/api-keys/:id/rotate', async (ctx) => {
    const rotated = await deps.service.rotate(keyIdOf(ctx.params.id), principalOf(ctx).id);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = rotated;
  });
  router.delete('/v1/admin/api-keys/:id', async (ctx) => {
    await deps.service.revoke(keyIdOf(ctx.params.id), principalOf(ctx).id);
    ctx.status = 204;
  });
  router.put('/v1/admin/users/:subject/roles', async (ctx) => {
    const subject = ctx.params.subject ?? '';
    if (!subject || subject.length > 255) throw new ValidationError('invalid subject', [{ path: 'subject', message: '1 to 255 characters' }]);
    ctx.body = await deps.service.assignRoles(subject, await parseJsonBody(ctx, { limit: deps.bodyLimit }), principalOf(ctx).id);
  });
  return router;
}
