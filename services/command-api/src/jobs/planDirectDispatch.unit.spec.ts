import type { JobEvent, JobSubmitted } from '@conveyor/events';
import { planDirectDispatch, queuesToDispatch } from './planDirectDispatch';

const meta = (jobId: string, occurredAt = 1000) => ({
  eventId: `e-${jobId}`, jobId, occurredAt, actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null,
});
const submitted = (jobId: string, options: Partial<JobSubmitted> = {}): JobEvent => ({
  type: 'JobSubmitted',
  data: {
    meta: meta(jobId), type: 'noop', payloadJson: '{}', priority: 'normal', maxAttempts: 3, timeoutMs: null, runAt: null,
    concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null, queue: 'default', ...options,
  },
});
const everyQueueReady = () => true;

describe('planDirectDispatch', () => {
  it('given a submission runnable now, publishes its first work item with it and marks it workItemPublished', () => {
    const plan = planDirectDispatch([submitted('j1', { priority: 'high' })], 1000, everyQueueReady);
    expect(plan.events).toEqual([{ type: 'JobSubmitted', data: expect.objectContaining({ workItemPublished: true }) }]);
    expect(plan.workItems).toEqual([expect.objectContaining({ jobId: 'j1', attempt: 1, priority: 'high', dueAt: 1000, causationId: 'e-j1', queue: 'default' })]);
  });

  it('given a runAt in the past, dispatches it now; given a runAt in the future, leaves it to the dispatcher unmarked', () => {
    const plan = planDirectDispatch([submitted('past', { runAt: 500 }), submitted('future', { runAt: 5000 })], 1000, everyQueueReady);
    expect(plan.workItems.map((i) => i.jobId)).toEqual(['past']);
    expect(plan.events.map((e) => (e.data as JobSubmitted).workItemPublished)).toEqual([true, undefined]);
  });

  it('given a queue whose work topics are not ready, leaves its submissions to the dispatcher', () => {
    const plan = planDirectDispatch([submitted('a', { queue: 'images' }), submitted('b')], 1000, (queue) => queue === 'default');
    expect(plan.workItems.map((i) => i.jobId)).toEqual(['b']);
    expect((plan.events[0]!.data as JobSubmitted).workItemPublished).toBeUndefined();
  });

  it('leaves every other event as it is, in its order', () => {
    const cancelled: JobEvent = { type: 'JobCancelled', data: { meta: meta('c'), reason: null } };
    const plan = planDirectDispatch([cancelled, submitted('d')], 1000, everyQueueReady);
    expect(plan.events[0]).toBe(cancelled);
    expect(plan.events.map((e) => e.type)).toEqual(['JobCancelled', 'JobSubmitted']);
  });
});

describe('queuesToDispatch', () => {
  it('names each queue of the submissions runnable now, once', () => {
    const events = [submitted('a', { queue: 'images' }), submitted('b', { queue: 'images' }), submitted('c', { queue: 'later', runAt: 9000 }), submitted('d')];
    expect(queuesToDispatch(events, 1000).sort()).toEqual(['default', 'images']);
  });
});
