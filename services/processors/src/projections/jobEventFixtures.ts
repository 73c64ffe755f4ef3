import { randomUUID } from 'node:crypto';
import type { EventMetadata, JobError, JobEvent } from '@conveyor/events';

/**
 * Builders of job events for tests (internal): each takes the job id and the event time in epoch
 * milliseconds, and fills the rest with plausible values.
 */
const meta = (jobId: string, at: number, traceparent: string | null = null): EventMetadata => ({
  eventId: randomUUID(), jobId, occurredAt: at, actor: 'test', traceparent, tracestate: null, replay: false, causationId: null,
});

export const boom: JobError = { message: 'boom', code: 'E_BOOM', retriable: true };

export const jobEvents = {
  submitted: (jobId: string, at: number, o: { type?: string; payload?: unknown; maxAttempts?: number; traceparent?: string } = {}): JobEvent => ({
    type: 'JobSubmitted',
    data: {
      meta: meta(jobId, at, o.traceparent ?? null), type: o.type ?? 'noop', payloadJson: JSON.stringify(o.payload ?? { n: 1 }),
      priority: 'normal', maxAttempts: o.maxAttempts ?? 3, timeoutMs: null, runAt: null, concurrencyKey: null,
      backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 1000 }, idempotencyKey: null, scheduleId: null, queue: 'default',
    },
  }),
  started: (jobId: string, at: number, attempt = 1): JobEvent => ({ type: 'JobStarted', data: { meta: meta(jobId, at), attempt, workerId: 'w1' } }),
  succeeded: (jobId: string, at: number, attempt = 1, durationMs = 20): JobEvent => ({
    type: 'JobSucceeded', data: { meta: meta(jobId, at), attempt, durationMs, resultJson: '{"ok":true}' },
  }),
  failed: (jobId: string, at: number, attempt = 1, durationMs = 20): JobEvent => ({
    type: 'JobFailed', data: { meta: meta(jobId, at), attempt, durationMs, error: { ...boom, retriable: false } },
  }),
  retryScheduled: (jobId: string, at: number, attempt = 1, durationMs = 20): JobEvent => ({
    type: 'JobRetryScheduled', data: { meta: meta(jobId, at), attempt, durationMs, error: boom, nextRunAt: at + 100 },
  }),
  cancelled: (jobId: string, at: number): JobEvent => ({ type: 'JobCancelled', data: { meta: meta(jobId, at), reason: 'test' } }),
  deadLettered: (jobId: string, at: number, attempt = 1): JobEvent => ({
    type: 'JobDeadLettered',
    data: { meta: meta(jobId, at), attempt, cause: 'attempts_exhausted', error: boom, originTopic: 'conveyor.job-work.normal', originPartition: 0, originOffset: '0' },
  }),
};
