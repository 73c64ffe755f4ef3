export { evolveJob, evolveLifecycle, submittedJob, terminalStatuses, type JobLifecycle } from './jobState';
export { decideJob, submitJob, cancelJob } from './decideJob';
export { decideAttempt } from './decideAttempt';
export { backoffDelay, defaultBackoff } from './backoff';
export { eventMetadata } from './commandMeta';
export { firstWorkItem, retryWorkItem, requeueWorkItem, followUpWorkItem, isDueLater } from './workItems';
export * as latencyHistogram from './latencyHistogram';
export { deadLetterCause, deadLetterJob, requeueDeadLetter, redriveDeadLetter, discardDeadLetter } from './deadLetters';

export type { JobState, JobStatus } from './jobState';
export type { SubmitJob, CancelJob, JobCommand } from './decideJob';
export type { AttemptContext, AttemptOutcome } from './decideAttempt';
export type { CommandMeta } from './commandMeta';
export type { FollowUp } from './workItems';
export type { Histogram } from './latencyHistogram';
export type { DeadLetterJob, RequeueDeadLetter, DiscardDeadLetter, RedriveDeadLetter, RedriveDecision, DeadLetterOrigin, DeadLetterState } from './deadLetters';
