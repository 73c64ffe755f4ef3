export { createClient, answered, body, isAbort, positioned, positionHeader } from './createClient';
export { ConveyorProblemError, problemFrom } from './ConveyorProblemError';
export { WaitTimeoutError } from './waitForJob';
export { jobStatuses, finishedStatuses } from './types';

export type { ClientOptions, ConveyorClient, JobQuery, DeadLetterQuery, SubmitOptions } from './createClient';
export type { WaitForOptions } from './waitForJob';
export type {
  Accepted, BatchAccepted, CancelAccepted, CommandOperations, CommandPaths, CommandSchemas, DeadLetter, DeadLetterCause, DeadLetterStatus,
  FieldError, Job, JobChange, JobDetail, JobSort, JobStatus, JobSubmission, JobType, Page, Positioned, Priority, Problem, QueryOperations,
  QueryPaths, QuerySchemas, Queue, QueueState, RequeueMatchingRequest, TimelineEntry,
} from './types';
