import { ConflictError } from '@conveyor/errors';
import type { DeadLetterDiscarded, DeadLetterReason, JobDeadLettered, JobError, JobFailed, JobRequeued } from '@conveyor/events';
import { eventMetadata, type CommandMeta } from '../commandMeta';
import type { DeadLetterOrigin, DeadLetterState } from './deadLetterState';

/** Park a job that failed for good in the dead letters; `meta.eventId` is the dead letter's id. */
export interface DeadLetterJob {
  type: 'DeadLetterJob';
  /** The work item that failed. */
  origin: DeadLetterOrigin;
  meta: CommandMeta;
}

/** Put a dead job back to work: its next attempt. `meta.eventId` should derive from the letter. */
export interface RequeueDeadLetter {
  type: 'RequeueDeadLetter';
  reason: string | null;
  meta: CommandMeta;
}

/** Drop a dead letter for good. */
export interface DiscardDeadLetter {
  type: 'DiscardDeadLetter';
  reason: string | null;
  meta: CommandMeta;
}

/** Re-drive a dead letter from the log tooling: requeued, or quarantined once re-driven `maxRedrives` times. */
export interface RedriveDeadLetter {
  type: 'RedriveDeadLetter';
  reason: string | null;
  maxRedrives: number;
  meta: CommandMeta;
}

/** What a re-drive decides. */
export type RedriveDecision = { kind: 'quarantined' } | { kind: 'requeued'; event: JobRequeued };

/** Why a failed job dies (pure): an unknown type, a non-retriable error, or its attempts used up. */
export function deadLetterCause(error: JobError): DeadLetterReason {
  if (error.code === 'UNKNOWN_TYPE') return 'unknown_type';
  return error.retriable ? 'attempts_exhausted' : 'non_retriable';
}

/** The JobDeadLettered that follows a final JobFailed (pure): same attempt and error, the work item as origin. */
export function deadLetterJob(command: DeadLetterJob, failed: JobFailed): JobDeadLettered {
  return {
    meta: eventMetadata(failed.meta.jobId, command.meta), attempt: failed.attempt, cause: deadLetterCause(failed.error),
    error: failed.error, originTopic: command.origin.topic, originPartition: command.origin.partition, originOffset: command.origin.offset,
  };
}

/** The JobRequeued of a letter whose job can run again (pure): the next attempt, one more requeue. */
function jobRequeued(jobId: string, letter: DeadLetterState, attempts: number, reason: string | null, meta: CommandMeta): JobRequeued {
  return {
    meta: eventMetadata(jobId, meta), attempt: attempts + 1, by: meta.actor, reason,
    deadLetterId: letter.id, redriveCount: letter.requeues + 1,
  };
}

/**
 * Requeue a dead letter (pure): only a `dead` letter of a job that is dead (or failed) can be requeued;
 * the job runs its next attempt. Throws ConflictError otherwise (a poison message has no job to requeue).
 */
export function requeueDeadLetter(command: RequeueDeadLetter, letter: DeadLetterState): JobRequeued {
  if (letter.status !== 'dead') throw new ConflictError(`dead letter ${letter.id} is ${letter.status}`, { context: { status: letter.status } });
  if (!letter.jobId || !letter.job) throw new ConflictError(`dead letter ${letter.id} has no job to requeue (a poison message): discard it`);
  if (letter.job.status !== 'dead' && letter.job.status !== 'failed') {
    throw new ConflictError(`job ${letter.jobId} is ${letter.job.status}, not dead`, { context: { status: letter.job.status } });
  }
  return jobRequeued(letter.jobId, letter, letter.job.attempts, command.reason, command.meta);
}

/**
 * Re-drive a dead letter (pure): a job already requeued `maxRedrives` times is quarantined; otherwise the
 * same JobRequeued as a requeue. The letter was selected as dead by the caller, so only its job is needed.
 */
export function redriveDeadLetter(command: RedriveDeadLetter, letter: DeadLetterState): RedriveDecision {
  if (letter.requeues >= command.maxRedrives) return { kind: 'quarantined' };
  if (!letter.jobId || !letter.job) throw new ConflictError(`dead letter ${letter.id} has no job to re-drive (a poison message)`);
  return { kind: 'requeued', event: jobRequeued(letter.jobId, letter, letter.job.attempts, command.reason, command.meta) };
}

/** Discard a dead letter (pure): only a `dead` or `quarantined` letter. */
export function discardDeadLetter(command: DiscardDeadLetter, letter: DeadLetterState): DeadLetterDiscarded {
  if (letter.status !== 'dead' && letter.status !== 'quarantined') throw new ConflictError(`dead letter ${letter.id} is ${letter.status}`, { context: { status: letter.status } });
  return { deadLetterId: letter.id, jobId: letter.jobId, by: command.meta.actor, reason: command.reason, eventId: command.meta.eventId, occurredAt: command.meta.now };
}
