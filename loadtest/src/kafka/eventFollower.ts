import type { Admin, Kafka } from 'kafkajs';
import { withTimeout } from '@conveyor/runtime';
import type { EventSerde } from '@conveyor/kafka';
import { eventTypeHeader, type JobEventName } from '@conveyor/events';

/** A job event as the follower hands it on: enough to match and to time it. */
export interface FollowedEvent {
  type: JobEventName;
  jobId: string;
  /** The event's own time (meta.occurredAt), epoch milliseconds. */
  occurredAt: number;
  /** When this consumer received it, epoch milliseconds. */
  observedAt: number;
}

/** Events worth decoding: the terminal ones and the stage markers. */
const FOLLOWED = new Set<string>(['JobSubmitted', 'JobStarted', 'JobSucceeded', 'JobFailed', 'JobDeadLettered', 'JobCancelled']);

/**
 * Follows `conveyor.job-events` from the end offsets taken *before* the run, with a fresh consumer
 * group (its offsets are set explicitly, so nothing earlier is read and nothing of the run is missed).
 * Resolves once the consumer has joined and is fetching. `stop()` disconnects and deletes the group.
 */
export async function startEventFollower(options: {
  kafka: Kafka;
  admin: Admin;
  serde: EventSerde;
  topic: string;
  groupId: string;
  onEvent: (event: FollowedEvent) => void;
  onPoison?: (err: unknown) => void;
}) {
  const { admin, topic, groupId } = options;
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({ groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
  const consumer = options.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
  let received = 0;
  let decoded = 0;
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      const observedAt = performance.timeOrigin + performance.now();
      for (const m of batch.messages) {
        received += 1;
        const type = m.headers?.[eventTypeHeader]?.toString();
        if (type && !FOLLOWED.has(type)) continue;
        try {
          const ev = await options.serde.decode<{ meta: { jobId: string; occurredAt: number | Date } }>(m.value);
          decoded += 1;
          const occurred = ev.data.meta.occurredAt;
          options.onEvent({
            type: ev.type as JobEventName, jobId: ev.data.meta.jobId,
            occurredAt: occurred instanceof Date ? occurred.getTime() : Number(occurred), observedAt,
          });
        } catch (err) {
          options.onPoison?.(err);
        }
      }
    },
  });
  // Bounded: a consumer that has not joined in 30 s means the broker is unwell; fail the run.
  await withTimeout(joined, 30_000, () => new Error(`consumer group ${groupId} did not join within 30 s`));
  return {
    counts: () => ({ received, decoded }),
    async stop(): Promise<void> {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    },
  };
}

export type EventFollower = Awaited<ReturnType<typeof startEventFollower>>;
