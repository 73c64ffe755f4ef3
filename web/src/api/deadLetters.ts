import { request } from './http';
import type { JobError, Page } from './types';

export type DeadLetterCause = 'attempts_exhausted' | 'non_retriable' | 'poison_message' | 'unknown_type';
export type DeadLetterStatus = 'dead' | 'requeued' | 'discarded' | 'quarantined';
export const deadLetterCauses: readonly DeadLetterCause[] = ['attempts_exhausted', 'non_retriable', 'unknown_type', 'poison_message'];
export const deadLetterStatuses: readonly DeadLetterStatus[] = ['dead', 'requeued', 'discarded', 'quarantined'];

/** A dead letter (`GET /v1/dead-letters`): a job's final failure, or a poison message (no job, raw bytes). */
export interface DeadLetter {
  id: string;
  /** Null for a poison message. */
  jobId: string | null;
  type: string | null;
  cause: DeadLetterCause | null;
  error: JobError | null;
  attempts: number | null;
  /** The work item (or undecodable record) that failed. */
  origin: { topic: string | null; partition: number | null; offset: string | null };
  payload: unknown;
  /** The undecodable bytes of a poison message, base64. */
  rawValue: string | null;
  status: DeadLetterStatus;
  requeueCount: number;
  createdAt: string | null;
  deadLetteredAt: string | null;
  lastActionAt: string | null;
  lastActionBy: string | null;
}

/** The list filters; `from` inclusive, `to` exclusive, ISO 8601. */
export interface DeadLetterFilter {
  type?: string;
  cause?: DeadLetterCause;
  /** Default `dead`: the letters waiting for an operator. */
  status?: DeadLetterStatus | 'all';
  from?: string;
  to?: string;
}

export interface RequeueAccepted {
  status: 'requeue-accepted';
  deadLetterId: string;
  jobId: string;
  attempt: number;
}

export interface DiscardAccepted {
  status: 'discard-accepted';
  deadLetterId: string;
  jobId: string | null;
}

/** `POST /v1/dead-letters/requeue`: the letters requeued, oldest first. */
export interface RequeueByFilterAccepted {
  status: 'requeue-accepted';
  count: number;
  deadLetterIds: string[];
}

const path = (id: string, suffix = '') => `/v1/dead-letters/${encodeURIComponent(id)}${suffix}`;

/** A page of letters, newest first (keyset cursor). */
export function listDeadLetters(filter: DeadLetterFilter = {}, cursor?: string, limit = 50): Promise<Page<DeadLetter>> {
  return request<Page<DeadLetter>>('query', '/v1/dead-letters', { query: { ...filter, cursor, limit } });
}

export function getDeadLetter(id: string, signal?: AbortSignal): Promise<DeadLetter> {
  return request<DeadLetter>('query', path(id), { signal });
}

/** Puts a letter's job back to work as its next attempt (409 for a poison message or a letter no longer dead). */
export function requeueDeadLetter(id: string, reason?: string): Promise<RequeueAccepted> {
  return request('command', path(id, '/requeue'), { method: 'POST', body: reason ? { reason } : {} });
}

/** Drops a letter for good; its job stays dead. */
export function discardDeadLetter(id: string, reason?: string): Promise<DiscardAccepted> {
  return request('command', path(id, '/discard'), { method: 'POST', body: reason ? { reason } : {} });
}

/** Requeues the dead letters matching a filter, oldest first, at most `limit` (1..10000, default 1000). */
export function requeueMatching(body: { type?: string; cause?: Exclude<DeadLetterCause, 'poison_message'>; since?: string; until?: string; limit?: number; reason?: string }): Promise<RequeueByFilterAccepted> {
  return request('command', '/v1/dead-letters/requeue', { method: 'POST', body });
}
