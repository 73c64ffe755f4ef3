export { startProjector } from './startProjector';
export { projections, projectionNames } from './projections';
export { jobChangesChannel } from './postgres/notifyJobChanges';

export type { ProjectorDeps, Projector } from './startProjector';
export type { JobChange } from './foldBatch';
export type { JobRow } from './jobsProjection';
export type { TimelineRow } from './timelineProjection';
export type { JobStatsDelta } from './jobStatsProjection';
