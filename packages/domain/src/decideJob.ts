import { ConflictError, NotFoundError } from '@conveyor/errors';
import type { Backoff, JobCancelled, JobEvent, JobPriority, JobSubmitted } from '@conveyor/events';
import { eventMetadata, type CommandMeta } from './commandMeta';
import { terminalStatuses, type JobState } from './jobState';

/** Orders a new job. Input is already validated (types and payload) by the adapter. */
export interface SubmitJob {
  type: 'SubmitJob';
  jobId: string;
  meta: CommandMeta;
  data: {
    jobType: string;
    payload: unknown;
    priority: JobPriority;
    maxAttempts: number;
    timeoutMs: number | null;
    runAt: number | null;
    concurrencyKey: string | null;
    backoff: Backoff;
    idempotencyKey: string | null;
    scheduleId: string | null;
    /** The queue of the job's type (the catalog's); default `default`. */
    queue?: string;
  };
}

/** Orders a job not to run (again); a running attempt is aborted. */
export interface CancelJob {
  type: 'CancelJob';
  jobId: string;
  meta: CommandMeta;
  data: { reason: string | null };
}

export type JobCommand = SubmitJob | CancelJob;

export function submitJob(command: SubmitJob, state: JobState | null): JobEvent[] {
  // A job id is new by construction; an existing state means a duplicate submission: nothing new happens.
  if (state) return [];
  const d = command.data;
  const event: JobSubmitted = {
    meta: eventMetadata(command.jobId, command.meta),
    type: d.jobType,
    payloadJson: JSON.stringify(d.payload ?? null),
    priority: d.priority,
    maxAttempts: d.maxAttempts,
    timeoutMs: d.timeoutMs,
    runAt: d.runAt,
    concurrencyKey: d.concurrencyKey,
    backoff: d.backoff,
    idempotencyKey: d.idempotencyKey,
    scheduleId: d.scheduleId,
    queue: d.queue ?? 'default',
  };
  return [{ type: 'JobSubmitted', data: event }];
}

export function cancelJob(command: CancelJob, state: JobState | null): JobEvent[] {
  if (!state) throw new NotFoundError(`job ${command.jobId} does not exist`);
  if (terminalStatuses.has(state.status)) {
    throw new ConflictError(`job ${command.jobId} is already ${state.status}`, { context: { status: state.status } });
  }
  const event: JobCancelled = { meta: eventMetadata(command.jobId, command.meta), reason: command.data.reason };
  return [{ type: 'JobCancelled', data: event }];
}

/** Routes a command to its decider. */
export function decideJob(command: JobCommand, state: JobState | null): JobEvent[] {
  switch (command.type) {
    case 'SubmitJob':
      return submitJob(command, state);
    case 'CancelJob':
      return cancelJob(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
