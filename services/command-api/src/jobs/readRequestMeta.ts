import type { IncomingHttpHeaders } from 'node:http';
import { ValidationError, type FieldError } from '@conveyor/errors';
import type { RequestMeta } from './jobService';

const maxHeaderChars = 200;

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

/**
 * The actor (`X-Actor`, else `api`) and the `Idempotency-Key` of a request (internal); 400 when either
 * is longer than 200 characters or the key is present but empty.
 */
export function readRequestMeta(headers: IncomingHttpHeaders): RequestMeta {
  const errors: FieldError[] = [];
  const actor = single(headers['x-actor'])?.trim() ?? '';
  if (actor.length > maxHeaderChars) errors.push({ path: '/headers/x-actor', message: `at most ${maxHeaderChars} characters` });
  const key = single(headers['idempotency-key']);
  if (key !== undefined && (key.length < 1 || key.length > maxHeaderChars)) {
    errors.push({ path: '/headers/idempotency-key', message: `1 to ${maxHeaderChars} characters` });
  }
  if (errors.length) throw new ValidationError('invalid request headers', errors);
  return { actor: actor || 'api', idempotencyKey: key ?? null };
}
