import { Kafka, Partitioners, logLevel, type Producer, type KafkaConfig } from 'kafkajs';
import type { Logger } from 'pino';
import { clientRetry } from './consumerDefaults';
import { noDelaySocketFactory } from './noDelaySocketFactory';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose logs go through our pino logger, retrying with capped backoff (`clientRetry`), its
 * sockets with TCP_NODELAY (`noDelaySocketFactory`) (public).
 */
export function createKafka(options: { brokers: string[]; clientId: string; logger: Logger } & Partial<KafkaConfig>): Kafka {
  const { logger, ...config } = options;
  const child = logger.child({ component: 'kafkajs' });
  return new Kafka({
    socketFactory: noDelaySocketFactory,
    ...config,
    logLevel: logLevel.WARN,
    retry: clientRetry,
    logCreator: () => ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      child[levels[level] ?? 'info']({ namespace, ...extra }, message);
    },
  });
}

/**
 * The producer every service publishes with: idempotent (no duplicates on retry) and one request
 * in flight so sequence numbers stay ordered; sends must use acks=-1 (all in-sync replicas).
 * It retries without a count limit, as Kafka's own idempotent producer does (a bounded count can break
 * the sequence guarantees): a caller that must answer in time bounds its wait itself (the command API
 * answers 503 after PUBLISH_TIMEOUT_MS). Keys are partitioned with murmur2, like the Java client.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
  });
}
