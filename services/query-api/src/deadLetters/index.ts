export { deadLetterRoutes, parseDeadLetterListQuery } from './routes';
export { createDeadLetterQueries, toDeadLetterItem } from './queries';
export { deadLetterComponents, deadLetterPaths } from './openApi';

export type { DeadLetterRoutesDeps } from './routes';
export type { DeadLetterItem, DeadLetterListQuery, DeadLetterQueries } from './queries';
