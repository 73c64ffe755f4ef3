import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { jobEventNames, jobEventSchemas, type JobEvent, type JobSubmitted } from '@conveyor/events';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { applyTopicCatalog, createEventSerde, createKafka, resolveCatalog, runConsumer, topicNames, type PoisonMessage } from '../src/index';

const endpoints = stackEndpoints();
const logger = pino({ level: 'silent' });

/** A counter and a gauge that remember what they were given. */
const recordingMetrics = () => {
  const consumed: Array<{ labels: Record<string, string>; n: number }> = [];
  const lag: Array<{ labels: Record<string, string>; value: number }> = [];
  return {
    consumed, lag,
    kafkaConsumed: { inc: (labels: Record<string, string>, n = 1) => void consumed.push({ labels, n }) },
    consumerLag: { set: (labels: Record<string, string>, value: number) => void lag.push({ labels, value }) },
  };
};

describe('runConsumer (real stack)', () => {
  const prefix = uniqueTopicPrefix();
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'runner-int-test', logger });
  const admin = kafka.admin();
  const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });

  beforeAll(async () => {
    await admin.connect();
    await applyTopicCatalog(admin, resolveCatalog({ prefix }));
    await serde.registerAll();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: resolveCatalog({ prefix }).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('dead-letters a poison message with its origin, handles a valid batch once, and moves the offsets past both', async () => {
    const jobId = randomUUID();
    const submitted: JobSubmitted = {
      meta: { eventId: randomUUID(), jobId, occurredAt: Date.now(), actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null },
      type: 'noop', payloadJson: '{}', priority: 'normal', maxAttempts: 1, timeoutMs: null, runAt: null,
      concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, idempotencyKey: null, scheduleId: null, queue: 'default', workItemPublished: false,
    };
    const poisonBytes = Buffer.from('{"not":"avro"}');
    const producer = kafka.producer();
    await producer.connect();
    // One key: both messages land on the same partition, poison first.
    await producer.send({
      topic: topics.jobEvents,
      messages: [
        { key: jobId, value: poisonBytes },
        { key: jobId, value: await serde.encode('JobSubmitted', submitted), headers: { 'event-type': 'JobSubmitted' } },
      ],
    });
    await producer.disconnect();

    const groupId = uniqueName('runner');
    const metrics = recordingMetrics();
    const letters: PoisonMessage[] = [];
    const handled: Array<{ partition: number; offset: string; event: JobEvent }> = [];
    const runner = await runConsumer<JobEvent>({
      kafka, groupId, logger, metrics,
      sources: [{ topic: topics.jobEvents, serde, eventTypes: jobEventNames }],
      deadLetter: async (poison) => void letters.push(...poison),
      handle: async (batch) => {
        // The poison letter is out before the handler runs.
        expect(letters).toHaveLength(1);
        for (const e of batch.events) handled.push({ partition: batch.partition, offset: e.offset, event: e.event });
      },
      partitionsConsumedConcurrently: 6,
    });
    try {
      await waitFor(() => handled.length > 0, { timeoutMs: 20_000, what: 'the valid event handled' });
      const letter = letters[0]!;
      expect(letter).toMatchObject({ topic: topics.jobEvents, offset: '0', value: poisonBytes });
      expect(handled).toEqual([{ partition: letter.partition, offset: '1', event: { type: 'JobSubmitted', data: submitted } }]);
      await waitFor(async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.jobEvents] });
        return committed?.partitions.find((p) => p.partition === letter.partition)?.offset === '2';
      }, { timeoutMs: 20_000, what: 'the committed offset past both messages' });
      expect(metrics.consumed).toContainEqual({ labels: { topic: topics.jobEvents, group: `${groupId}:poison` }, n: 1 });
      expect(metrics.consumed).toContainEqual({ labels: { topic: topics.jobEvents, group: groupId }, n: 2 });
      expect(metrics.lag).toContainEqual({ labels: { topic: topics.jobEvents, partition: String(letter.partition), group: groupId }, value: 0 });
    } finally {
      await runner.stop();
    }
    expect(handled).toHaveLength(1);
  });
});
