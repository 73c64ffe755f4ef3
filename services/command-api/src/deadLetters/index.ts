export { deadLetterRoutes } from './routes';
export { createDeadLetterService, requeueFilterSchema } from './deadLetterService';
export { createDeadLetterStore } from './deadLetterStore';
export { createDiscardPublisher } from './deadLetterPublisher';
export { deadLetterPaths } from './openApi';

export type { DeadLetterService, DeadLetterServiceDeps } from './deadLetterService';
export type { DeadLetterStore, DeadLetterFilter } from './deadLetterStore';
