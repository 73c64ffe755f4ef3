import type { JobEvent, JobSubmitted } from '@conveyor/events';
import { planDispatch, resolveRetries } from './planDispatch';

const jobId = '5b6b1f0e-8c1a-4a53-9a47-2f0e8f4b7c11';
const meta = (eventId: string, occurredAt: number) => ({
  eventId, jobId, occurredAt, actor: 'test', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: null, replay: false, causationId: null,
});
const submitted = (runAt: number | null = null): JobEvent => ({
  type: 'JobSubmitted',
  data: {
    meta: meta('e1', 1000), type: 'noop', payloadJson: '{}', priority: 'high', maxAttempts: 3, timeoutMs: null, runAt,
    concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null, queue: 'default',
  } satisfies JobSubmitted,
});
const retry = (nextRunAt: number): JobEvent => ({
  type: 'JobRetryScheduled', data: { meta: meta('e3', 1500), attempt: 1, durationMs: 5, error: { message: 'x', code: 'FAIL', retriable: true }, nextRunAt },
});

describe('planDispatch', () => {
  it('given a submission without runAt, publishes attempt 1 now and remembers it', () => {
    const plan = planDispatch([submitted()], 1001);
    expect(plan.publish).toEqual([expect.objectContaining({ jobId, attempt: 1, dueAt: 1000, priority: 'high', causationId: 'e1', traceparent: expect.stringMatching(/^00-0af7/) })]);
    expect(plan.remember).toHaveLength(1);
    expect(plan.schedule).toEqual([]);
  });

  it('given a future runAt, schedules a timer instead', () => {
    const plan = planDispatch([submitted(5000)], 1001);
    expect(plan.publish).toEqual([]);
    expect(plan.schedule).toEqual([expect.objectContaining({ attempt: 1, dueAt: 5000 })]);
  });

  it('a retry becomes attempt+1 at nextRunAt, from the same batch or from stored first items', () => {
    expect(planDispatch([submitted(), retry(9000)], 2000).schedule).toEqual([expect.objectContaining({ attempt: 2, dueAt: 9000, causationId: 'e3' })]);
    const later = planDispatch([retry(1800)], 2000);
    expect(later.retries).toHaveLength(1);
    const first = planDispatch([submitted()], 1001).remember[0]!;
    expect(resolveRetries(later.retries, new Map([[jobId, first]]), 2000).publish).toEqual([expect.objectContaining({ attempt: 2 })]);
    expect(resolveRetries(later.retries, new Map(), 2000).missing).toHaveLength(1);
  });

  it('cancellation and terminal events forget the job; a non-UUID job id is rejected', () => {
    const cancelled: JobEvent = { type: 'JobCancelled', data: { meta: meta('e4', 3000), reason: null } };
    expect(planDispatch([cancelled], 3001)).toMatchObject({ cancel: [{ jobId, at: 3000 }], forget: [jobId] });
    const bad = { ...submitted(), data: { ...(submitted().data as JobSubmitted), meta: { ...meta('e5', 1), jobId: 'nope' } } } as JobEvent;
    expect(planDispatch([bad], 2).rejected).toHaveLength(1);
  });
});

describe('planDispatch of a directly dispatched submission', () => {
  const flagged = (runAt: number | null = null): JobEvent => {
    const e = submitted(runAt) as { type: 'JobSubmitted'; data: JobSubmitted };
    return { type: 'JobSubmitted', data: { ...e.data, workItemPublished: true } };
  };

  it('given workItemPublished, remembers the first work item but neither publishes nor schedules it', () => {
    const plan = planDispatch([flagged()], 1001);
    expect(plan.remember).toEqual([expect.objectContaining({ jobId, attempt: 1 })]);
    expect(plan.publish).toEqual([]);
    expect(plan.schedule).toEqual([]);
  });

  it('given workItemPublished, its retries are still planned from the remembered item', () => {
    expect(planDispatch([flagged(), retry(9000)], 2000).schedule).toEqual([expect.objectContaining({ attempt: 2, dueAt: 9000 })]);
    expect(planDispatch([flagged(), retry(1500)], 2000).publish).toEqual([expect.objectContaining({ attempt: 2 })]);
  });
});

describe('planDispatch of a requeue', () => {
  const requeued = (attempt: number): JobEvent => ({ type: 'JobRequeued', data: { meta: meta('e9', 5000), attempt, by: 'ops', reason: null, deadLetterId: 'd', redriveCount: 1 } });
  it('publishes the next attempt at once with a fresh attempt budget; a failed job is not forgotten', () => {
    const failed: JobEvent = { type: 'JobFailed', data: { meta: meta('e5', 4000), attempt: 3, durationMs: 1, error: { message: 'x', code: 'X', retriable: true } } };
    const plan = planDispatch([submitted(), failed, requeued(4)], 5001);
    expect(plan.forget).toEqual([]);
    expect(plan.publish).toEqual([expect.objectContaining({ attempt: 1 }), expect.objectContaining({ attempt: 4, maxAttempts: 6, dueAt: 5000, causationId: 'e9' })]);
    const later = planDispatch([requeued(4)], 5001);
    const first = planDispatch([submitted()], 1001).remember[0]!;
    expect(resolveRetries(later.retries, new Map([[jobId, first]]), 5001).publish).toEqual([expect.objectContaining({ attempt: 4 })]);
  });
});
