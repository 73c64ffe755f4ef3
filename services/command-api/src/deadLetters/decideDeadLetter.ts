import { ConflictError } from '@conveyor/errors';
import type { DeadLetterDiscarded, JobRequeued } from '@conveyor/events';
import type { CommandMeta } from '@conveyor/domain';
import { eventMetadata } from '@conveyor/domain';

/** What the command side knows of a dead letter and its job (from the read models). */
export interface DeadLetterState {
  id: string;
  jobId: string | null;
  status: 'dead' | 'requeued' | 'discarded' | 'quarantined';
  /** The job's status and attempts used; null when the letter has no job (a poison message) or the job is unknown. */
  job: { status: string; attempts: number } | null;
  /** JobRequeued events the job already has. */
  requeues: number;
}

/**
 * Requeue a dead letter (pure): only a `dead` letter of a job that is dead (or failed) can be requeued;
 * the job runs its next attempt. `meta.eventId` should be derived from the letter, so a double click
 * publishes the same event (and the same attempt, which the executor's claims run once).
 */
export function requeueDeadLetter(letter: DeadLetterState, reason: string | null, meta: CommandMeta): JobRequeued {
  if (letter.status !== 'dead') throw new ConflictError(`dead letter ${letter.id} is ${letter.status}`, { context: { status: letter.status } });
  if (!letter.jobId || !letter.job) throw new ConflictError(`dead letter ${letter.id} has no job to requeue (a poison message): discard it`);
  if (letter.job.status !== 'dead' && letter.job.status !== 'failed') {
    throw new ConflictError(`job ${letter.jobId} is ${letter.job.status}, not dead`, { context: { status: letter.job.status } });
  }
  return {
    meta: eventMetadata(letter.jobId, meta), attempt: letter.job.attempts + 1, by: meta.actor, reason,
    deadLetterId: letter.id, redriveCount: letter.requeues + 1,
  };
}

/** Discard a dead letter (pure): only a `dead` or `quarantined` letter. */
export function discardDeadLetter(letter: DeadLetterState, reason: string | null, meta: CommandMeta): DeadLetterDiscarded {
  if (letter.status !== 'dead' && letter.status !== 'quarantined') throw new ConflictError(`dead letter ${letter.id} is ${letter.status}`, { context: { status: letter.status } });
  return { deadLetterId: letter.id, jobId: letter.jobId, by: meta.actor, reason, eventId: meta.eventId, occurredAt: meta.now };
}
