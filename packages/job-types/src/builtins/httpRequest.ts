import { z } from 'zod';
import { NonRetriableError } from '@conveyor/errors';
import { defineJobType } from '../defineJobType';

const maxBodyChars = 64 * 1024;

/**
 * Delivers an HTTP request (webhooks and the like): success on 2xx. 5xx, 408, 429 and network
 * errors are retriable; other 4xx are not (the request itself is wrong).
 */
export const httpRequest = defineJobType({
  type: 'http.request',
  description: 'Sends an HTTP request; succeeds on a 2xx answer. 5xx, 408, 429 and network errors are retried, other 4xx are not.',
  sideEffects: true,
  defaults: { timeoutMs: 30_000 },
  payload: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().min(1).max(300_000).optional(),
  }).strict(),
  run: async (payload, ctx) => {
    const signal = payload.timeoutMs ? AbortSignal.any([ctx.signal, AbortSignal.timeout(payload.timeoutMs)]) : ctx.signal;
    const hasBody = payload.body !== undefined && payload.method !== 'GET' && payload.method !== 'HEAD';
    const headers = { ...(hasBody && typeof payload.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...payload.headers };
    const started = Date.now();
    let res: Response;
    let text: string;
    try {
      res = await ctx.ports.fetch(payload.url, {
        method: payload.method,
        headers,
        body: hasBody ? (typeof payload.body === 'string' ? payload.body : JSON.stringify(payload.body)) : undefined,
        signal,
      });
      text = (await res.text()).slice(0, maxBodyChars);
    } catch (err) {
      throw networkError(err, payload, ctx.signal);
    }
    const outcome = { status: res.status, durationMs: Date.now() - started, body: text };
    if (res.ok) return outcome;
    const message = `HTTP ${res.status} from ${payload.method} ${payload.url}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw Object.assign(new Error(message), { code: `HTTP_${res.status}` });
    throw new NonRetriableError(message, `HTTP_${res.status}`);
  },
});

/**
 * What a failed exchange becomes (pure): the executor's own abort (cancellation, the attempt's
 * timeout) passes through unchanged; the payload's own timeout and transport failures (fetch throws a
 * TypeError "fetch failed" whose cause carries ECONNREFUSED, ENOTFOUND, ECONNRESET…) are retriable
 * errors with that code — a refused connection is exactly what a retry may cure.
 */
export function networkError(err: unknown, payload: { method: string; url: string }, attemptSignal: AbortSignal): unknown {
  if (attemptSignal.aborted || !err || typeof err !== 'object') return err;
  // Duck-typed: undici's errors and DOMExceptions may come from another realm than this module's classes.
  const { name, message, cause } = err as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return Object.assign(new Error(`${payload.method} ${payload.url} timed out`, { cause: err }), { code: 'HTTP_TIMEOUT', retriable: true });
  }
  const causeCode = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (name === 'TypeError' && (causeCode !== undefined || message === 'fetch failed')) {
    const causeMessage = cause && typeof cause === 'object' && 'message' in cause && typeof cause.message === 'string' ? cause.message : '';
    const reason = causeMessage || String(message);
    return Object.assign(new Error(`${payload.method} ${payload.url} failed: ${reason}`, { cause: err }), { code: causeCode ?? 'NETWORK_ERROR', retriable: true });
  }
  return err;
}
