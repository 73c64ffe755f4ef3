export { queueRoutes } from './routes';
export { createQueueService, parseQueueName, queuePauseSchema } from './queueService';
export { queueComponents, queuePaths } from './openApi';

export type { QueueRoutesDeps } from './routes';
export type { QueueService, QueueServiceDeps, QueueState } from './queueService';
