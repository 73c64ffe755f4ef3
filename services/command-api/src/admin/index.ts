export { adminReplayRoutes } from './replayRoutes';
export { checkReplayRequest, createReplayService, replayDedupKey } from './replayService';
export { createReplayRunStore } from './replayRunStore';
export { parseReplayRequest } from './parseReplayRequest';

export type { AdminReplayRoutesDeps } from './replayRoutes';
export type { ReplayService, ReplayServiceDeps } from './replayService';
export type { AsOfQuota, ReplayRunStore, RequestedReplayRun } from './replayRunStore';
export type { ReplayRequest } from './parseReplayRequest';
