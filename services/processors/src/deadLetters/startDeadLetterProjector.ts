import type { Kafka } from 'kafkajs';
import { eventTypeHeader } from '@conveyor/events';
import { PoisonMessageError, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { withTransaction, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { lockNextOffset, saveNextOffset } from '../projections/postgres/projectionOffsets';
import { deadLetterChange, deadLetterProjectionName, type DeadLetterInput } from './deadLetterProjection';
import { applyDeadLetterChanges } from './postgres/deadLettersTable';
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

const names = [deadLetterProjectionName];

/**
 * The dead-letter projector (public): keeps `dead_letters` from the dead-letter topic (letters, discards)
 * and the JobRequeued events of job-events (picked by their event-type header: nothing else is decoded),
 * one transaction per partition batch with the offsets in projection_offsets. An undecodable record is
 * logged and skipped: a dead letter has nowhere further to go, and the projector never stalls on it.
 */
export async function startDeadLetterProjector(deps: DeadLetterProjectorDeps): Promise<{ stop(): Promise<void> }> {
  const groupId = deps.groupId ?? 'conveyor-dead-letter-projector';
  const log = deps.logger.child({ component: 'dead-letter-projector', groupId });
  const decode = async (topic: string, value: Buffer | null, offset: string, partition: number): Promise<DeadLetterInput | null> => {
    try {
      const serde = topic === deps.topics.deadLetters ? deps.deadLetterSerde : deps.jobEventSerde;
      const decoded = await serde.decode(value);
      if (decoded.type === 'DeadLetter' || decoded.type === 'DeadLetterDiscarded' || decoded.type === 'JobRequeued') return decoded as DeadLetterInput;
      return null;
    } catch (err) {
      if (!(err instanceof PoisonMessageError)) throw err; // the registry is down: retry the batch
      log.error({ err, topic, partition, offset }, 'undecodable record skipped');
      deps.metrics.kafkaConsumed.inc({ topic, group: `${groupId}:poison` });
      return null;
    }
  };

  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: names, topics: [deps.topics.deadLetters, deps.topics.jobEvents] });
  const consumer = deps.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [deps.topics.deadLetters, deps.topics.jobEvents], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!batch.messages.length || !isRunning() || isStale()) return;
      const fromJobEvents = batch.topic === deps.topics.jobEvents;
      const relevant = batch.messages.filter((m) => !fromJobEvents || m.headers?.[eventTypeHeader]?.toString() === 'JobRequeued');
      const inputs: Array<{ offset: string; input: DeadLetterInput | null }> = [];
      for (const m of relevant) inputs.push({ offset: m.offset, input: await decode(batch.topic, m.value, m.offset, batch.partition) });
      const at = { topic: batch.topic, partition: batch.partition };
      const last = batch.lastOffset();
      await withTransaction(deps.pool, async (client) => {
        const next = await lockNextOffset(client, names, at);
        const fresh = inputs.filter((i) => BigInt(i.offset) >= next && i.input).map((i) => deadLetterChange(i.input as DeadLetterInput));
        await applyDeadLetterChanges(client, fresh);
        if (BigInt(last) + 1n > next) await saveNextOffset(client, names, at, BigInt(last) + 1n);
      });
      resolveOffset(last);
      deps.metrics.kafkaConsumed.inc({ topic: batch.topic, group: groupId }, batch.messages.length);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  log.info({ topics: [deps.topics.deadLetters, deps.topics.jobEvents] }, 'dead-letter projector started');
  return {
    async stop() {
      await consumer.disconnect();
    },
  };
}
