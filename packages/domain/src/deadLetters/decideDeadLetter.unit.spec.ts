import { ConflictError } from '@conveyor/errors';
import type { JobFailed } from '@conveyor/events';
import { deadLetterJob, discardDeadLetter, redriveDeadLetter, requeueDeadLetter } from './decideDeadLetter';
import type { DeadLetterState } from './deadLetterState';

const meta = (now: number, eventId = `e${now}`) => ({ eventId, now, actor: 'ops', traceparent: null, tracestate: null });
const failed = (error: JobFailed['error']): JobFailed => ({
  meta: { eventId: 'f1', jobId: 'j1', occurredAt: 900, actor: 'w1', traceparent: null, tracestate: null, replay: false, causationId: null },
  attempt: 3, durationMs: 12, error,
});
const letter = (over: Partial<DeadLetterState> = {}): DeadLetterState => ({
  id: 'd1', jobId: 'j1', status: 'dead', job: { status: 'dead', attempts: 3 }, requeues: 0, ...over,
});
const origin = { topic: 'conveyor.job-work.normal', partition: 2, offset: '41' };

describe('dead-letter deciders', () => {
  describe('deadLetterJob', () => {
    it('given a JobFailed with retriable error, when DeadLetterJob, then JobDeadLettered attempts_exhausted with its origin', () => {
      const e = deadLetterJob({ type: 'DeadLetterJob', origin, meta: meta(1000, 'dl1') }, failed({ message: 'boom', code: 'E', retriable: true }));
      expect(e).toEqual({
        meta: expect.objectContaining({ eventId: 'dl1', jobId: 'j1', occurredAt: 1000 }), attempt: 3, cause: 'attempts_exhausted',
        error: { message: 'boom', code: 'E', retriable: true }, originTopic: origin.topic, originPartition: 2, originOffset: '41',
      });
    });

    it('given a non-retriable error or an unknown type, when DeadLetterJob, then the cause says so', () => {
      const cmd = { type: 'DeadLetterJob' as const, origin, meta: meta(1) };
      expect(deadLetterJob(cmd, failed({ message: 'no', code: 'BAD', retriable: false })).cause).toBe('non_retriable');
      expect(deadLetterJob(cmd, failed({ message: 'no', code: 'UNKNOWN_TYPE', retriable: false })).cause).toBe('unknown_type');
    });
  });

  describe('requeueDeadLetter', () => {
    const requeue = { type: 'RequeueDeadLetter' as const, reason: 'fixed', meta: meta(2000, 'r1') };

    it('given a dead letter of a dead job, when RequeueDeadLetter, then JobRequeued of the next attempt', () => {
      expect(requeueDeadLetter(requeue, letter({ requeues: 1 }))).toEqual({
        meta: expect.objectContaining({ eventId: 'r1', jobId: 'j1', occurredAt: 2000, actor: 'ops' }),
        attempt: 4, by: 'ops', reason: 'fixed', deadLetterId: 'd1', redriveCount: 2,
      });
    });

    it('given a letter already requeued, a poison message or a job running again, when RequeueDeadLetter, then ConflictError', () => {
      expect(() => requeueDeadLetter(requeue, letter({ status: 'requeued' }))).toThrow(ConflictError);
      expect(() => requeueDeadLetter(requeue, letter({ jobId: null, job: null }))).toThrow(/poison/);
      expect(() => requeueDeadLetter(requeue, letter({ job: { status: 'queued', attempts: 3 } }))).toThrow(/not dead/);
    });
  });

  describe('redriveDeadLetter', () => {
    const redrive = { type: 'RedriveDeadLetter' as const, reason: null, maxRedrives: 2, meta: meta(3000, 'rd1') };

    it('given a letter re-driven fewer times than allowed, when RedriveDeadLetter, then the same JobRequeued as a requeue', () => {
      expect(redriveDeadLetter(redrive, letter({ requeues: 1 }))).toEqual({
        kind: 'requeued', event: requeueDeadLetter({ type: 'RequeueDeadLetter', reason: null, meta: redrive.meta }, letter({ requeues: 1 })),
      });
    });

    it('given a letter re-driven maxRedrives times, when RedriveDeadLetter, then quarantined', () => {
      expect(redriveDeadLetter(redrive, letter({ requeues: 2 }))).toEqual({ kind: 'quarantined' });
    });
  });

  describe('discardDeadLetter', () => {
    const discard = { type: 'DiscardDeadLetter' as const, reason: 'spam', meta: meta(4000, 'x1') };

    it('given a dead or quarantined letter, when DiscardDeadLetter, then DeadLetterDiscarded', () => {
      expect(discardDeadLetter(discard, letter({ status: 'quarantined' }))).toEqual({ deadLetterId: 'd1', jobId: 'j1', by: 'ops', reason: 'spam', eventId: 'x1', occurredAt: 4000 });
    });

    it('given a letter already discarded, when DiscardDeadLetter, then ConflictError', () => {
      expect(() => discardDeadLetter(discard, letter({ status: 'discarded' }))).toThrow(ConflictError);
    });
  });
});
