import type { Kafka } from 'kafkajs';
import { runConsumer, sparseFetch, type ConsumerRunnerHealth, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { withTransaction, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { lockNextOffset, saveNextOffset, skipToOffset } from '../projections/postgres/projectionOffsets';
import { projectionRegistry } from '../projections/projections';
import type { DeadLetterInput } from './deadLetterProjection';
import { deadLetterInputTypes } from './deadLettersReadModel';
import { assertOffsetsWithinLog } from '../projections/postgres/assertOffsetsWithinLog';

export interface DeadLetterProjectorDeps {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the dead-letter topic (DeadLetter, DeadLetterDiscarded). */
  deadLetterSerde: EventSerde;
  /** Serde of the job-events topic (only JobRequeued is decoded). */
  jobEventSerde: EventSerde;
  topics: TopicNames;
  logger: Logger;
  metrics: Metrics;
  /** Consumer group; default `conveyor-dead-letter-projector`. */
  groupId?: string;
}


/**
 * The dead-letter projector (public): keeps `dead_letters` from the dead-letter topic (letters, discards)
 * and the JobRequeued events of job-events (picked by their event-type header: nothing else is decoded),
 * one transaction per partition batch with the offsets in projection_offsets. An undecodable record is
 * logged and skipped: a dead letter has nowhere further to go, and the projector never stalls on it.
 */
export async function startDeadLetterProjector(deps: DeadLetterProjectorDeps): Promise<{ stop(): Promise<void>; health(): ConsumerRunnerHealth }> {
  const groupId = deps.groupId ?? 'conveyor-dead-letter-projector';
  const log = deps.logger.child({ component: 'dead-letter-projector', groupId });
  const projection = projectionRegistry.deadLetters;
  const names = [projection.name];
  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: names, topics: [deps.topics.deadLetters, deps.topics.jobEvents] });
  const consumer = await runConsumer<DeadLetterInput>({
    kafka: deps.kafka, groupId, logger: log, metrics: deps.metrics,
    sources: [
      { topic: deps.topics.deadLetters, serde: deps.deadLetterSerde, eventTypes: deadLetterInputTypes.filter((t) => t !== 'JobRequeued') },
      { topic: deps.topics.jobEvents, serde: deps.jobEventSerde, eventTypes: deadLetterInputTypes.filter((t) => t === 'JobRequeued') },
    ],
    // Nearly every job-events batch holds nothing for it: its fetches wait for data (a few a second).
    consumerConfig: sparseFetch,
    partitionsConsumedConcurrently: 3,
    handle: async (batch) => {
      const at = { topic: batch.topic, partition: batch.partition };
      // Most job-events batches hold no JobRequeued: their offset moves in one statement, not a transaction of four.
      if (!batch.events.length) return skipToOffset(deps.pool, names, at, BigInt(batch.lastOffset) + 1n);
      await withTransaction(deps.pool, async (client) => {
        const next = await lockNextOffset(client, names, at);
        await projection.apply(client, { at, events: batch.events.filter((e) => BigInt(e.offset) >= next) });
        if (BigInt(batch.lastOffset) + 1n > next) await saveNextOffset(client, names, at, BigInt(batch.lastOffset) + 1n);
      });
    },
  });
  log.info({ topics: [deps.topics.deadLetters, deps.topics.jobEvents] }, 'dead-letter projector started');
  return {
    /** The consumer's group membership, for readiness. */
    health: () => consumer.health(),
    async stop() {
      await consumer.stop();
    },
  };
}
