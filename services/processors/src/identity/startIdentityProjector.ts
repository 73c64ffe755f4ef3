import { identityEventNames, type IdentityEvent } from '@conveyor/events';
import type { EventSerde, TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { startAdminLogProjector } from '../projections/startAdminLogProjector';
import { projectionRegistry } from '../projections/projections';

export interface IdentityProjectorDeps {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the admin-events topic, with the identity event schemas. */
  adminSerde: Pick<EventSerde, 'decode'>;
  topics: Pick<TopicNames, 'adminEvents'>;
  logger: Logger;
  metrics: Metrics;
  groupId: string;
}

/**
 * Starts the identity projection (public): consumes the identity events of conveyor.admin-events into
 * `api_keys`, `user_roles` and `identity_audit`, one transaction per partition batch with the offset in
 * projection_offsets; messages below the stored offset were applied before and are skipped.
 */
export function startIdentityProjector(deps: IdentityProjectorDeps): Promise<{ stop(): Promise<void> }> {
  return startAdminLogProjector<IdentityEvent>({ ...deps, eventNames: identityEventNames, projection: projectionRegistry.identity });
}
