import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { createBatchingPublisher, createEventSerde, createIdempotentProducer, topicNames } from '@conveyor/kafka';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { createLatencyRecorder, type LatencySummary } from '../latencyRecorder';

/** What the ceiling run measured. */
export interface CeilingResult {
  messages: number;
  produced: number;
  consumed: number;
  /** Messages per second, first send to last consumed. */
  throughput: number;
  /** Messages per second acknowledged by the producer (acks=all). */
  produceRate: number;
  /** Send → consumed and decoded, at saturation, in milliseconds. */
  latency: LatencySummary;
  seconds: number;
}

/** A JobSubmitted event exactly as the command API writes it (noop, empty payload). */
function submitted(jobId: string, now: number): JobEvent {
  return {
    type: 'JobSubmitted',
    data: {
      meta: { eventId: randomUUID(), jobId, occurredAt: now, actor: 'bench', traceparent: null, tracestate: null, replay: false, causationId: null },
      type: 'noop', payloadJson: '{"n":1}', priority: 'normal', maxAttempts: 1, timeoutMs: null, runAt: null, concurrencyKey: null,
      backoff: { kind: 'exponential', delayMs: 1000, maxDelayMs: 60_000 }, idempotencyKey: null, scheduleId: null, queue: 'default',
    },
  };
}

/**
 * The ceiling of our own stack: plain kafkajs producing the same Avro JobSubmitted (encoded per message
 * through the registry serde, published with the services' batching idempotent producer, acks=all) and
 * a consumer decoding each one. No HTTP, no handler, no Postgres. Uses a fresh topic (deleted after)
 * and stops at `messages` or `maxMs`, whichever comes first.
 */
export async function runKafkaCeiling(options: { kafka: Kafka; registryUrl: string; messages: number; maxMs: number; inFlight?: number }): Promise<CeilingResult> {
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const topic = topicNames(prefix).jobEvents;
  const admin = options.kafka.admin();
  await admin.connect();
  const producer = createIdempotentProducer(options.kafka);
  const consumer = options.kafka.consumer({ groupId: `${prefix}ceiling`, maxWaitTimeInMs: 20 });
  const serde = createEventSerde({ registryUrl: options.registryUrl, topic, schemas: jobEventSchemas });
  const latency = createLatencyRecorder();
  const sentAt = new Map<string, number>();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
    await serde.registerAll();
    await producer.connect();
    const publisher = createBatchingPublisher({ producer });
    let consumed = 0;
    let lastConsumed = 0;
    let allConsumed: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      allConsumed = resolve;
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const ev = await serde.decode<{ meta: { jobId: string } }>(m.value);
          const t0 = sentAt.get(ev.data.meta.jobId);
          const t = performance.now();
          if (t0 !== undefined) latency.record(t - t0);
          consumed += 1;
          lastConsumed = t;
          if (consumed >= options.messages) allConsumed();
        }
      },
    });
    const start = performance.now();
    const deadline = start + options.maxMs;
    let produced = 0;
    let acked = 0;
    let lastAcked = start;
    const inFlight = new Set<Promise<void>>();
    const limit = options.inFlight ?? 2000;
    while (produced < options.messages && performance.now() < deadline) {
      const jobId = randomUUID();
      const event = submitted(jobId, Date.now());
      const value = await serde.encode(event.type, event.data);
      sentAt.set(jobId, performance.now());
      produced += 1;
      const p = publisher.publish([{ topic, message: jobEventToMessage(event, value) }]).then(() => {
        acked += 1;
        lastAcked = performance.now();
      }).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await Promise.race([done, new Promise((r) => setTimeout(r, Math.max(1000, deadline + 5000 - performance.now())))]);
    const end = lastConsumed || performance.now();
    return {
      messages: options.messages, produced, consumed,
      throughput: consumed / ((end - start) / 1000),
      produceRate: acked / ((lastAcked - start) / 1000),
      latency: latency.summary(),
      seconds: (end - start) / 1000,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([`${prefix}ceiling`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    // The fresh subjects go too, so the registry does not fill with bench leftovers.
    for (const schema of Object.values(jobEventSchemas)) {
      const subject = serde.subjectOf(schema);
      for (const permanent of [false, true]) {
        await fetch(`${options.registryUrl}/subjects/${encodeURIComponent(subject)}${permanent ? '?permanent=true' : ''}`, { method: 'DELETE' }).catch(() => undefined);
      }
    }
  }
}
