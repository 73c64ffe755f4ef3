import type { DeadLetter, JobEvent } from '@conveyor/events';
import { PoisonMessageError, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { recordEventSpans, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { Counter } from 'prom-client';
import type { Kafka } from 'kafkajs';
import { poisonDeadLetter } from '../deadLetters/deadLetterRecords';
import { applyBatch, type BatchMessage } from './applyBatch';
import { projectionNames } from './projections';
import { assertOffsetsWithinLog } from './postgres/assertOffsetsWithinLog';

export interface ProjectorDeps {
  kafka: Kafka;
  pool: Pool;
  serde: EventSerde;
  topics: TopicNames;
  logger: Logger;
  metrics: Metrics;
  /** Consumer group; default `conveyor-projector`. */
  groupId?: string;
  /** Parks undecodable events on the dead-letter topic (before the batch commits); without it they are only logged. */
  publishDeadLetters?: (letters: DeadLetter[]) => Promise<void>;
  /** Postgres schema of the read-model tables and their offsets; default `public` (tests use their own). */
  schema?: string;
  /** Partitions applied at once, each in its own transaction; default 1. */
  partitionsConsumedConcurrently?: number;
}

export interface Projector {
  /** Leaves the consumer group after the batch in progress commits. */
  stop(): Promise<void>;
}

const poisonMetric = 'conveyor_projector_poison_messages_total';

/**
 * Starts the projector: consumes the job events and keeps the Postgres read models (jobs, job_events,
 * job_stats_minute) up to date, one transaction per partition batch, with the offsets stored in the
 * same transaction (see applyBatch). Kafka's committed offset only saves re-reading (public).
 */
export async function startProjector(deps: ProjectorDeps): Promise<Projector> {
  const names = projectionNames();
  const groupId = deps.groupId ?? 'conveyor-projector';
  const topic = deps.topics.jobEvents;
  const logger = deps.logger.child({ component: 'projector', groupId });
  const poison = (deps.metrics.registry.getSingleMetric(poisonMetric) as Counter<'topic' | 'group'> | undefined)
    ?? new Counter({ name: poisonMetric, help: 'Job events the projector could not decode and skipped', labelNames: ['topic', 'group'], registers: [deps.metrics.registry] });

  const decode = async (value: Buffer | null, offset: string, partition: number): Promise<JobEvent | null> => {
    try {
      return (await deps.serde.decode(value)) as unknown as JobEvent;
    } catch (err) {
      if (!(err instanceof PoisonMessageError)) throw err; // the registry is down: retry the batch
      // Dead-lettered with its bytes and origin, then skipped, so the projector never stalls on it.
      await deps.publishDeadLetters?.([poisonDeadLetter({ topic, partition, offset }, value, err, Date.now())]);
      logger.error({ err, topic, partition, offset }, 'poison message dead-lettered and skipped');
      poison.inc({ topic, group: groupId });
      return null;
    }
  };

  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: names, topics: [topic], schema: deps.schema });
  const consumer = deps.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!batch.messages.length || !isRunning() || isStale()) return;
      const startedAt = Date.now();
      const messages: BatchMessage[] = [];
      for (const m of batch.messages) messages.push({ offset: m.offset, event: await decode(m.value, m.offset, batch.partition) });
      const at = { topic: batch.topic, partition: batch.partition };
      const result = await applyBatch(deps.pool, { projections: names, at, messages, schema: deps.schema });
      if (result.unplaced) logger.warn({ ...at, count: result.unplaced }, 'events of unknown jobs: timeline only');
      if (result.notificationsDropped) logger.warn({ ...at, count: result.notificationsDropped }, 'job change notifications too large, not sent');
      recordEventSpans('project', messages.map((m) => m.event), startedAt);
      const last = batch.lastOffset();
      resolveOffset(last);
      deps.metrics.kafkaConsumed.inc({ topic, group: groupId }, batch.messages.length);
      deps.metrics.consumerLag.set({ topic, partition: String(batch.partition), group: groupId }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)));
      deps.metrics.projectorLag.set({ group: groupId, partition: String(batch.partition) }, Math.max(0, Date.now() - Number(batch.messages.at(-1)?.timestamp)) / 1000);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  logger.info({ topic, projections: names }, 'projector started');

  return {
    async stop() {
      await consumer.disconnect();
      logger.info('projector stopped');
    },
  };
}
