import type { JobState, JobStatus } from '@conveyor/domain';
import { redactSecrets } from '@conveyor/job-types/secrets';

/** A row of the `jobs` table as pg returns it (snake_case columns, timestamps as Date) (public). */
export interface JobsTableRow {
  job_id: string;
  type: string;
  status: JobStatus;
  priority: JobState['priority'];
  payload: unknown;
  result: unknown;
  error: JobState['error'];
  attempts: number;
  max_attempts: number;
  timeout_ms: number | null;
  run_at: Date | null;
  next_run_at: Date | null;
  concurrency_key: string | null;
  backoff: JobState['backoff'];
  idempotency_key: string | null;
  schedule_id: string | null;
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
  duration_ms: number | null;
  queue_wait_ms: number | null;
  progress: number | null;
  progress_message: string | null;
  trace_id: string | null;
  actor: string;
  version: number;
}

/**
 * A job as the projector folds it (public): the domain's state (times in epoch milliseconds) with the
 * trace id of its submission instead of the full traceparent. One `jobs` row.
 */
export type ProjectedJob = Omit<JobState, 'traceparent'> & { traceId: string | null };

/** A job as the query API shows it (docs/architecture.md `Job`); times are ISO 8601, durations in milliseconds (public). */
export interface Job {
  jobId: string;
  type: string;
  status: string;
  priority: string;
  payload: unknown;
  result: unknown;
  error: { message: string; code: string; retriable: boolean } | null;
  attempts: number;
  maxAttempts: number;
  timeoutMs: number | null;
  runAt: string | null;
  /** When a retrying or scheduled job runs next. */
  nextRunAt: string | null;
  concurrencyKey: string | null;
  submittedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  durationMs: number | null;
  queueWaitMs: number | null;
  /** The last progress the handler reported, 0 to 1 (JobProgressed); null before any. */
  progress: number | null;
  progressMessage: string | null;
  traceId: string | null;
  actor: string;
}

/** The `jobs` columns {@link toJob} reads. */
export type JobApiColumns = Omit<JobsTableRow, 'backoff' | 'idempotency_key' | 'schedule_id' | 'version'>;

/** The columns to select for {@link toJob}. */
export const jobApiColumns = `job_id, type, status, priority, payload, result, error, attempts, max_attempts, timeout_ms, run_at,
  next_run_at, concurrency_key, submitted_at, started_at, finished_at, updated_at, duration_ms, queue_wait_ms, progress, progress_message, trace_id, actor`;

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The projector's job of a `jobs` row (pure). */
export function toProjectedJob(r: JobsTableRow): ProjectedJob {
  return {
    jobId: r.job_id, type: r.type, status: r.status, priority: r.priority, payload: r.payload, result: r.result,
    error: r.error, attempts: r.attempts, maxAttempts: r.max_attempts, timeoutMs: r.timeout_ms, runAt: ms(r.run_at),
    nextRunAt: ms(r.next_run_at), concurrencyKey: r.concurrency_key, backoff: r.backoff, idempotencyKey: r.idempotency_key,
    scheduleId: r.schedule_id, submittedAt: r.submitted_at.getTime(), startedAt: ms(r.started_at),
    finishedAt: ms(r.finished_at), updatedAt: r.updated_at.getTime(), durationMs: r.duration_ms,
    queueWaitMs: r.queue_wait_ms, progress: r.progress, progressMessage: r.progress_message, traceId: r.trace_id, actor: r.actor, version: r.version,
  };
}

/** The decider's JobState of a `jobs` row (pure): the row keeps the trace id, not the full traceparent. For the command API. */
export function toJobState(r: JobsTableRow): JobState {
  const { traceId: _traceId, ...state } = toProjectedJob(r);
  return { ...state, traceparent: null };
}

/**
 * The API's Job of a `jobs` row (pure). For the query API. Sealed secrets (issue 11) read `"[redacted]"`:
 * no read path decrypts.
 */
export function toJob(r: JobApiColumns): Job {
  return {
    jobId: r.job_id, type: r.type, status: r.status, priority: r.priority, payload: redactSecrets(r.payload), result: redactSecrets(r.result),
    error: r.error, attempts: r.attempts, maxAttempts: r.max_attempts, timeoutMs: r.timeout_ms, runAt: iso(r.run_at),
    nextRunAt: iso(r.next_run_at), concurrencyKey: r.concurrency_key, submittedAt: r.submitted_at.toISOString(),
    startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), updatedAt: r.updated_at.toISOString(),
    durationMs: r.duration_ms, queueWaitMs: r.queue_wait_ms, progress: r.progress, progressMessage: r.progress_message, traceId: r.trace_id, actor: r.actor,
  };
}
