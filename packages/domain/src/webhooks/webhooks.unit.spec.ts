import type { JobEvent } from '@conveyor/events';
import { createEgressPolicy } from '@conveyor/job-types/egress';
import { checkWebhookUrl } from './checkWebhookUrl';
import { decideWebhookSubscription, type WebhookSubscriptionState } from './decideWebhookSubscription';
import { submitDelivery } from './deliveryJob';
import { planDeliveries, subscriptionMatches } from './planDeliveries';
import { formatWebhookSecret, webhookSecretKey } from './webhookSecret';

const meta = { eventId: 'e1', now: Date.parse('2026-12-03T12:00:00Z'), actor: 'key:admin', traceparent: null, tracestate: null };
const definition = { url: 'https://hooks.example.com/in', eventTypes: ['job.succeeded'], jobTypes: [], sealedSecret: 'v1:k:a:b:c', description: null };
const id = '6f1c0c7e-4b7e-4a57-9a51-0d3f0c2b7a10';

describe('webhook secrets', () => {
  it('formats whsec_ + base64 of the random bytes, and reads the key back', () => {
    const secret = formatWebhookSecret(Buffer.alloc(32, 9));
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKey(secret)).toEqual(Buffer.alloc(32, 9));
  });
  it('refuses fewer than 24 bytes and anything that is not whsec_ + base64', () => {
    expect(() => formatWebhookSecret(Buffer.alloc(16))).toThrow(RangeError);
    expect(() => webhookSecretKey('whsec_c2hvcnQ=')).toThrow('invalid webhook secret');
    expect(() => webhookSecretKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow('invalid webhook secret');
  });
});

