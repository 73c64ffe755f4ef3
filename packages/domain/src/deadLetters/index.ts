export { deadLetterCause, deadLetterJob, requeueDeadLetter, redriveDeadLetter, discardDeadLetter } from './decideDeadLetter';

export type { DeadLetterJob, RequeueDeadLetter, DiscardDeadLetter, RedriveDeadLetter, RedriveDecision } from './decideDeadLetter';
export type { DeadLetterOrigin, DeadLetterState } from './deadLetterState';
