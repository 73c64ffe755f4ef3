import { ConflictError, NotFoundError } from '@conveyor/errors';
import type { JobEvent } from '@conveyor/events';
import { cancelJob, submitJob, type SubmitJob } from './decideJob';
import { decideAttempt } from './decideAttempt';
import { evolveJob, type JobState } from './jobState';

const meta = (now: number, eventId = `e${now}`) => ({ eventId, now, actor: 'test', traceparent: null, tracestate: null });
const submit: SubmitJob = {
  type: 'SubmitJob', jobId: 'j1', meta: meta(1000),
  data: { jobType: 'noop', payload: { a: 1 }, priority: 'normal', maxAttempts: 3, timeoutMs: null, runAt: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null },
};
const fold = (events: JobEvent[]) => events.reduce<JobState | null>((s, e) => evolveJob(s, e), null);

describe('job decider', () => {
  it('given no job, when SubmitJob, then JobSubmitted with the payload as JSON', () => {
    const events = submitJob(submit, null);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'JobSubmitted', data: { type: 'noop', payloadJson: '{"a":1}', meta: { jobId: 'j1', occurredAt: 1000 } } });
    expect(fold(events)).toMatchObject({ status: 'queued', payload: { a: 1 }, version: 1 });
  });

  it('given a submitted job, when SubmitJob again, then nothing', () => {
    expect(submitJob(submit, fold(submitJob(submit, null)))).toEqual([]);
  });

  it('a runAt in the future makes the job scheduled', () => {
    const s = fold(submitJob({ ...submit, data: { ...submit.data, runAt: 5000 } }, null));
    expect(s?.status).toBe('scheduled');
  });

  it('cancel: unknown job is NotFound, finished job is Conflict, queued job is cancelled', () => {
    const cancel = { type: 'CancelJob' as const, jobId: 'j1', meta: meta(2000), data: { reason: 'no longer needed' } };
    expect(() => cancelJob(cancel, null)).toThrow(NotFoundError);
    const submitted = submitJob(submit, null);
    const cancelled = cancelJob(cancel, fold(submitted));
    expect(fold([...submitted, ...cancelled])).toMatchObject({ status: 'cancelled', finishedAt: 2000 });
    expect(() => cancelJob(cancel, fold([...submitted, ...cancelled]))).toThrow(ConflictError);
  });
});

describe('attempt decider', () => {
  const ctx = { jobId: 'j1', attempt: 1, maxAttempts: 2, backoff: { kind: 'fixed' as const, delayMs: 500, maxDelayMs: 500 }, durationMs: 12.4 };
  const err = { message: 'boom', code: 'HANDLER_ERROR', retriable: true };

  it('success → JobSucceeded with the result', () => {
    expect(decideAttempt(ctx, { kind: 'succeeded', result: { n: 1 } }, meta(3000), 0)).toEqual([
      { type: 'JobSucceeded', data: { meta: expect.objectContaining({ jobId: 'j1' }), attempt: 1, durationMs: 12, resultJson: '{"n":1}' } },
    ]);
  });

  it('retriable failure with attempts left → JobRetryScheduled after the backoff', () => {
    const [e] = decideAttempt(ctx, { kind: 'failed', error: err }, meta(3000), 0);
    expect(e).toMatchObject({ type: 'JobRetryScheduled', data: { attempt: 1, nextRunAt: 3500, error: err } });
  });

  it('last attempt or non-retriable → JobFailed', () => {
    expect(decideAttempt({ ...ctx, attempt: 2 }, { kind: 'failed', error: err }, meta(3000), 0)[0]?.type).toBe('JobFailed');
    expect(decideAttempt(ctx, { kind: 'failed', error: { ...err, retriable: false } }, meta(3000), 0)[0]?.type).toBe('JobFailed');
  });

  it('the whole lifecycle folds to succeeded with queue wait and duration', () => {
    const events: JobEvent[] = [
      ...submitJob(submit, null),
      { type: 'JobStarted', data: { meta: { ...submitJob(submit, null)[0]!.data.meta, eventId: 's', occurredAt: 1200 }, attempt: 1, workerId: 'w' } },
      ...decideAttempt(ctx, { kind: 'succeeded', result: null }, meta(1300), 0),
    ];
    expect(fold(events)).toMatchObject({ status: 'succeeded', attempts: 1, queueWaitMs: 200, durationMs: 12, finishedAt: 1300, version: 3 });
  });
});

describe('dead letters and requeue', () => {
  const m = (eventId: string, occurredAt: number) => ({ eventId, jobId: 'j1', occurredAt, actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null });
  const err = { message: 'boom', code: 'HANDLER_ERROR', retriable: true };
  const failed: JobEvent[] = [
    ...submitJob(submit, null),
    { type: 'JobFailed', data: { meta: m('f', 2000), attempt: 3, durationMs: 5, error: err } },
  ];
  const dead: JobEvent = {
    type: 'JobDeadLettered',
    data: { meta: m('d', 2001), attempt: 3, cause: 'attempts_exhausted', error: err, originTopic: 'w', originPartition: 0, originOffset: '7' },
  };
  const requeued: JobEvent = { type: 'JobRequeued', data: { meta: m('r', 3000), attempt: 4, by: 'ops', reason: null, deadLetterId: 'd', redriveCount: 1 } };
  it('given a failed job, when JobDeadLettered, then it is dead (a subset of failed, finished when it failed)', () => {
    expect(fold([...failed, dead])).toMatchObject({ status: 'dead', finishedAt: 2000, attempts: 3 });
  });
  it('given a dead job, when JobRequeued, then it is queued again for its next attempt', () => {
    expect(fold([...failed, dead, requeued])).toMatchObject({ status: 'queued', finishedAt: null, nextRunAt: 3000, attempts: 3, error: err });
  });
  it('a requeue of a job that is not dead or failed changes nothing but the version', () => {
    const s = fold([...submitJob(submit, null), requeued]);
    expect(s).toMatchObject({ status: 'queued', version: 2 });
  });
});
