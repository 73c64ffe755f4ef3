import { createHmac } from 'node:crypto';

/** The prefix of a Standard Webhooks secret; the base64 after it is the HMAC key. */
const secretPrefix = 'whsec_';

/**
 * The `webhook-signature` value of a message per the Standard Webhooks specification (pure, public):
 * `v1,` + base64 of HMAC-SHA256 over `<id>.<timestamp>.<body>`, keyed with the base64-decoded secret.
 * `timestamp` in epoch seconds; `body` exactly the bytes sent.
 */
export function signWebhook(message: { id: string; timestamp: number; body: string }, secret: string): string {
  const key = Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64');
  if (key.length === 0) throw new RangeError('a webhook secret is whsec_ followed by base64');
  const mac = createHmac('sha256', key).update(`${message.id}.${message.timestamp}.${message.body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers of a message signed now (`nowMs` in epoch milliseconds). */
export function webhookHeaders(message: { id: string; body: string }, secret: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook({ id: message.id, timestamp, body: message.body }, secret),
  };
}
