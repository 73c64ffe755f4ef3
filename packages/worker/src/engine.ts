/**
 * The worker engine and the wire protocol's encoders (internal): what the processors share with
 * `startWorker`, so the built-in job types and a user's run through one code path.
 */
export { runWorker, queueGroupId } from './runWorker';
export { createWorkSerdes } from './protocol/createWorkSerdes';
export { createJobPublisher } from './protocol/createJobPublisher';
export { jobDeadLetter, poisonDeadLetter, publishPoison } from './protocol/deadLetterRecords';
export { queuesOf } from './queuesOf';
export { createClaimStore } from './executor/createClaimStore';
export { announceJobTypes } from './catalog/announceJobTypes';

export type { WorkerEngine, WorkerEngineDeps } from './runWorker';
export type { WorkSerdes, QueueWork } from './protocol/createWorkSerdes';
export { workItemMessage } from './protocol/workItemMessage';
export type { JobPublisher } from './protocol/createJobPublisher';
export type { Origin } from './protocol/deadLetterRecords';
export type { ConcurrencyLimits } from './executor/createWorkScheduler';
export type { Claim, ClaimStore } from './executor/createClaimStore';
