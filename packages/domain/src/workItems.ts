import type { JobRequeued, JobRetryScheduled, JobSubmitted, JobWorkItem } from '@conveyor/events';

/**
 * The work item of a submitted job's first attempt, due at its runAt or at once (pure). The dispatcher
 * remembers it (retries and requeues are built from it) and publishes it when due; the command API publishes
 * it itself, with the JobSubmitted, when it is runnable at once (direct dispatch).
 */
export function firstWorkItem(e: JobSubmitted): JobWorkItem {
  return {
    jobId: e.meta.jobId,
    attempt: 1,
    type: e.type,
    payloadJson: e.payloadJson,
    priority: e.priority,
    maxAttempts: e.maxAttempts,
    timeoutMs: e.timeoutMs,
    concurrencyKey: e.concurrencyKey,
    backoff: e.backoff,
    submittedAt: e.meta.occurredAt,
    dueAt: e.runAt !== null && e.runAt > e.meta.occurredAt ? e.runAt : e.meta.occurredAt,
    traceparent: e.meta.traceparent,
    tracestate: e.meta.tracestate,
    replay: e.meta.replay,
    causationId: e.meta.eventId,
    queue: e.queue,
  };
}

/** The work item of the attempt after the one a JobRetryScheduled records, from the job's first work item (pure). */
export function retryWorkItem(first: JobWorkItem, e: JobRetryScheduled): JobWorkItem {
  return {
    ...first,
    attempt: e.attempt + 1,
    dueAt: e.nextRunAt,
    // The retry continues the trace of the attempt that failed.
    traceparent: e.meta.traceparent ?? first.traceparent,
    tracestate: e.meta.traceparent ? e.meta.tracestate : first.tracestate,
    replay: e.meta.replay,
    causationId: e.meta.eventId,
  };
}

/**
 * The work item of a requeued (dead) job's next attempt, due at once (pure). The requeue grants the
 * job's attempt budget again: attempts `e.attempt` to `e.attempt + first.maxAttempts - 1`.
 */
export function requeueWorkItem(first: JobWorkItem, e: JobRequeued): JobWorkItem {
  return {
    ...first,
    attempt: e.attempt,
    maxAttempts: e.attempt - 1 + first.maxAttempts,
    dueAt: e.meta.occurredAt,
    traceparent: e.meta.traceparent ?? first.traceparent,
    tracestate: e.meta.traceparent ? e.meta.tracestate : first.tracestate,
    replay: e.meta.replay,
    causationId: e.meta.eventId,
  };
}

/** The work item a retry or a requeue makes runnable, from the job's first work item (pure). */
export function followUpWorkItem(first: JobWorkItem, e: FollowUp): JobWorkItem {
  return 'nextRunAt' in e ? retryWorkItem(first, e) : requeueWorkItem(first, e);
}

/** An event that makes a later attempt of a known job runnable. */
export type FollowUp = JobRetryScheduled | JobRequeued;

/**
 * Whether a work item must wait for a timer rather than be published now (pure): the dispatcher's rule, and
 * the command API's when it publishes a submission's first work item itself (direct dispatch).
 */
export function isDueLater(item: JobWorkItem, now: number): boolean {
  return item.dueAt > now;
}
