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

  it('commits handled offsets on its interval, not per batch, and when it stops: the next member starts after them', async () => {
    const topic = topics.jobEvents;
    const event = (jobId: string): JobSubmitted => ({
      meta: { eventId: randomUUID(), jobId, occurredAt: Date.now(), actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null },
      type: 'noop', payloadJson: '{}', priority: 'normal', maxAttempts: 1, timeoutMs: null, runAt: null,
      concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, idempotencyKey: null, scheduleId: null, queue: 'default', workItemPublished: false,
    });
    const producer = kafka.producer();
    await producer.connect();
    const send = async (jobId: string, partition?: number) => {
      const [meta] = await producer.send({ topic, messages: [{ key: jobId, partition, value: await serde.encode('JobSubmitted', event(jobId)), headers: { 'event-type': 'JobSubmitted' } }] });
      return meta!;
    };
    const committedAt = async (groupId: string, partition: number) => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return committed?.partitions.find((p) => p.partition === partition)?.offset;
    };
    const groupId = uniqueName('runner-interval');
    const seen: string[] = [];
    const member = () => runConsumer<JobEvent>({
      kafka, groupId, logger, metrics: recordingMetrics(), fromBeginning: false,
      sources: [{ topic, serde, eventTypes: jobEventNames }],
      handle: async (batch) => void seen.push(...batch.events.map((e) => e.event.data.meta.jobId)),
      // Longer than the test: only the stop commits.
      commitIntervalMs: 600_000,
    });
    try {
      const first = await member();
      // The member joined from the end, and where that end is gets settled once it owns its partitions: an event
      // sent before is never seen. So events go to one partition until one is seen; every later one is seen too.
      const partition = 0;
      const sent: Array<{ jobId: string; offset: bigint }> = [];
      await waitFor(async () => {
        if (sent.some((s) => seen.includes(s.jobId))) return true;
        const jobId = randomUUID();
        sent.push({ jobId, offset: BigInt((await send(jobId, partition)).baseOffset!) });
        return false;
      }, { timeoutMs: 30_000, intervalMs: 500, what: 'an event handled (sent until the member owns its partition)' });
      const last = sent[sent.length - 1]!;
      await waitFor(() => seen.includes(last.jobId), { timeoutMs: 20_000, what: 'the last event sent handled' });
      const jobA = last.jobId;
      // Handled, yet not committed: the interval has not come.
      expect(await committedAt(groupId, partition)).toBe('-1');
      await first.stop();
      expect(await committedAt(groupId, partition)).toBe(String(last.offset + 1n));

      // A new member resumes after what the first handled (the same partition: the others have no
      // committed offset and start from their end): jobA is not delivered again.
      const jobB = randomUUID();
      await send(jobB, partition);
      const second = await member();
      try {
        await waitFor(() => seen.includes(jobB), { timeoutMs: 20_000, what: 'the second event handled by the next member' });
        expect(seen.filter((id) => id === jobA)).toHaveLength(1);
      } finally {
        await second.stop();
      }
    } finally {
      await producer.disconnect();
    }
  });
});
