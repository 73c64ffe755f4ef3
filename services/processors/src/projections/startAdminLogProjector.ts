import { runConsumer, type EventSerde, type TaggedEvent, type TopicNames } from '@conveyor/kafka';
import { withTransaction, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { assertOffsetsWithinLog } from './postgres/assertOffsetsWithinLog';
import { lockNextOffset, saveNextOffset, type PartitionKey } from './postgres/projectionOffsets';
import type { Projection } from './projection';

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
 * Starts a projection of conveyor.admin-events (public): one transaction per partition batch with the offset
 * in projection_offsets; messages below the stored offset were applied before and are skipped.
 */
export async function startAdminLogProjector<E extends TaggedEvent>(deps: AdminLogProjectorDeps<E>): Promise<{ stop(): Promise<void> }> {
  const topic = deps.topics.adminEvents;
  const { projection } = deps;
  const logger = deps.logger.child({ component: `${projection.name}-projector`, groupId: deps.groupId });
  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: [projection.name], topics: [topic] });
  const consumer = await runConsumer<E>({
    kafka: deps.kafka, groupId: deps.groupId, logger, metrics: deps.metrics,
    sources: [{ topic, serde: deps.adminSerde, eventTypes: deps.eventNames.filter((t) => projection.handles(t)) }],
    handle: async (batch) => {
      const last = batch.records[batch.records.length - 1];
      if (!last) return;
      const at = { topic: batch.topic, partition: batch.partition };
      await withTransaction(deps.pool, async (tx) => {
        const next = await lockNextOffset(tx, [projection.name], at);
        const fresh = batch.records.filter((m) => BigInt(m.offset) >= next);
        if (!fresh.length) return;
        const applied: AdminLogBatch<E> = { at, events: fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : [])), changed: 0 };
        await projection.apply(tx, applied);
        await saveNextOffset(tx, [projection.name], at, BigInt(last.offset) + 1n);
      });
    },
  });
  logger.info({ topic }, `${projection.name} projector started`);
  return { stop: () => consumer.stop() };
}
