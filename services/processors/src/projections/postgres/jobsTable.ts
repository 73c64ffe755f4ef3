import { toProjectedJob, type JobsTableRow, type ProjectedJob } from '@conveyor/read-model';
import type { PoolClient } from '@conveyor/runtime';
import { runWrites, type WritePart } from './batchWrites';

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** Maps a job row to the JSON object `jsonb_to_recordset` reads (pure). */
export function toJobsRecordJson(j: ProjectedJob): Record<string, unknown> {
  return {
    job_id: j.jobId, type: j.type, status: j.status, priority: j.priority, payload: j.payload ?? null, result: j.result ?? null,
    error: j.error, attempts: j.attempts, max_attempts: j.maxAttempts, timeout_ms: j.timeoutMs, run_at: iso(j.runAt),
    next_run_at: iso(j.nextRunAt), concurrency_key: j.concurrencyKey, backoff: j.backoff, idempotency_key: j.idempotencyKey,
    schedule_id: j.scheduleId, submitted_at: iso(j.submittedAt), started_at: iso(j.startedAt), finished_at: iso(j.finishedAt),
    updated_at: iso(j.updatedAt), duration_ms: j.durationMs, queue_wait_ms: j.queueWaitMs, progress: j.progress, progress_message: j.progressMessage, trace_id: j.traceId,
    actor: j.actor, version: j.version,
  };
}

const columns = `job_id uuid, type text, status text, priority text, payload jsonb, result jsonb, error jsonb,
  attempts int, max_attempts int, timeout_ms int, run_at timestamptz, next_run_at timestamptz, concurrency_key text,
  backoff jsonb, idempotency_key text, schedule_id text, submitted_at timestamptz, started_at timestamptz,
  finished_at timestamptz, updated_at timestamptz, duration_ms int, queue_wait_ms int, progress real, progress_message text, trace_id text, actor text, version int`;
const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0] as string);

const upsertSql = (json: string) => `
  insert into jobs (${names.join(', ')})
  select ${names.join(', ')} from jsonb_to_recordset(${json}::jsonb) as r(${columns})
  order by job_id
  on conflict (job_id) do update set
    ${names.filter((n) => n !== 'job_id').map((n) => `${n} = excluded.${n}`).join(', ')}
  returning 1`;

/** Loads and locks (`for update`) the rows of the given jobs. */
export async function lockJobs(client: PoolClient, jobIds: readonly string[]): Promise<Map<string, ProjectedJob>> {
  if (!jobIds.length) return new Map();
  const { rows } = await client.query<JobsTableRow>(
    'select * from jobs where job_id = any($1::uuid[]) order by job_id for update', [jobIds]);
  return new Map(rows.map((r) => [r.job_id, toProjectedJob(r)]));
}

/** The write that inserts or replaces job rows (a part of a batch's one write statement); null for none. */
export function upsertJobsPart(jobs: readonly ProjectedJob[]): WritePart | null {
  if (!jobs.length) return null;
  return { name: 'jobs_upserted', sql: (param) => upsertSql(param(JSON.stringify(jobs.map(toJobsRecordJson)))) };
}

/** Inserts or replaces job rows, in one statement. */
export async function upsertJobs(client: PoolClient, jobs: readonly ProjectedJob[]): Promise<void> {
  const part = upsertJobsPart(jobs);
  if (part) await runWrites(client, [part]);
}
