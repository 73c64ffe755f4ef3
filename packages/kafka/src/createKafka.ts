import { Kafka, logLevel, type Producer, type KafkaConfig } from 'kafkajs';
import type { Logger } from 'pino';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose logs go through our pino logger (public). */
export function createKafka(options: { brokers: string[]; clientId: string; logger: Logger } & Partial<KafkaConfig>): Kafka {
  const { logger, ...config } = options;
  const child = logger.child({ component: 'kafkajs' });
  return new Kafka({
    ...config,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
    logCreator: () => ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      child[levels[level] ?? 'info']({ namespace, ...extra }, message);
    },
  });
}

/**
 * The producer every service publishes with: idempotent (no duplicates on retry) and one request
 * in flight so sequence numbers stay ordered; sends must use acks=-1 (all in-sync replicas).
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
