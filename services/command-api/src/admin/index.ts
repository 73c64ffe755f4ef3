export { adminReplayRoutes } from './replayRoutes';
export { parseReplayRequest } from './parseReplayRequest';

export type { AdminReplayRoutesDeps } from './replayRoutes';
export type { ReplayRequest } from './parseReplayRequest';
