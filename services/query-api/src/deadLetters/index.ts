export { deadLetterRoutes, parseDeadLetterListQuery } from './routes';
export { createDeadLetterQueries } from './queries';
export { deadLetterComponents, deadLetterPaths } from './openApi';

export type { DeadLetterRoutesDeps } from './routes';
export type { DeadLetterListQuery, DeadLetterQueries } from './queries';
