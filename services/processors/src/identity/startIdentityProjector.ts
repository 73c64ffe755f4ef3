import { identityEventNames, type IdentityEvent } from '@conveyor/events';
import type { EventSerde, TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { projectionRegistry } from '../projections/projections';
import { startProjectionConsumer } from '../projections/startProjectionConsumer';
import type { IdentityBatch } from './identityReadModel';

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
export async function startIdentityProjector(deps: IdentityProjectorDeps): Promise<{ stop(): Promise<void> }> {
  const topic = deps.topics.adminEvents;
  const projection = projectionRegistry.identity;
  const logger = deps.logger.child({ component: 'identity-projector', groupId: deps.groupId });
  const consumer = await startProjectionConsumer<IdentityEvent, IdentityBatch>({
    kafka: deps.kafka, pool: deps.pool, topic, serde: deps.adminSerde, eventNames: identityEventNames, projection,
    batchOf: (at, events) => ({ at, events, changed: 0 }), logger, metrics: deps.metrics, groupId: deps.groupId,
  });
  logger.info({ topic }, 'identity projector started');
  return { stop: () => consumer.stop() };
}
