import type { JobSubmitted, JobWorkItem } from '@conveyor/events';
import { firstWorkItem, retryWorkItem } from '@conveyor/domain';
import { withQueue } from './workItems';

const submitted: JobSubmitted = {
  meta: { eventId: 'e1', jobId: 'j1', occurredAt: 1000, actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null },
  type: 'resize', payloadJson: '{}', priority: 'low', maxAttempts: 3, timeoutMs: null, runAt: null, concurrencyKey: null,
  backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null, queue: 'images',
};

describe('work items carry their job\'s queue', () => {
  it('given a JobSubmitted of the images queue, the first work item and its retries are of that queue', () => {
    const first = firstWorkItem(submitted);
    expect(first).toMatchObject({ queue: 'images', priority: 'low', attempt: 1 });
    const retry = retryWorkItem(first, { meta: { ...submitted.meta, eventId: 'e2', occurredAt: 2000 }, attempt: 1, durationMs: 5, nextRunAt: 3000, error: { message: 'x', code: 'E_X', retriable: true } });
    expect(retry).toMatchObject({ queue: 'images', attempt: 2, dueAt: 3000 });
  });

  it('given a work item stored before queues existed (no queue), it belongs to the default queue', () => {
    const { queue: _, ...old } = firstWorkItem(submitted);
    expect(withQueue(old as JobWorkItem).queue).toBe('default');
    expect(withQueue(firstWorkItem(submitted)).queue).toBe('images');
  });
});
