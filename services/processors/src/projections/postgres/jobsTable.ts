import type { PoolClient } from '@conveyor/runtime';
import type { JobRow } from '../jobsProjection';

/** A `jobs` row as pg returns it. */
export interface JobsRecord {
  job_id: string; type: string; status: JobRow['status']; priority: JobRow['priority'];
  payload: unknown; result: unknown; error: JobRow['error'];
  attempts: number; max_attempts: number; timeout_ms: number | null;
  run_at: Date | null; next_run_at: Date | null; concurrency_key: string | null; backoff: JobRow['backoff'];
  idempotency_key: string | null; schedule_id: string | null;
  submitted_at: Date; started_at: Date | null; finished_at: Date | null; updated_at: Date;
  duration_ms: number | null; queue_wait_ms: number | null; trace_id: string | null; actor: string; version: number;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** Maps a `jobs` record to a job row (pure). */
export function fromJobsRecord(r: JobsRecord): JobRow {
  return {
    jobId: r.job_id, type: r.type, status: r.status, priority: r.priority, payload: r.payload, result: r.result,
    error: r.error, attempts: r.attempts, maxAttempts: r.max_attempts, timeoutMs: r.timeout_ms, runAt: ms(r.run_at),
    nextRunAt: ms(r.next_run_at), concurrencyKey: r.concurrency_key, backoff: r.backoff, idempotencyKey: r.idempotency_key,
    scheduleId: r.schedule_id, submittedAt: r.submitted_at.getTime(), startedAt: ms(r.started_at),
    finishedAt: ms(r.finished_at), updatedAt: r.updated_at.getTime(), durationMs: r.duration_ms,
    queueWaitMs: r.queue_wait_ms, traceId: r.trace_id, actor: r.actor, version: r.version,
  };
}

/** Maps a job row to the JSON object `jsonb_to_recordset` reads (pure). */
export function toJobsRecordJson(j: JobRow): Record<string, unknown> {
  return {
    job_id: j.jobId, type: j.type, status: j.status, priority: j.priority, payload: j.payload ?? null, result: j.result ?? null,
    error: j.error, attempts: j.attempts, max_attempts: j.maxAttempts, timeout_ms: j.timeoutMs, run_at: iso(j.runAt),
    next_run_at: iso(j.nextRunAt), concurrency_key: j.concurrencyKey, backoff: j.backoff, idempotency_key: j.idempotencyKey,
    schedule_id: j.scheduleId, submitted_at: iso(j.submittedAt), started_at: iso(j.startedAt), finished_at: iso(j.finishedAt),
    updated_at: iso(j.updatedAt), duration_ms: j.durationMs, queue_wait_ms: j.queueWaitMs, trace_id: j.traceId,
    actor: j.actor, version: j.version,
  };
}

const columns = `job_id uuid, type text, status text, priority text, payload jsonb, result jsonb, error jsonb,
  attempts int, max_attempts int, timeout_ms int, run_at timestamptz, next_run_at timestamptz, concurrency_key text,
  backoff jsonb, idempotency_key text, schedule_id text, submitted_at timestamptz, started_at timestamptz,
  finished_at timestamptz, updated_at timestamptz, duration_ms int, queue_wait_ms int, trace_id text, actor text, version int`;
const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0] as string);

const upsertSql = `
  insert into jobs (${names.join(', ')})
  select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as r(${columns})
  order by job_id
  on conflict (job_id) do update set
    ${names.filter((n) => n !== 'job_id').map((n) => `${n} = excluded.${n}`).join(', ')}`;

/** Loads and locks (`for update`) the rows of the given jobs. */
export async function lockJobs(client: PoolClient, jobIds: readonly string[]): Promise<Map<string, JobRow>> {
  if (!jobIds.length) return new Map();
  const { rows } = await client.query<JobsRecord>(
    'select * from jobs where job_id = any($1::uuid[]) order by job_id for update', [jobIds]);
  return new Map(rows.map((r) => [r.job_id, fromJobsRecord(r)]));
}

/** Inserts or replaces job rows, in one statement. */
export async function upsertJobs(client: PoolClient, jobs: readonly JobRow[]): Promise<void> {
  if (!jobs.length) return;
  await client.query(upsertSql, [JSON.stringify(jobs.map(toJobsRecordJson))]);
}
