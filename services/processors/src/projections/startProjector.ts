import { jobEventNames, type DeadLetter, type JobEvent } from '@conveyor/events';
import { runConsumer, type ConsumerRunnerHealth, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { recordEventSpans, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { Counter } from 'prom-client';
import type { Kafka } from 'kafkajs';
import { publishPoison } from '@conveyor/worker/engine';
import { applyBatch } from './applyBatch';
import { projectionRegistry } from './projections';
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
  /** The consumer's group membership, for readiness. */
  health(): ConsumerRunnerHealth;
}

const poisonMetric = 'conveyor_projector_poison_messages_total';

/**
 * Starts the projector: consumes the job events and keeps the Postgres read models (jobs, job_events,
 * job_stats_minute) up to date, one transaction per partition batch, with the offsets stored in the
 * same transaction (see applyBatch). Kafka's committed offset only saves re-reading (public).
 */
export async function startProjector(deps: ProjectorDeps): Promise<Projector> {
  const projections = projectionRegistry.jobEvents;
  const names = projections.map((p) => p.name);
  const groupId = deps.groupId ?? 'conveyor-projector';
  const topic = deps.topics.jobEvents;
  const logger = deps.logger.child({ component: 'projector', groupId });
  const poison = (deps.metrics.registry.getSingleMetric(poisonMetric) as Counter<'topic' | 'group'> | undefined)
    ?? new Counter({ name: poisonMetric, help: 'Job events the projector could not decode and skipped', labelNames: ['topic', 'group'], registers: [deps.metrics.registry] });

  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: names, topics: [topic], schema: deps.schema });
  const consumer = await runConsumer<JobEvent>({
    kafka: deps.kafka, groupId, logger, metrics: { ...deps.metrics, poisonMessages: poison },
    sources: [{ topic, serde: deps.serde, eventTypes: jobEventNames.filter((t) => projections.some((p) => p.handles(t))) }],
    // Dead-lettered with its bytes and origin, then skipped, so the projector never stalls on it.
    deadLetter: deps.publishDeadLetters && publishPoison(deps.publishDeadLetters),
    partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 1,
    handle: async (batch) => {
      const startedAt = Date.now();
      const at = { topic: batch.topic, partition: batch.partition };
      const result = await applyBatch(deps.pool, { projections, at, messages: batch.records, schema: deps.schema });
      if (result.unplaced) logger.warn({ ...at, count: result.unplaced }, 'events of unknown jobs: timeline only');
      if (result.notificationsDropped) logger.warn({ ...at, count: result.notificationsDropped }, 'job change notifications too large, not sent');
      recordEventSpans('project', batch.events.map((e) => e.event), startedAt);
      deps.metrics.projectorLag.set({ group: groupId, partition: String(batch.partition) }, Math.max(0, Date.now() - batch.lastTimestamp) / 1000);
    },
  });
  logger.info({ topic, projections: names }, 'projector started');

  return {
    /** The consumer's group membership, for readiness. */
    health: () => consumer.health(),
    async stop() {
      await consumer.stop();
      logger.info('projector stopped');
    },
  };
}
