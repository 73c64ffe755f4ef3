import type { Context } from 'koa';
import { hasRole, principalOf } from '@conveyor/auth';
import { ValidationError } from '@conveyor/errors';
import type { RequestMeta } from './jobService';

const maxHeaderChars = 200;

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

/**
 * The actor and the `Idempotency-Key` of a request (internal). The actor is the authenticated principal's
 * id (an OIDC subject or `key:<keyId>`); no client header can set it (issue 11). 400 when the key is
 * present but empty or longer than 200 characters.
 */
export function readRequestMeta(ctx: Pick<Context, 'headers' | 'state'>): RequestMeta {
  const principal = principalOf(ctx);
  const key = single(ctx.headers['idempotency-key']);
  if (key !== undefined && (key.length < 1 || key.length > maxHeaderChars)) {
    throw new ValidationError('invalid request headers', [{ path: '/headers/idempotency-key', message: `1 to ${maxHeaderChars} characters` }]);
  }
  return { actor: principal.id, idempotencyKey: key ?? null, mayCancelAny: hasRole(principal.roles, 'operator') };
}
