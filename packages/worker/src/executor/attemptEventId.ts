import { deterministicUuid } from '@conveyor/runtime';

/**
 * The event id of what an attempt publishes, derived from (job, attempt, what) (pure): a worker that
 * takes over a crashed worker's attempt republishes the same facts under the same ids, so consumers
 * that deduplicate by event id (the projector's job_events) see each fact once. A UUID of version 5 layout.
 */
export function attemptEventId(jobId: string, attempt: number, what: 'started' | 'outcome' | 'dead-letter'): string {
  return deterministicUuid(`conveyor:${jobId}:${attempt}:${what}`);
}
