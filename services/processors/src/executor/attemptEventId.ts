import { createHash } from 'node:crypto';

/**
 * The event id of what an attempt publishes, derived from (job, attempt, what) (pure): a worker that
 * takes over a crashed worker's attempt republishes the same facts under the same ids, so consumers
 * that deduplicate by event id (the projector's job_events) see each fact once. A UUID of version 5 layout.
 */
export function attemptEventId(jobId: string, attempt: number, what: 'started' | 'outcome' | 'dead-letter'): string {
  return deterministicUuid(`conveyor:${jobId}:${attempt}:${what}`);
}

/** A UUID (version 5 layout) derived from a name (pure): the same name, the same id. */
export function deterministicUuid(name: string): string {
  const b = createHash('sha1').update(name).digest().subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
