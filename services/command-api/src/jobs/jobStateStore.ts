import type { JobState, JobStatus } from '@conveyor/domain';
import type { Backoff, JobError, JobPriority } from '@conveyor/events';
import type { Pool } from '@conveyor/runtime';

/** A row of the `jobs` read model, as pg returns it. */
export interface JobRow {
  job_id: string;
  type: string;
  status: JobStatus;
  priority: JobPriority;
  payload: unknown;
  result: unknown;
  error: JobError | null;
  attempts: number;
  max_attempts: number;
  timeout_ms: number | null;
  run_at: Date | null;
  next_run_at: Date | null;
  concurrency_key: string | null;
  backoff: Backoff;
  idempotency_key: string | null;
  schedule_id: string | null;
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
  duration_ms: number | null;
  queue_wait_ms: number | null;
  trace_id: string | null;
  actor: string;
  version: number;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/** The decider's JobState of a read-model row (pure). The row keeps the trace id, not the full traceparent. */
export function rowToJobState(row: JobRow): JobState {
  return {
    jobId: row.job_id, type: row.type, status: row.status, priority: row.priority, payload: row.payload,
    result: row.result, error: row.error, attempts: row.attempts, maxAttempts: row.max_attempts,
    timeoutMs: row.timeout_ms, runAt: ms(row.run_at), concurrencyKey: row.concurrency_key, backoff: row.backoff,
    idempotencyKey: row.idempotency_key, scheduleId: row.schedule_id, submittedAt: row.submitted_at.getTime(),
    startedAt: ms(row.started_at), finishedAt: ms(row.finished_at), updatedAt: row.updated_at.getTime(),
    durationMs: row.duration_ms, queueWaitMs: row.queue_wait_ms, nextRunAt: ms(row.next_run_at),
    traceparent: null, actor: row.actor, version: row.version,
  };
}

/** Loads a job's state from the `jobs` read model, which the processors project from the log (internal). */
export function createJobStateStore(options: { pool: Pool }) {
  return {
    async load(jobId: string): Promise<JobState | null> {
      const { rows } = await options.pool.query<JobRow>('select * from jobs where job_id = $1', [jobId]);
      return rows[0] ? rowToJobState(rows[0]) : null;
    },
  };
}

export type JobStateStore = ReturnType<typeof createJobStateStore>;
