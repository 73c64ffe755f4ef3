import { answered, body, commandApi, positionOf, queryApi } from './client';
import type { operations } from './generated/queryApi';
import type { Job, JobDetail, Page, SubmitJobRequest, SubmitJobResponse } from './types';

export type JobSort = NonNullable<NonNullable<operations['listJobs']['parameters']['query']>['sort']>;

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

/** A command's answer with the log position of its events (`Conveyor-Position`; null when none was published). */
export type Positioned<T> = T & { position: string | null };

/** One page of jobs (keyset pagination: pass `nextCursor` back as `cursor`). */
export function listJobs(query: JobQuery, signal?: AbortSignal): Promise<Page<Job>> {
  const { status, ...rest } = query;
  // The query API takes the statuses comma-separated.
  return body(queryApi().GET('/v1/jobs', { params: { query: { ...rest, status: status?.length ? status.join(',') : undefined } }, signal }));
}

/**
 * Fetches a job and its timeline. `after`, the position a command answered (read your own writes), makes
 * the query API answer only once the job's projection has passed it: a job just submitted is there.
 */
export function getJob(jobId: string, signal?: AbortSignal, after?: string | null): Promise<JobDetail> {
  return body(queryApi().GET('/v1/jobs/{id}', { params: { path: { id: jobId }, query: { after: after ?? undefined } }, signal }));
}

/** Submits a job; `idempotencyKey` goes in the Idempotency-Key header. */
export async function submitJob(job: SubmitJobRequest, idempotencyKey?: string): Promise<Positioned<SubmitJobResponse>> {
  const { data, response } = await answered(commandApi().POST('/v1/jobs', {
    body: job,
    params: { header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} },
  }));
  return { ...data, position: positionOf(response) };
}

/** Asks for a job's cancellation: 404 unknown, 409 already finished. */
export async function cancelJob(jobId: string, reason?: string): Promise<Positioned<{ jobId: string; status: string }>> {
  const { data, response } = await answered(commandApi().POST('/v1/jobs/{id}/cancel', { params: { path: { id: jobId } }, body: reason ? { reason } : {} }));
  return { ...data, position: positionOf(response) };
}
