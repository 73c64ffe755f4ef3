import type { DeadLetterQuery, RequeueMatchingRequest } from '@conveyor/client';
import { conveyor } from './client';
import type { DeadLetter, DeadLetterCause, DeadLetterStatus, Page } from './types';

export type { DeadLetter, DeadLetterCause, DeadLetterStatus, RequeueMatchingRequest };
export const deadLetterCauses = ['attempts_exhausted', 'non_retriable', 'unknown_type', 'poison_message'] as const satisfies readonly DeadLetterCause[];
export const deadLetterStatuses = ['dead', 'requeued', 'discarded', 'quarantined'] as const satisfies readonly DeadLetterStatus[];

/** The list filters; `from` inclusive, `to` exclusive, ISO 8601. */
export type DeadLetterFilter = Omit<DeadLetterQuery, 'cursor' | 'limit'>;

/** A page of letters, newest first (keyset cursor). */
export function listDeadLetters(filter: DeadLetterFilter = {}, cursor?: string, limit = 50): Promise<Page<DeadLetter>> {
  return conveyor().deadLetters.list({ ...filter, cursor, limit });
}

export function getDeadLetter(id: string, signal?: AbortSignal): Promise<DeadLetter> {
  return conveyor().deadLetters.get(id, { signal });
}

/** Puts a letter's job back to work as its next attempt (409 for a poison message or a letter no longer dead). */
export function requeueDeadLetter(id: string, reason?: string) {
  return conveyor().deadLetters.requeue(id, { reason });
}

/** Drops a letter for good; its job stays dead. */
export function discardDeadLetter(id: string, reason?: string) {
  return conveyor().deadLetters.discard(id, { reason });
}

/** Requeues the dead letters matching a filter, oldest first, at most `limit` (1..10000, default 1000). */
export function requeueMatching(request: RequeueMatchingRequest) {
  return conveyor().deadLetters.requeueMatching(request);
}
