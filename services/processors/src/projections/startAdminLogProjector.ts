import type { EventSerde, TaggedEvent, TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import type { PartitionKey } from './postgres/projectionOffsets';
import type { Projection } from './projection';
import { startProjectionConsumer } from './startProjectionConsumer';

/** A partition batch of admin events as an admin-log projection sees it; `changed` is what it changed. */
export interface AdminLogBatch<E> {
  at: PartitionKey;
  events: ReadonlyArray<{ event: E; offset: string }>;
  changed: number;
}

export interface AdminLogProjectorDeps<E extends TaggedEvent> {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the admin-events topic with the projection's event schemas. */
  adminSerde: Pick<EventSerde, 'decode'>;
  /** The names of the events the serde decodes (the projection picks those it handles). */
  eventNames: readonly string[];
  projection: Projection<AdminLogBatch<E>>;
  topics: Pick<TopicNames, 'adminEvents'>;
  logger: Logger;
  metrics: Metrics;
  groupId: string;
}

/**
 * Starts a projection of conveyor.admin-events (public), through the one projection consumer: one transaction
 * per partition batch with the offset in projection_offsets; messages below the stored offset were applied
 * before and are skipped.
 */
export async function startAdminLogProjector<E extends TaggedEvent>(deps: AdminLogProjectorDeps<E>): Promise<{ stop(): Promise<void> }> {
  const topic = deps.topics.adminEvents;
  const logger = deps.logger.child({ component: `${deps.projection.name}-projector`, groupId: deps.groupId });
  const consumer = await startProjectionConsumer<E, AdminLogBatch<E>>({
    kafka: deps.kafka, pool: deps.pool, topic, serde: deps.adminSerde, eventNames: deps.eventNames as ReadonlyArray<E['type']>, projection: deps.projection,
    batchOf: (at, events) => ({ at, events, changed: 0 }), logger, metrics: deps.metrics, groupId: deps.groupId,
  });
  logger.info({ topic }, `${deps.projection.name} projector started`);
  return { stop: () => consumer.stop() };
}
