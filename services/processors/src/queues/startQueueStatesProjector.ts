import { queueEventNames, type QueueEvent } from '@conveyor/events';
import { projectionRegistry } from '../projections/projections';
import { startAdminLogProjector, type AdminLogProjectorDeps } from '../projections/startAdminLogProjector';

/** Starts the queue_states projection (public): QueuePaused and QueueResumed of conveyor.admin-events into `queue_states`. */
export function startQueueStatesProjector(deps: Omit<AdminLogProjectorDeps<QueueEvent>, 'eventNames' | 'projection'>): Promise<{ stop(): Promise<void> }> {
  return startAdminLogProjector<QueueEvent>({ ...deps, eventNames: queueEventNames, projection: projectionRegistry.queueStates });
}
