export { startProjector } from './startProjector';
export { projections, projectionNames, projectionRegistry, createProjectionRegistry, inDependencyOrder } from './projections';
export { jobChangesChannel } from './postgres/notifyJobChanges';
export { applyBatch } from './applyBatch';
export { checkSchemaName, defaultReadModelSchema, holdProjectorLockExclusive } from './postgres/readModelSchema';

export type { ProjectorDeps, Projector } from './startProjector';
export type { JobChange } from './foldBatch';
export type { ApplyBatchOptions, BatchMessage } from './applyBatch';
export type { BatchResult, JobEventBatch, JobBatchFindings, Projection, ProjectionTable } from './projection';
export type { ProjectionRegistry, RebuildSelection, RegisteredProjection } from './projections';
