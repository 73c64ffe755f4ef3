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
    const res = await ctx.ports.fetch(payload.url, {
      method: payload.method,
      headers,
      body: hasBody ? (typeof payload.body === 'string' ? payload.body : JSON.stringify(payload.body)) : undefined,
      signal,
    });
    const text = (await res.text()).slice(0, maxBodyChars);
    const outcome = { status: res.status, durationMs: Date.now() - started, body: text };
    if (res.ok) return outcome;
    const message = `HTTP ${res.status} from ${payload.method} ${payload.url}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw Object.assign(new Error(message), { code: `HTTP_${res.status}` });
    throw new NonRetriableError(message, `HTTP_${res.status}`);
  },
});
