export { jobEventNames, scheduleEventNames } from './generated/types';
export { jobEventSchemas, workSchemas, scheduleEventSchemas, deadLetterSchemas } from './generated/schemas';
export { jobEventToMessage, eventMessage, eventTypeHeader } from './jobEventToMessage';

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
  JobRequeued,
  JobError,
  JobPriority,
  Backoff,
  BackoffKind,
  DeadLetterCause,
  JobWorkItem,
  WorkPriority,
  ScheduleEvent,
  ScheduleMetadata,
  ScheduleCreated,
  ScheduleUpdated,
  SchedulePaused,
  ScheduleResumed,
  ScheduleDeleted,
  CatchUpPolicy,
  DeadLetter,
  DeadLetterDiscarded,
  DeadLetterError,
  DeadLetterReason,
  DeadLetterRecord,
} from './generated/types';
export type { JobEventName, EventMessage } from './jobEventToMessage';
