import { z } from 'zod';
import { NonRetriableError } from '@conveyor/errors';
import { defineJobType } from '../defineJobType';
import { egressDenial } from '../egress/EgressDeniedError';
import { followRedirect, safeUrl, type Hop } from './followRedirect';
import { readCappedBody } from './readCappedBody';

/** The most of an answer's body read and kept in the result, in bytes. */
export const maxBodyBytes = 64 * 1024;
/** Redirects followed before the job fails (`HTTP_TOO_MANY_REDIRECTS`). */
export const maxRedirects = 5;
/** Headers whose values are secrets (case-insensitive): sealed at submission, `"[redacted]"` when read. */
export const secretHeaders = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'] as const;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Delivers an HTTP request (webhooks and the like): success on 2xx. 5xx, 408, 429 and network
 * errors are retriable; other 4xx are not (the request itself is wrong). Redirects are followed by
 * hand (at most {@link maxRedirects}, each hop connected through the fetch port, whose egress policy
 * checks every address); the body is read up to {@link maxBodyBytes}. Messages never carry the URL's
 * query or user info.
 */
export const httpRequest = defineJobType({
  type: 'http.request',
  description: 'Sends an HTTP request; succeeds on a 2xx answer. 5xx, 408, 429 and network errors are retried, other 4xx are not.',
  sideEffects: true,
  defaults: { timeoutMs: 30_000 },
  // Credentials sent to the target: encrypted in the log and the read models, opened only to run.
  secretFields: { headers: secretHeaders },
  payload: z.object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST'),
    // Credentials in the URL would end up in logs and error messages: they go in a header.
    url: z.url({ protocol: /^https?$/ }).refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), 'must not carry credentials (send an Authorization header)'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional(),
    timeoutMs: z.number().int().min(1).max(300_000).optional(),
  }).strict(),
  run: async (payload, ctx) => {
    const signal = payload.timeoutMs ? AbortSignal.any([ctx.signal, AbortSignal.timeout(payload.timeoutMs)]) : ctx.signal;
    const hasBody = payload.body !== undefined && payload.method !== 'GET' && payload.method !== 'HEAD';
    const headers = { ...(hasBody && typeof payload.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...payload.headers };
    const started = Date.now();
    let hop: Hop = {
      url: new URL(payload.url), method: payload.method, headers,
      body: hasBody ? (typeof payload.body === 'string' ? payload.body : JSON.stringify(payload.body)) : undefined,
    };
    let res: Response;
    let read: { text: string; truncated: boolean };
    try {
      for (let redirects = 0; ; redirects++) {
        res = await ctx.ports.fetch(hop.url, { method: hop.method, headers: hop.headers, body: hop.body, signal, redirect: 'manual' });
        const location = res.headers.get('location');
        if (!redirectStatuses.has(res.status) || location === null) break;
        await res.body?.cancel();
        if (redirects === maxRedirects) throw new NonRetriableError(`more than ${maxRedirects} redirects from ${payload.method} ${safeUrl(payload.url)}`, 'HTTP_TOO_MANY_REDIRECTS');
        hop = followRedirect(hop, res.status, location);
      }
      read = await readCappedBody(res, maxBodyBytes);
    } catch (err) {
      throw networkError(err, { method: hop.method, url: hop.url.href }, ctx.signal);
    }
    const outcome = { status: res.status, durationMs: Date.now() - started, body: read.text, truncated: read.truncated };
    if (res.ok) return outcome;
    const message = `HTTP ${res.status} from ${hop.method} ${safeUrl(hop.url)}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw Object.assign(new Error(message), { code: `HTTP_${res.status}` });
    throw new NonRetriableError(message, `HTTP_${res.status}`);
  },
});

/**
 * What a failed exchange becomes (pure): the executor's own abort (cancellation, the attempt's
 * timeout) passes through unchanged; a target the egress policy refused fails for good with the
 * policy's code (`EGRESS_DENIED_…`); the payload's own timeout and transport failures (fetch throws a
 * TypeError "fetch failed" whose cause carries ECONNREFUSED, ENOTFOUND, ECONNRESET…) are retriable
 * errors with that code — a refused connection is exactly what a retry may cure.
 */
export function networkError(err: unknown, payload: { method: string; url: string }, attemptSignal: AbortSignal): unknown {
  if (attemptSignal.aborted || !err || typeof err !== 'object') return err;
  const denial = egressDenial(err);
  if (denial) return new NonRetriableError(denial.message, denial.code, { cause: err });
  // Duck-typed: undici's errors and DOMExceptions may come from another realm than this module's classes.
  const { name, message, cause } = err as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return Object.assign(new Error(`${payload.method} ${safeUrl(payload.url)} timed out`, { cause: err }), { code: 'HTTP_TIMEOUT', retriable: true });
  }
  const causeCode = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (name === 'TypeError' && (causeCode !== undefined || message === 'fetch failed')) {
    const causeMessage = cause && typeof cause === 'object' && 'message' in cause && typeof cause.message === 'string' ? cause.message : '';
    const reason = causeMessage || String(message);
    return Object.assign(new Error(`${payload.method} ${safeUrl(payload.url)} failed: ${reason}`, { cause: err }), { code: causeCode ?? 'NETWORK_ERROR', retriable: true });
  }
  return err;
}
