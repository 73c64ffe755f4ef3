export { adminReplayRoutes } from './replayRoutes';
export { createReplayService } from './replayService';
export { createReplayRunStore } from './replayRunStore';
export { parseReplayRequest } from './parseReplayRequest';

export type { AdminReplayRoutesDeps } from './replayRoutes';
export type { ReplayService, ReplayServiceDeps } from './replayService';
export type { ReplayRunStore, RequestedReplayRun } from './replayRunStore';
export type { ReplayRequest } from './parseReplayRequest';
