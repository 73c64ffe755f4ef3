import { catalogEventNames, type CatalogEvent } from '@conveyor/events';
import { startAdminLogProjector, type AdminLogProjectorDeps } from '../projections/startAdminLogProjector';
import { projectionRegistry } from '../projections/projections';

/**
 * Starts the job_types projection (public): the catalog events of conveyor.admin-events into `job_types`,
 * `job_type_workers` and `job_type_refusals`.
 */
export function startJobTypesProjector(deps: Omit<AdminLogProjectorDeps<CatalogEvent>, 'eventNames' | 'projection'>): Promise<{ stop(): Promise<void> }> {
  return startAdminLogProjector<CatalogEvent>({ ...deps, eventNames: catalogEventNames, projection: projectionRegistry.jobTypes });
}
