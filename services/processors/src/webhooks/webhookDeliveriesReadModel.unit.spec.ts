import type { JobEvent } from '@conveyor/events';
import { deliveryIds } from './deliveryIds';
import { evolveDelivery } from './webhookDeliveriesReadModel';

const at = Date.parse('2026-12-03T12:00:00Z');
const meta = (jobId: string, n: number) => ({ eventId: `e${n}`, jobId, occurredAt: at + n, actor: 'w', traceparent: null, tracestate: null, replay: false, causationId: null });
const backoff = { kind: 'fixed' as const, delayMs: 1, maxDelayMs: 1 };
const submitted = (type: string): JobEvent => ({
  type: 'JobSubmitted',
  data: {
    meta: meta('d1', 0), type, queue: 'default', priority: 'normal', maxAttempts: 3, timeoutMs: null, runAt: null, concurrencyKey: null, backoff, idempotencyKey: null, scheduleId: null,
    payloadJson: JSON.stringify({ subscriptionId: 's1', url: 'https://h.example/', secret: { $secret: 'v1:k:a:b:c' }, messageId: 'ev-7', event: { type: 'job.succeeded', timestamp: '', data: {} } }),
  },
});
const error = (code: string) => ({ message: `${code} from POST https://h.example/`, code, retriable: true });

describe('evolveDelivery', () => {
  it('given a webhook.deliver submission, then a pending delivery of its subscription and event', () => {
    expect(evolveDelivery(null, submitted('webhook.deliver'))).toMatchObject({ job_id: 'd1', subscription_id: 's1', event_type: 'job.succeeded', message_id: 'ev-7', status: 'pending', attempts: 0 });
  });
  it('given another job type, then no row', () => {
    expect(evolveDelivery(null, submitted('noop'))).toBeNull();
    expect(evolveDelivery(null, { type: 'JobStarted', data: { meta: meta('x', 1), attempt: 1, workerId: 'w' } })).toBeNull();
  });
  it('given retries then exhaustion, then attempts, the last HTTP status and error, and dead_lettered', () => {
    let row = evolveDelivery(null, submitted('webhook.deliver'));
    row = evolveDelivery(row, { type: 'JobStarted', data: { meta: meta('d1', 1), attempt: 1, workerId: 'w' } });
    expect(row).toMatchObject({ status: 'running', attempts: 1 });
    row = evolveDelivery(row, { type: 'JobRetryScheduled', data: { meta: meta('d1', 2), attempt: 1, durationMs: 3, error: error('HTTP_500'), nextRunAt: at + 100 } });
    expect(row).toMatchObject({ status: 'retrying', last_response_status: 500 });
    row = evolveDelivery(row, { type: 'JobFailed', data: { meta: meta('d1', 3), attempt: 2, durationMs: 3, error: error('ECONNREFUSED') } });
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_response_status: null, last_error: 'ECONNREFUSED from POST https://h.example/' });
    row = evolveDelivery(row, {
      type: 'JobDeadLettered',
      data: { meta: meta('d1', 4), attempt: 2, cause: 'attempts_exhausted', error: error('ECONNREFUSED'), originTopic: 't', originPartition: 0, originOffset: '1' },
    });
    expect(row).toMatchObject({ status: 'dead_lettered', attempts: 2 });
  });
  it('given a success, then the receiver status from the result', () => {
    const row = evolveDelivery(evolveDelivery(null, submitted('webhook.deliver')), {
      type: 'JobSucceeded', data: { meta: meta('d1', 1), attempt: 1, durationMs: 4, resultJson: JSON.stringify({ status: 204, body: '' }) },
    });
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, last_response_status: 204 });
  });
});

describe('deliveryIds', () => {
  it('derives the same ids from the same subscription and event, other ids otherwise', () => {
    expect(deliveryIds('s1', 'e1')).toEqual(deliveryIds('s1', 'e1'));
    expect(deliveryIds('s1', 'e1').jobId).not.toBe(deliveryIds('s2', 'e1').jobId);
    expect(deliveryIds('s1', 'e1').jobId).not.toBe(deliveryIds('s1', 'e1').eventId);
  });
});
