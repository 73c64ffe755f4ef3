export { queueRoutes } from './routes';
export { createQueueQueries } from './queries';

export type { QueueItem, QueueQueries } from './queries';
