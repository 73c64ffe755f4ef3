import { request } from './http';
import type { Page } from './types';

/** A dead letter: a job that exhausted its attempts or failed for good (fields beyond jobId vary by server version). */
export interface DeadLetter {
  jobId: string;
  type?: string;
  error?: { message?: string; code?: string; retriable?: boolean } | null;
  cause?: unknown;
  attempts?: number;
  deadLetteredAt?: string;
  occurredAt?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export function listDeadLetters(query: { type?: string; cursor?: string; limit?: number } = {}): Promise<Page<DeadLetter>> {
  return request<Page<DeadLetter>>('query', '/v1/dead-letters', { query });
}

/** Puts a dead letter back to work as a new attempt. */
export function requeueDeadLetter(jobId: string): Promise<unknown> {
  return request('command', `/v1/dead-letters/${encodeURIComponent(jobId)}/requeue`, { method: 'POST', body: {} });
}

/** Drops a dead letter for good. */
export function discardDeadLetter(jobId: string): Promise<unknown> {
  return request('command', `/v1/dead-letters/${encodeURIComponent(jobId)}/discard`, { method: 'POST', body: {} });
}
