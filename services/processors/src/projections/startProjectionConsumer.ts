import { runConsumer, type ConsumerRunner, type EventSerde, type TaggedEvent } from '@conveyor/kafka';
import { withTransaction, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import type { ConsumerConfig, Kafka } from 'kafkajs';
import { assertOffsetsWithinLog } from './postgres/assertOffsetsWithinLog';
import { lockNextOffset, saveNextOffset, type PartitionKey } from './postgres/projectionOffsets';
import type { Projection } from './projection';

/** What one projection of a single topic needs to run as a consumer group of its own. */
export interface ProjectionConsumerDeps<E extends TaggedEvent, B> {
  kafka: Kafka;
  pool: Pool;
  topic: string;
  serde: Pick<EventSerde, 'decode'>;
  /** The event names of the serde; those the projection handles are kept. */
  eventNames: ReadonlyArray<E['type']>;
  projection: Projection<B>;
  /** The projection's batch of a partition batch's new events. */
  batchOf: (at: PartitionKey, events: Array<{ event: E; offset: string }>) => B;
  logger: Logger;
  metrics: Metrics;
  groupId: string;
  /** kafkajs consumer settings besides the group (e.g. `sparseFetch`). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * Runs one projection over one topic as a consumer group of its own (public): one transaction per partition batch with the offset in
 * projection_offsets; messages below the stored offset were applied before and are skipped.
 */
export async function startProjectionConsumer<E extends TaggedEvent, B>(deps: ProjectionConsumerDeps<E, B>): Promise<ConsumerRunner> {
  const { projection, topic } = deps;
  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: [projection.name], topics: [topic] });
  return runConsumer<E>({
    kafka: deps.kafka, groupId: deps.groupId, logger: deps.logger, metrics: deps.metrics, consumerConfig: deps.consumerConfig,
    sources: [{ topic, serde: deps.serde, eventTypes: deps.eventNames.filter((t) => projection.handles(t)) }],
    handle: async (batch) => {
      const last = batch.records[batch.records.length - 1];
      if (!last) return;
      const at = { topic: batch.topic, partition: batch.partition };
      await withTransaction(deps.pool, async (tx) => {
        const next = await lockNextOffset(tx, [projection.name], at);
        const fresh = batch.records.filter((m) => BigInt(m.offset) >= next);
        if (!fresh.length) return;
        await projection.apply(tx, deps.batchOf(at, fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : []))));
        await saveNextOffset(tx, [projection.name], at, BigInt(last.offset) + 1n);
      });
    },
  });
}
