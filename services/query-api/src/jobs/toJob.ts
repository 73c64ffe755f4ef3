/** A job as the API shows it (docs/architecture.md `Job`); times are ISO 8601, durations in milliseconds. */
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
  traceId: string | null;
  actor: string;
}

/** A `jobs` row with the columns the API shows. */
export interface JobRecord {
  job_id: string; type: string; status: string; priority: string; payload: unknown; result: unknown;
  error: Job['error']; attempts: number; max_attempts: number; timeout_ms: number | null; run_at: Date | null;
  next_run_at: Date | null; concurrency_key: string | null; submitted_at: Date; started_at: Date | null;
  finished_at: Date | null; updated_at: Date; duration_ms: number | null; queue_wait_ms: number | null;
  trace_id: string | null; actor: string;
}

/** The columns to select for {@link toJob}. */
export const jobColumns = `job_id, type, status, priority, payload, result, error, attempts, max_attempts, timeout_ms, run_at,
  next_run_at, concurrency_key, submitted_at, started_at, finished_at, updated_at, duration_ms, queue_wait_ms, trace_id, actor`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Maps a `jobs` row to the API's Job (pure). */
export function toJob(r: JobRecord): Job {
  return {
    jobId: r.job_id, type: r.type, status: r.status, priority: r.priority, payload: r.payload, result: r.result,
    error: r.error, attempts: r.attempts, maxAttempts: r.max_attempts, timeoutMs: r.timeout_ms, runAt: iso(r.run_at),
    nextRunAt: iso(r.next_run_at), concurrencyKey: r.concurrency_key, submittedAt: r.submitted_at.toISOString(),
    startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), updatedAt: r.updated_at.toISOString(),
    durationMs: r.duration_ms, queueWaitMs: r.queue_wait_ms, traceId: r.trace_id, actor: r.actor,
  };
}
