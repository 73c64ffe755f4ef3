import { randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import { deadLetterSchemas, jobEventSchemas, jobEventToMessage, type DeadLetter, type JobEvent, type JobSubmitted } from '@conveyor/events';
import {
  applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames,
  type EventSerde, type TopicNames,
} from '@conveyor/kafka';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, testSecretsEnv, uniqueName, uniqueTopicPrefix } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startProcessors, type ProcessorOverrides, type Processors } from '../src/startProcessors';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'job-semantics-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'job-semantics-test', logger });

/** A job event read back from the log, with where it was. */
export interface Seen { type: JobEvent['type']; data: JobEvent['data'] & Record<string, unknown>; offset: string; partition: number; at: number }

/**
 * One isolated platform for a test file: a fresh topic prefix and consumer groups, the processors with
 * the given environment, a producer of job events (and raw bytes), and collectors of job-events and the
 * dead-letter topic (public to the tests of this folder).
 */
export async function createSemanticsHarness(env: Record<string, string> = {}) {
  const prefix = uniqueTopicPrefix();
  const topics: TopicNames = topicNames(prefix);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  const serde: EventSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  const dlSerde: EventSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.deadLetters, schemas: deadLetterSchemas });
  await serde.registerAll();
  await dlSerde.registerAll();
  const producer: Producer = createIdempotentProducer(kafka);
  await producer.connect();
  const pool: Pool = createPgPool({ url: endpoints.databaseUrl, name: 'job-semantics-test' });
  const seen: Seen[] = [];
  const letters: DeadLetter[] = [];
  const collector: Consumer = kafka.consumer({ groupId: uniqueName('collector'), maxWaitTimeInMs: 100 });
  await collector.connect();
  await collector.subscribe({ topics: [topics.jobEvents, topics.deadLetters], fromBeginning: true });
  await collector.run({
    eachMessage: async ({ topic, message, partition }) => {
      if (topic === topics.deadLetters) {
        const { type, data } = await dlSerde.decode<DeadLetter>(message.value);
        if (type === 'DeadLetter') letters.push(data);
        return;
      }
      try {
        const { type, data } = await serde.decode<Seen['data']>(message.value);
        seen.push({ type: type as Seen['type'], data, offset: message.offset, partition, at: Date.now() });
      } catch {
        // the poison messages the tests publish
      }
    },
  });
  const config = loadConfig({
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
    TOPIC_PREFIX: prefix, PROCESSOR_ROLES: 'dispatcher,executor,projector', LOG_LEVEL: 'error', DISPATCHER_TIMER_INTERVAL_MS: '100', ...testSecretsEnv, ...env,
  });
  const running: Processors[] = [];
  /** Publishes job events keyed by job id, or all onto one `partition`. */
  const publish = async (events: JobEvent[], options: { partition?: number } = {}) => {
    const messages = await Promise.all(events.map(async (ev) => ({ ...jobEventToMessage(ev, await serde.encode(ev.type, ev.data)), partition: options.partition })));
    for (let i = 0; i < messages.length; i += 500) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages: messages.slice(i, i + 500) }] });
    }
  };
  const meta = (jobId: string, occurredAt = Date.now()) => ({
    eventId: randomUUID(), jobId, occurredAt, actor: 'job-semantics-test', traceparent: null, tracestate: null, replay: false, causationId: null,
  });
  const submitted = (type: string, payload: unknown, options: Partial<Omit<JobSubmitted, 'meta' | 'type' | 'payloadJson'>> = {}): JobSubmitted => ({
    meta: meta(randomUUID()), type, payloadJson: JSON.stringify(payload), priority: 'normal', maxAttempts: 1,
    timeoutMs: null, runAt: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 },
    idempotencyKey: null, scheduleId: null, queue: 'default', ...options,
  });

  return {
    prefix, topics, seen, letters, pool, config, meta, publish, submitted,
    async start(overrides: Omit<ProcessorOverrides, 'logger' | 'metricsPort'> = {}) {
      const p = await startProcessors(config, { logger, metricsPort: null, ...overrides });
      running.push(p);
      return p;
    },
    /** Publishes one JobSubmitted; returns it. */
    async submit(type: string, payload: unknown, options: Partial<Omit<JobSubmitted, 'meta' | 'type' | 'payloadJson'>> = {}) {
      const data = submitted(type, payload, options);
      await publish([{ type: 'JobSubmitted', data }]);
      return data;
    },
    /** Publishes many JobSubmitted at once, in order; returns their job ids. */
    async submitMany(n: number, type: string, payload: unknown, options: Partial<Omit<JobSubmitted, 'meta' | 'type' | 'payloadJson'>> = {}) {
      const events = Array.from({ length: n }, () => ({ type: 'JobSubmitted' as const, data: submitted(type, payload, options) }));
      await publish(events);
      return events.map((e) => e.data.meta.jobId);
    },
    cancel: (jobId: string) => publish([{ type: 'JobCancelled', data: { meta: meta(jobId), reason: 'test' } }]),
    /** Publishes bytes no serde can decode onto a topic. */
    async publishRaw(topic: string, value: Buffer, key = randomUUID()) {
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    },
    of: (jobId: string, type?: JobEvent['type']) => seen.filter((s) => s.data.meta.jobId === jobId && (!type || s.type === type)),
    async close() {
      for (const p of running) await p.stop();
      await collector.disconnect();
      await producer.disconnect();
      await pool.end();
    },
  };
}

export type SemanticsHarness = Awaited<ReturnType<typeof createSemanticsHarness>>;
