import type { JobEvent, JobPriority, JobError, Backoff } from '@conveyor/events';

/** The lifecycle of a job; terminal states never change again. */
export type JobStatus = 'queued' | 'scheduled' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled' | 'dead';

export const terminalStatuses: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled', 'dead']);

/** The current state of one job, folded from its events (the `jobs` read model row). */
export interface JobState {
  jobId: string;
  type: string;
  status: JobStatus;
  priority: JobPriority;
  payload: unknown;
  result: unknown;
  error: JobError | null;
  attempts: number;
  maxAttempts: number;
  timeoutMs: number | null;
  runAt: number | null;
  concurrencyKey: string | null;
  backoff: Backoff;
  idempotencyKey: string | null;
  scheduleId: string | null;
  submittedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** Run time of the last attempt, in milliseconds. */
  durationMs: number | null;
  /** From submission (or due time) to the first start, in milliseconds. */
  queueWaitMs: number | null;
  nextRunAt: number | null;
  /** The last progress its handler reported (0..1, JobProgressed), and its message; null before any. */
  progress: number | null;
  progressMessage: string | null;
  traceparent: string | null;
  actor: string;
  /** Number of events folded: the job's version. */
  version: number;
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

/** What a job's events fold after its submission: its state without the submission's trace context (public). */
export type JobLifecycle = Omit<JobState, 'traceparent'>;

/**
 * Folds one event into a job's state (pure). Events for an unknown job other than JobSubmitted are
 * ignored (they cannot be placed); a terminal state ignores later lifecycle changes but still counts
 * the version so the timeline stays complete.
 */
export function evolveJob(state: JobState | null, event: JobEvent): JobState | null {
  if (event.type === 'JobSubmitted') return state ?? submittedJob(event);
  return state ? evolveLifecycle(state, event) : null;
}

/** A job's state from its submission (pure). */
export function submittedJob(event: Extract<JobEvent, { type: 'JobSubmitted' }>): JobState {
  const e = event.data;
  const due = e.runAt !== null && e.runAt > e.meta.occurredAt;
  return {
    jobId: e.meta.jobId, type: e.type, status: due ? 'scheduled' : 'queued', priority: e.priority,
    payload: parseJson(e.payloadJson), result: null, error: null, attempts: 0, maxAttempts: e.maxAttempts,
    timeoutMs: e.timeoutMs, runAt: e.runAt, concurrencyKey: e.concurrencyKey, backoff: e.backoff,
    idempotencyKey: e.idempotencyKey, scheduleId: e.scheduleId, submittedAt: e.meta.occurredAt,
    startedAt: null, finishedAt: null, updatedAt: e.meta.occurredAt, durationMs: null, queueWaitMs: null,
    nextRunAt: e.runAt, progress: null, progressMessage: null, traceparent: e.meta.traceparent, actor: e.meta.actor, version: 1,
  };
}

/**
 * Folds one event into a submitted job's state (pure), as {@link evolveJob} does, returning a copy of
 * `state` that keeps every field it does not change, its own too (a read model row's trace id): one copy
 * per event, which the rebuild folds a million times. A repeated JobSubmitted returns `state` itself.
 */
export function evolveLifecycle<S extends JobLifecycle>(state: S, event: JobEvent): S {
  if (event.type === 'JobSubmitted') return state; // a redelivered submission changes nothing
  const at = event.data.meta.occurredAt;
  const updatedAt = Math.max(state.updatedAt, at);
  const version = state.version + 1;
  // Two ways out of a terminal state: a failed job's dead-lettering (`dead` is a failure parked in
  // the dead letters; JobFailed precedes it) and a re-drive (requeue of the dead letter, or replay's
  // redrive) of a dead (or failed) job: queued again for its next attempt; the last error and the
  // timeline stay.
  if (event.type === 'JobDeadLettered' && state.status === 'failed') {
    return { ...state, updatedAt, version, status: 'dead', error: event.data.error, attempts: Math.max(state.attempts, event.data.attempt) };
  }
  if (event.type === 'JobRequeued' && (state.status === 'dead' || state.status === 'failed')) {
    // Each requeue grants the job's maxAttempts again, from the attempt it runs next (so attempts may exceed maxAttempts).
    return { ...state, updatedAt, version, status: 'queued', finishedAt: null, nextRunAt: at, attempts: Math.max(state.attempts, event.data.attempt - 1) };
  }
  if (terminalStatuses.has(state.status)) return { ...state, updatedAt, version };
  switch (event.type) {
    case 'JobStarted': {
      const e = event.data;
      const dueAt = state.nextRunAt ?? state.runAt ?? state.submittedAt;
      return {
        ...state, updatedAt, version, status: 'running', attempts: Math.max(state.attempts, e.attempt), startedAt: at,
        queueWaitMs: state.queueWaitMs ?? Math.max(0, at - Math.max(dueAt, state.submittedAt)),
      };
    }
    case 'JobSucceeded':
      return { ...state, updatedAt, version, status: 'succeeded', result: parseJson(event.data.resultJson), error: null, durationMs: event.data.durationMs, finishedAt: at, attempts: Math.max(state.attempts, event.data.attempt) };
    case 'JobFailed':
      return { ...state, updatedAt, version, status: 'failed', error: event.data.error, durationMs: event.data.durationMs, finishedAt: at, attempts: Math.max(state.attempts, event.data.attempt) };
    case 'JobRetryScheduled':
      return { ...state, updatedAt, version, status: 'retrying', error: event.data.error, durationMs: event.data.durationMs, nextRunAt: event.data.nextRunAt, attempts: Math.max(state.attempts, event.data.attempt) };
    case 'JobDeadLettered':
      return { ...state, updatedAt, version, status: 'dead', error: event.data.error, finishedAt: at, attempts: Math.max(state.attempts, event.data.attempt) };
    case 'JobCancelled':
      return { ...state, updatedAt, version, status: 'cancelled', finishedAt: at };
    case 'JobRequeued':
      return { ...state, updatedAt, version }; // only a dead or failed job can be requeued (above)
    case 'JobProgressed':
      return { ...state, updatedAt, version, progress: event.data.fraction, progressMessage: event.data.message };
    case 'JobLogged':
      // A running handler's log line: it joins the timeline and the live stream (a new version); the status stays.
      return { ...state, updatedAt, version };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
