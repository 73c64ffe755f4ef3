export { jobEventNames } from './generated/types';
export { jobEventSchemas, workSchemas } from './generated/schemas';
export { jobEventToMessage, eventTypeHeader } from './jobEventToMessage';

export type {
  EventMetadata,
  JobEvent,
  JobSubmitted,
  JobStarted,
  JobSucceeded,
  JobFailed,
  JobCancelled,
  JobRetryScheduled,
  JobDeadLettered,
  JobError,
  JobPriority,
  Backoff,
  BackoffKind,
  DeadLetterCause,
  JobWorkItem,
  WorkPriority,
} from './generated/types';
export type { JobEventName } from './jobEventToMessage';