describe('checkWebhookUrl', () => {
  const strict = createEgressPolicy();
  const refusal = (url: string, policy = strict) => {
    try {
      checkWebhookUrl(url, policy);
    } catch (err) {
      return (err as { errors?: Array<{ path: string; message: string }> }).errors?.[0];
    }
    throw new Error(`${url} was accepted`);
  };

  it('accepts a public https URL and a host name (its addresses are checked at each delivery)', () => {
    expect(checkWebhookUrl('https://hooks.example.com/in?x=1', strict)).toBe('https://hooks.example.com/in?x=1');
    expect(checkWebhookUrl('http://93.184.215.14:8080/', strict)).toBe('http://93.184.215.14:8080/');
  });
  it.each([
    ['http://127.0.0.1:9000/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://localhost/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://[::1]/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://10.1.2.3/hook', 'EGRESS_DENIED_PRIVATE_ADDRESS'],
    ['http://169.254.169.254/latest/meta-data', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
    ['http://[::ffff:a9fe:a9fe]/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
  ])('refuses %s (%s) under the default egress settings', (url, code) => {
    expect(refusal(url)).toEqual({ path: '/url', message: expect.stringContaining(code) });
  });
  it('accepts loopback and private targets when the egress settings allow them, and an allowlisted address', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9000/hook', createEgressPolicy({ allowLoopback: true }))).toBe('http://127.0.0.1:9000/hook');
    expect(checkWebhookUrl('http://10.1.2.3/hook', createEgressPolicy({ allow: ['10.1.0.0/16'] }))).toBe('http://10.1.2.3/hook');
    expect(refusal('http://10.1.2.3/hook', createEgressPolicy({ allowLoopback: true, deny: ['10.0.0.0/8'] }))?.message).toContain('EGRESS_DENIED_BY_DENYLIST');
  });
  it('refuses other schemes, credentials and fragments', () => {
    expect(refusal('ftp://hooks.example.com/')?.message).toContain('http or https');
    expect(refusal('https://user:pw@hooks.example.com/')?.message).toContain('credentials');
    expect(refusal('https://hooks.example.com/#x')?.message).toContain('fragment');
    expect(refusal('not a url')?.message).toContain('absolute');
  });
});

describe('decideWebhookSubscription', () => {
  const active: WebhookSubscriptionState = { ...definition, subscriptionId: id, status: 'active' };

  it('given no subscription, when created, then WebhookSubscriptionCreated with the sealed secret', () => {
    expect(decideWebhookSubscription({ type: 'CreateWebhookSubscription', subscriptionId: id, meta, data: definition }, null)).toEqual([{
      type: 'WebhookSubscriptionCreated',
      data: { meta: { eventId: 'e1', subscriptionId: id, occurredAt: meta.now, actor: 'key:admin', traceparent: null, tracestate: null }, ...definition },
    }]);
  });
  it('given an existing subscription, when created again with its id, then nothing', () => {
    expect(decideWebhookSubscription({ type: 'CreateWebhookSubscription', subscriptionId: id, meta, data: definition }, active)).toEqual([]);
  });
  it('given an active subscription, when deleted, then WebhookSubscriptionDeleted', () => {
    expect(decideWebhookSubscription({ type: 'DeleteWebhookSubscription', subscriptionId: id, meta }, active)).toMatchObject([{ type: 'WebhookSubscriptionDeleted' }]);
  });
  it('given none or a deleted one, when deleted, then 404', () => {
    expect(() => decideWebhookSubscription({ type: 'DeleteWebhookSubscription', subscriptionId: id, meta }, null)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => decideWebhookSubscription({ type: 'DeleteWebhookSubscription', subscriptionId: id, meta }, { ...active, status: 'deleted' })).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('planDeliveries', () => {
  const succeeded: JobEvent = {
    type: 'JobSucceeded',
    data: {
      meta: { eventId: 'ev-9', jobId: 'job-9', occurredAt: meta.now, actor: 'w', traceparent: null, tracestate: null, replay: false, causationId: null },
      attempt: 2, durationMs: 15, resultJson: '{"ok":true}',
    },
  };
  const sub = (over: Partial<{ subscriptionId: string; eventTypes: string[]; jobTypes: string[] }>) => ({
    subscriptionId: 's', url: 'https://h.example/', eventTypes: ['job.succeeded'], jobTypes: [] as string[], sealedSecret: 'v1:k:a:b:c', ...over,
  });

  it('matches by event type and job type (no job types: every type)', () => {
    expect(subscriptionMatches(sub({}), 'job.succeeded', 'noop')).toBe(true);
    expect(subscriptionMatches(sub({ jobTypes: ['noop'] }), 'job.succeeded', 'noop')).toBe(true);
    expect(subscriptionMatches(sub({ jobTypes: ['sleep'] }), 'job.succeeded', 'noop')).toBe(false);
    expect(subscriptionMatches(sub({}), 'job.failed', 'noop')).toBe(false);
  });
  it('never matches the events of a delivery job: a delivery would deliver itself', () => {
    expect(subscriptionMatches(sub({ jobTypes: [] }), 'job.succeeded', 'webhook.deliver')).toBe(false);
    expect(subscriptionMatches(sub({ jobTypes: ['webhook.deliver'] }), 'job.succeeded', 'webhook.deliver')).toBe(false);
  });
  it('plans one delivery per matching subscription, with the event id as message id and the Standard Webhooks payload', () => {
    const planned = planDeliveries(succeeded, 'noop', [sub({ subscriptionId: 'a' }), sub({ subscriptionId: 'b', eventTypes: ['job.failed'] }), sub({ subscriptionId: 'c' })]);
    expect(planned.map((p) => p.subscription.subscriptionId)).toEqual(['a', 'c']);
    expect(planned[0]).toMatchObject({
      messageId: 'ev-9',
      payload: { type: 'job.succeeded', timestamp: '2026-12-03T12:00:00.000Z', data: { jobId: 'job-9', jobType: 'noop', attempt: 2, result: { ok: true } } },
    });
  });
  it('submits a delivery as a webhook.deliver job carrying the secret as a sealed envelope', () => {
    const [planned] = planDeliveries(succeeded, 'noop', [sub({ subscriptionId: id })]);
    const events = submitDelivery(
      { jobId: 'd1', subscriptionId: id, url: 'https://h.example/', sealedSecret: 'v1:k:a:b:c', messageId: 'ev-9', event: planned!.payload },
      { maxAttempts: 4, timeoutMs: 5000, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } }, meta,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'JobSubmitted', data: { type: 'webhook.deliver', maxAttempts: 4, concurrencyKey: `webhook:${id}` } });
    expect(JSON.parse((events[0]?.data as { payloadJson: string }).payloadJson)).toMatchObject({ secret: { $secret: 'v1:k:a:b:c' }, messageId: 'ev-9' });
  });
});
