import { request } from './http';
import type { Job, JobDetail, Page, SubmitJobRequest, SubmitJobResponse } from './types';

export type JobSort = '-submittedAt' | 'submittedAt' | '-updatedAt';

/** Query of `GET /v1/jobs`; times are ISO strings. */
export interface JobQuery {
  status?: string[];
  type?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: JobSort;
  limit?: number;
  cursor?: string;
}

/** One page of jobs (keyset pagination: pass `nextCursor` back as `cursor`). */
export function listJobs(query: JobQuery, signal?: AbortSignal): Promise<Page<Job>> {
  const { status, ...rest } = query;
  // The query API takes the statuses comma-separated.
  return request<Page<Job>>('query', '/v1/jobs', { query: { ...rest, status: status?.length ? status.join(',') : undefined }, signal });
}

/** A job with its event timeline. */
/**
 * Fetches a job and its timeline. `waitMs` asks the query API to wait that long for a job not projected
 * yet (one just submitted) before answering 404, so opening a new job does not flash "not found".
 */
export function getJob(jobId: string, signal?: AbortSignal, waitMs = 0): Promise<JobDetail> {
  const wait = waitMs > 0 ? `?waitMs=${waitMs}` : '';
  return request<JobDetail>('query', `/v1/jobs/${encodeURIComponent(jobId)}${wait}`, { signal });
}

/** Submits a job; `idempotencyKey` goes in the Idempotency-Key header. */
export function submitJob(job: SubmitJobRequest, idempotencyKey?: string): Promise<SubmitJobResponse> {
  return request<SubmitJobResponse>('command', '/v1/jobs', {
    method: 'POST',
    body: job,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
  });
}

/** Asks for a job's cancellation: 404 unknown, 409 already finished. */
export function cancelJob(jobId: string, reason?: string): Promise<{ jobId: string; status: string }> {
  return request('command', `/v1/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', body: reason ? { reason } : {} });
}
