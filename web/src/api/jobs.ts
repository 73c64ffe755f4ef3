import type { JobQuery as ClientJobQuery, JobSort } from '@conveyor/client';
import { conveyor } from './client';
import type { Job, JobDetail, Page, Positioned, SubmitJobRequest, SubmitJobResponse } from './types';

export type { JobSort };

/** Query of `GET /v1/jobs`; times are ISO strings. */
export type JobQuery = Omit<ClientJobQuery, 'status' | 'type' | 'after'> & { status?: string[]; type?: string };

export type { Positioned };

/** One page of jobs (keyset pagination: pass `nextCursor` back as `cursor`). */
export function listJobs(query: JobQuery, signal?: AbortSignal): Promise<Page<Job>> {
  return conveyor().list(query, { signal });
}

/**
 * Fetches a job and its timeline. `after`, the position a command answered (read your own writes), makes
 * the query API answer only once the job's projection has passed it: a job just submitted is there.
 */
export function getJob(jobId: string, signal?: AbortSignal, after?: string | null): Promise<JobDetail> {
  return conveyor().get(jobId, { signal, after });
}

/** Submits a job; `idempotencyKey` goes in the Idempotency-Key header. */
export function submitJob(job: SubmitJobRequest, idempotencyKey?: string): Promise<Positioned<SubmitJobResponse>> {
  return conveyor().submit(job, { idempotencyKey });
}

/** Asks for a job's cancellation: 404 unknown, 409 already finished. */
export function cancelJob(jobId: string, reason?: string): Promise<Positioned<{ jobId: string; status: string }>> {
  return conveyor().cancel(jobId, { reason });
}
