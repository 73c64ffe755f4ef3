import { z } from 'zod';
import { defineJobType } from '../defineJobType';
import { safeUrl } from './followRedirect';
import { maxBodyBytes, networkError } from './httpRequest';
import { readCappedBody } from './readCappedBody';
import { webhookHeaders } from './webhookSignature';

/** The most of a receiver's answer kept in the result, in bytes: a receiver's acknowledgement is short. */
const keptBodyBytes = 4 * 1024;

/**
 * Delivers one webhook message (public): POSTs `event` as JSON to `url`, signed per the Standard
 * Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`), through the same
 * egress guard (the fetch port) as http.request. A 2xx answer succeeds; any other answer and network
 * errors are retriable (the receiver may be down; a redirect is not followed, a receiver answers where
 * it was registered), a target the egress policy refuses fails for good. Each attempt is signed anew
 * with its own timestamp, so a retry is not refused as a replay by a receiver's tolerance window.
 * Submitted by the processors' webhooks component and by "send a test event".
 */
export const webhookDeliver = defineJobType({
  type: 'webhook.deliver',
  description: 'Delivers a signed webhook (Standard Webhooks) to a subscription; succeeds on a 2xx answer, retries any other.',
  sideEffects: true,
  defaults: { timeoutMs: 15_000, maxAttempts: 5 },
  // The subscription's signing secret: sealed in the log and the read models, opened only to sign.
  secretFields: { pointers: ['/secret'] },
  payload: z.object({
    subscriptionId: z.uuid(),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64'),
    messageId: z.string().min(1).max(200),
    event: z.object({ type: z.string().min(1), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }).strict(),
  }).strict(),
  run: async (payload, ctx) => {
    const body = JSON.stringify(payload.event);
    const headers = { 'content-type': 'application/json', 'user-agent': 'Conveyor-Webhooks/1', ...webhookHeaders({ id: payload.messageId, body }, payload.secret, Date.now()) };
    const started = Date.now();
    let res: Response;
    let read: { text: string; truncated: boolean };
    try {
      res = await ctx.ports.fetch(payload.url, { method: 'POST', headers, body, signal: ctx.signal, redirect: 'manual' });
      read = await readCappedBody(res, Math.min(keptBodyBytes, maxBodyBytes));
    } catch (err) {
      throw networkError(err, { method: 'POST', url: payload.url }, ctx.signal);
    }
    const outcome = { status: res.status, durationMs: Date.now() - started, body: read.text, truncated: read.truncated };
    if (res.ok) return outcome;
    const message = `HTTP ${res.status} from POST ${safeUrl(payload.url)}`;
    throw Object.assign(new Error(message), { code: `HTTP_${res.status}`, retriable: true, status: res.status });
  },
});
