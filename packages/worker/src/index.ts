export { defineJobType } from '@conveyor/job-types';
export { startWorker } from './startWorker';
export { loadWorkerConfig } from './workerConfig';
export { defaultQueue } from '@conveyor/kafka';

export type { HandlerContext, HandlerPorts, JobTypeDefinition } from '@conveyor/job-types';
export type { StartWorkerOptions, Worker } from './startWorker';
export type { WorkerConfig } from './workerConfig';
export type { ConcurrencyLimits } from './executor/createWorkScheduler';
