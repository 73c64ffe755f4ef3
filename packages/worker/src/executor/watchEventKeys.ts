import type { Kafka } from 'kafkajs';
import { eventTypeHeader } from '@conveyor/events';
import { consumerDefaults, sparseFetch } from '@conveyor/kafka';
import type { Logger } from '@conveyor/runtime';

/** How long a watch from the beginning waits to have read what the topic held at start, in milliseconds. */
const catchUpLimitMs = 15_000;

export interface KeyWatchOptions {
  kafka: Kafka;
  topic: string;
  /** A group of this process alone (every worker must see every event); deleted at stop. */
  groupId: string;
  /** The event types watched (the `event-type` header); the others are passed over unread. */
  eventTypes: readonly string[];
  /** From the topic's start (a state folded from the whole log), else from its end. */
  fromBeginning: boolean;
  /**
   * The watched types are a small share of a busy topic (JobCancelled among the job events): its fetches wait
   * for 64 KiB or 250 ms (`sparseFetch`) instead of waking on every append. Default false (1 s long polls).
   */
  sparse?: boolean;
  logger: Logger;
  onEvent: (type: string, key: string) => void;
}

/**
 * Watches a topic for some event types with a consumer group of its own, reading only the `event-type`
 * header and the key, so nothing is decoded. Resolves once the group owns its partitions and, from the
 * beginning, once the events present at start were all seen: what is folded from them holds from then on.
 */
export async function watchEventKeys(options: KeyWatchOptions): Promise<{ stop(): Promise<void> }> {
  const types = new Set(options.eventTypes);
  // The runner's resilient settings (capped backoff, restart on any retriable crash, 6 s session): issue 14.
  const consumer = options.kafka.consumer({ ...consumerDefaults, groupId: options.groupId, allowAutoTopicCreation: false, ...(options.sparse ? sparseFetch : { maxWaitTimeInMs: 1000 }) });
  const admin = options.kafka.admin();
  await admin.connect();
  // What was in the topic at start: the watch is caught up once it has read that far.
  const ends = options.fromBeginning ? await admin.fetchTopicOffsets(options.topic) : [];
  const behind = new Map(ends.filter((e) => Number(e.high) > 0).map((e) => [e.partition, Number(e.high)]));
  let caughtUp: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (caughtUp = resolve));
  const progressed = (partition: number, offset: number) => {
    if ((behind.get(partition) ?? 0) <= offset + 1) behind.delete(partition);
    if (!behind.size) caughtUp();
  };
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: options.fromBeginning });
  // Resolves once the group owns its partitions: events after this point are seen.
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    // The group is this process's alone and starts anew with it: nothing reads its offsets, none is committed.
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const type = message.headers?.[eventTypeHeader]?.toString();
      if (type && types.has(type) && message.key) options.onEvent(type, message.key.toString());
      progressed(partition, Number(message.offset));
    },
  });
  await joined;
  if (!behind.size) caughtUp();
  // A log ending in control records (transaction markers) never delivers its last offset: bounded wait.
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([ready.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), catchUpLimitMs)))]);
  clearTimeout(timer);
  if (late) options.logger.warn({ topic: options.topic, behind: Object.fromEntries(behind) }, 'not caught up with the log in time; going on');
  return {
    async stop(): Promise<void> {
      await consumer.disconnect();
      // The group is this process's alone; leave nothing behind.
      await admin.deleteGroups([options.groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
