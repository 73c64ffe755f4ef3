import { body, commandApi, queryApi } from './client';
import type { operations } from './generated/commandApi';
import type { Page, QuerySchemas } from './types';

/** A dead letter (`GET /v1/dead-letters`): a job's final failure, or a poison message (no job, raw bytes). */
export type DeadLetter = QuerySchemas['DeadLetter'];
export type DeadLetterCause = NonNullable<DeadLetter['cause']>;
export type DeadLetterStatus = DeadLetter['status'];
export const deadLetterCauses = ['attempts_exhausted', 'non_retriable', 'unknown_type', 'poison_message'] as const satisfies readonly DeadLetterCause[];
export const deadLetterStatuses = ['dead', 'requeued', 'discarded', 'quarantined'] as const satisfies readonly DeadLetterStatus[];

/** The list filters; `from` inclusive, `to` exclusive, ISO 8601. */
export interface DeadLetterFilter {
  type?: string;
  cause?: DeadLetterCause;
  /** Default `dead`: the letters waiting for an operator. */
  status?: DeadLetterStatus | 'all';
  from?: string;
  to?: string;
}

/** The body of `POST /v1/dead-letters/requeue`. */
export type RequeueMatchingRequest = NonNullable<operations['requeueDeadLetters']['requestBody']>['content']['application/json'];

const idParams = (id: string) => ({ params: { path: { id } } });

/** A page of letters, newest first (keyset cursor). */
export function listDeadLetters(filter: DeadLetterFilter = {}, cursor?: string, limit = 50): Promise<Page<DeadLetter>> {
  return body(queryApi().GET('/v1/dead-letters', { params: { query: { ...filter, cursor, limit } } }));
}

export function getDeadLetter(id: string, signal?: AbortSignal): Promise<DeadLetter> {
  return body(queryApi().GET('/v1/dead-letters/{id}', { ...idParams(id), signal }));
}

/** Puts a letter's job back to work as its next attempt (409 for a poison message or a letter no longer dead). */
export function requeueDeadLetter(id: string, reason?: string) {
  return body(commandApi().POST('/v1/dead-letters/{id}/requeue', { ...idParams(id), body: reason ? { reason } : {} }));
}

/** Drops a letter for good; its job stays dead. */
export function discardDeadLetter(id: string, reason?: string) {
  return body(commandApi().POST('/v1/dead-letters/{id}/discard', { ...idParams(id), body: reason ? { reason } : {} }));
}

/** Requeues the dead letters matching a filter, oldest first, at most `limit` (1..10000, default 1000). */
export function requeueMatching(request: RequeueMatchingRequest) {
  return body(commandApi().POST('/v1/dead-letters/requeue', { body: request }));
}
