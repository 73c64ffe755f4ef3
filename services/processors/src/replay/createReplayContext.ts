import { jobEventSchemas, type JobWorkItem } from '@conveyor/events';
import { createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, kafkaConnection, topicNames, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createPgPool, type Logger, type Pool } from '@conveyor/runtime';
import type { Kafka, Producer } from 'kafkajs';
import { createJobPublisher, createWorkSerdes, type JobPublisher } from '@conveyor/worker/engine';
import type { ReplayConfig } from './config';

/** What every replay uses: Postgres, Kafka, the serdes, and a publisher for re-drives (public). */
export interface ReplayContext {
  config: ReplayConfig;
  logger: Logger;
  pool: Pool;
  kafka: Kafka;
  serde: EventSerde;
  topics: TopicNames;
  /** Connects the producer on first use: only redrive publishes. */
  publisher(): Promise<JobPublisher & { workTopic(item: JobWorkItem): string }>;
  close(): Promise<void>;
}

/**
 * Opens the connections of a replay (public): 1. Postgres (migrated), 2. Kafka and the job-events serde
 * (schemas registered), 3. on demand, the producer of re-drives.
 */
export async function createReplayContext(config: ReplayConfig, logger: Logger, options: { pool?: Pool; kafka?: Kafka } = {}): Promise<ReplayContext> {
  // 1. Postgres.
  const pool = options.pool ?? createPgPool({ url: config.DATABASE_URL, name: 'conveyor-replay', max: 16 });
  await migrate(pool);
  // 2. Kafka and the serde.
  const topics = topicNames(config.TOPIC_PREFIX);
  const kafka = options.kafka ?? createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: 'conveyor-replay', logger });
  const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.jobEvents, schemas: jobEventSchemas });
  await serde.registerAll();
  // 3. The producer, when a redrive needs it.
  let producer: Producer | null = null;
  let publisher: Awaited<ReturnType<ReplayContext['publisher']>> | null = null;
  return {
    config, logger, pool, kafka, serde, topics,
    async publisher() {
      if (publisher) return publisher;
      const workSerdes = createWorkSerdes({ registryUrl: config.SCHEMA_REGISTRY_URL, topicPrefix: config.TOPIC_PREFIX });
      await workSerdes.registerAll();
      producer = createIdempotentProducer(kafka);
      await producer.connect();
      const jobs = createJobPublisher({ publisher: createBatchingPublisher({ producer }), serde, workSerdes, topics });
      publisher = { ...jobs, workTopic: (item) => workSerdes.of(item.queue).topics[item.priority] };
      return publisher;
    },
    async close() {
      await producer?.disconnect();
      if (!options.pool) await pool.end();
    },
  };
}
