import { identityEventNames, type IdentityEvent } from '@conveyor/events';
import { runConsumer, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { withTransaction, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { assertOffsetsWithinLog } from '../projections/postgres/assertOffsetsWithinLog';
import { lockNextOffset, saveNextOffset } from '../projections/postgres/projectionOffsets';
import { projectionRegistry } from '../projections/projections';
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
  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: [projection.name], topics: [topic] });
  const consumer = await runConsumer<IdentityEvent>({
    kafka: deps.kafka, groupId: deps.groupId, logger, metrics: deps.metrics,
    sources: [{ topic, serde: deps.adminSerde, eventTypes: identityEventNames.filter((t) => projection.handles(t)) }],
    handle: async (batch) => {
      const last = batch.records[batch.records.length - 1];
      if (!last) return;
      const at = { topic: batch.topic, partition: batch.partition };
      await withTransaction(deps.pool, async (tx) => {
        const next = await lockNextOffset(tx, [projection.name], at);
        const fresh = batch.records.filter((m) => BigInt(m.offset) >= next);
        if (!fresh.length) return;
        const applied: IdentityBatch = { at, events: fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : [])), changed: 0 };
        await projection.apply(tx, applied);
        await saveNextOffset(tx, [projection.name], at, BigInt(last.offset) + 1n);
      });
    },
  });
  logger.info({ topic }, 'identity projector started');
  return { stop: () => consumer.stop() };
}
